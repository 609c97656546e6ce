// The ombudsman's desk: the queue of requests, and each case's dossier as JSON
// (`GET /api/ombudsman/cases/:ref/dossier`) and as a page (`GET /ombudsman/cases/:ref`). Only
// cases sent to the ombudsman have a dossier here; any other reference is "not found".
import express, { type Request, type Router } from 'express';
import {
  listCases,
  loadDossier,
  lowerTierActs,
  ombudsmanAccessOf,
  recordOmbudsmanAccess,
  type Db,
  type Dossier,
  type OmbudsmanIdentity,
} from '../../db/index.ts';
import { deskOpen, requireOmbudsman, type LegacyDesk } from './desk-auth.ts';
import { renderDossierPage, renderSignInPage } from './dossier-html.ts';
import { pageHeaders } from './html.ts';
import { CodedError } from '../errors.ts';

const REF = /^[A-Za-z0-9-]{1,64}$/;

/** What the dossier says about the one reading it: whether they may decide the case. */
export interface DossierViewer {
  ombudsmanId: string;
  name: string | null;
  /** False when they acted on the case in a lower tier: another ombudsman decides it. */
  mayDecide: boolean;
  /** What they did on the case before it reached the ombudsman (empty when independent). */
  actedAs: { what: string; actor: string; at: Date }[];
}

/**
 * The dossier of a case sent to the ombudsman, for `who`; the view is recorded first (with who
 * and when), so the dossier's own access list shows it. Without `who` nothing is recorded (a
 * caller that only needs to know the case is at the ombudsman).
 */
export async function requestedDossier(db: Db, rawRef: string): Promise<Dossier>;
export async function requestedDossier(
  db: Db,
  rawRef: string,
  who: OmbudsmanIdentity,
  at: Date,
): Promise<Dossier & { viewer: DossierViewer }>;
export async function requestedDossier(
  db: Db,
  rawRef: string,
  who?: OmbudsmanIdentity,
  at?: Date,
): Promise<Dossier & { viewer?: DossierViewer }> {
  const ref = rawRef.toUpperCase();
  const first = REF.test(ref) ? await loadDossier(db, ref) : undefined;
  if (!first || !first.request) {
    throw new CodedError('case_not_found', `No case ${rawRef} has been sent to the customer ombudsman.`);
  }
  if (!who) return first;
  const caseId = first.request.caseId;
  await recordOmbudsmanAccess(db, { caseId, ombudsmanId: who.id, action: 'viewed', at: at ?? new Date() });
  const dossier = { ...first, access: await ombudsmanAccessOf(db, caseId) };
  const actedAs = await lowerTierActs(db, caseId, who);
  return { ...dossier, viewer: { ombudsmanId: who.id, name: who.name, mayDecide: actedAs.length === 0, actedAs } };
}

export function deskRoutes(deps: { db: Db; legacy?: LegacyDesk; now: () => Date }): Router {
  const router = express.Router();
  const only = requireOmbudsman(deps.legacy, deps.db);

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
    res.json(await requestedDossier(deps.db, String(req.params.ref), req.ombudsman!, deps.now()));
  });

  router.get(
    '/ombudsman/cases/:ref',
    async (req: Request, res, next) => {
      pageHeaders(res, { private: true });
      // A browser's plain visit carries no token: the sign-in page asks for it, then fetches this
      // same address with the header (desk.js).
      if (req.get('authorization') === undefined && (await deskOpen(deps.db, deps.legacy))) {
        res.type('html').send(renderSignInPage());
        return;
      }
      next();
    },
    only,
    async (req, res) => {
      const dossier = await requestedDossier(deps.db, String(req.params.ref), req.ombudsman!, deps.now());
      res.type('html').send(
        renderDossierPage(dossier, {
          decisionForm: dossier.case.status !== 'resolved' && dossier.viewer.mayDecide,
          viewer: dossier.viewer,
        }),
      );
    },
  );

  return router;
}
