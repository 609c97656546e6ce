// The ombudsman's desk: the queue of requests, and each case's dossier as JSON
// (`GET /api/ombudsman/cases/:ref/dossier`) and as a page (`GET /ombudsman/cases/:ref`). Only
// cases sent to the ombudsman have a dossier here; any other reference is "not found".
import express, { type Request, type Router } from 'express';
import { listCases, loadDossier, type Db, type Dossier } from '../../db/index.ts';
import { requireOmbudsman } from './desk-auth.ts';
import { renderDossierPage, renderSignInPage } from './dossier-html.ts';
import { pageHeaders } from './html.ts';
import { OmbudsmanHttpError } from './http-errors.ts';

const REF = /^[A-Za-z0-9-]{1,64}$/;

export async function requestedDossier(db: Db, rawRef: string): Promise<Dossier> {
  const ref = rawRef.toUpperCase();
  const dossier = REF.test(ref) ? await loadDossier(db, ref) : undefined;
  if (!dossier || !dossier.request) {
    throw new OmbudsmanHttpError('case_not_found', `No case ${rawRef} has been sent to the customer ombudsman.`, 'not_found');
  }
  return dossier;
}

export function deskRoutes(deps: { db: Db; desk?: { token: string; id: string } }): Router {
  const router = express.Router();
  const only = requireOmbudsman(deps.desk);

  router.get('/api/ombudsman/cases', only, async (_req, res) => {
    const stored = await listCases(deps.db, { tier: 'ombudsman', limit: 500 });
    res.json({
      cases: stored.map(({ case: c }) => ({
        ref: c.ref,
        intent: c.intent,
        status: c.status,
        fromTier: c.ombudsmanFromTier,
        requestedAt: c.ombudsmanRequestedAt,
        decision: c.ombudsmanDecision,
      })),
    });
  });

  router.get('/api/ombudsman/cases/:ref/dossier', only, async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(await requestedDossier(deps.db, String(req.params.ref)));
  });

  router.get('/ombudsman/cases/:ref', async (req: Request, res, next) => {
    pageHeaders(res, { private: true });
    // A browser's plain visit carries no token: the sign-in page asks for it, then fetches this
    // same address with the header (desk.js).
    if (req.get('authorization') === undefined && deps.desk) {
      res.type('html').send(renderSignInPage());
      return;
    }
    next();
  }, only, async (req, res) => {
    const dossier = await requestedDossier(deps.db, String(req.params.ref));
    res.type('html').send(renderDossierPage(dossier, { decisionForm: dossier.case.status !== 'resolved' }));
  });

  return router;
}
