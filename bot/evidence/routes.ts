// Evidence over HTTP for everyone but the merchant (whose routes are in bot/merchant/api.ts):
// the consumer uploads to, lists and downloads from their own case; the ombudsman downloads from a
// case sent to them; an agent follows a signed link from the Slack card (bot/evidence/links.ts).
// Another consumer's case answers exactly as a missing one. docs/evidence.md.
import express, { type Express, type Request, type Response } from 'express';
import { findCaseByRef, type CaseSignal, type Db, type StoredCase } from '../../db/index.ts';
import {
  addEvidence,
  caseEvidence,
  databaseEvidenceStore,
  findCaseEvidence,
  findEvidence,
  type EvidenceRow,
  type EvidenceStore,
} from '../../db/evidence.ts';
import { CodedError } from '../errors.ts';
import { requestedDossier } from '../ombudsman/desk.ts';
import { requireOmbudsman } from '../ombudsman/desk-auth.ts';
import { clientKey, RateLimiter, takeOrRefuse } from '../web/rate-limit.ts';
import { bearerToken, verifySession, type SessionSecrets } from '../web/session.ts';
import { checkEvidenceLink } from './links.ts';
import {
  EVIDENCE_CSP,
  EVIDENCE_ID,
  evidenceView,
  EXTENSIONS,
  limitReached,
  newEvidenceId,
  receiveEvidence,
} from './upload.ts';

export interface EvidenceRouteDeps {
  db: Db;
  /** The case signal: a new file redraws the case's Slack cards. */
  signal?: CaseSignal;
  secrets: SessionSecrets;
  store?: EvidenceStore;
  /** The ombudsman's desk (OMBUDSMAN_TOKEN); without it the ombudsman's route refuses. */
  ombudsman?: { token: string; id: string };
  now?: () => Date;
}

/** Uploads per client address (a household or an office behind one address), checked first. */
export const EVIDENCE_UPLOADS_PER_ADDRESS = { burst: 60, refillPerSecond: 1 } as const;
/** Uploads per consumer: a case's ten files and a retry in a row, then one every five seconds. */
export const EVIDENCE_UPLOADS_PER_CONSUMER = { burst: 12, refillPerSecond: 0.2 } as const;
/** Downloads per client address. */
export const EVIDENCE_DOWNLOADS_PER_ADDRESS = { burst: 60, refillPerSecond: 2 } as const;

const REF = /^[A-Za-z0-9-]{1,64}$/;

/** Sends one file as a download: never rendered by the browser, sandboxed if it were. */
export async function sendEvidence(res: Response, db: Db, store: EvidenceStore, row: EvidenceRow): Promise<void> {
  const content = await store.get(db, row.id);
  if (!content) throw new CodedError('evidence_not_found', 'That file is no longer kept.');
  res.setHeader('content-security-policy', EVIDENCE_CSP);
  res.setHeader('content-disposition', `attachment; filename="${row.id}.${EXTENSIONS[row.mediaType]}"`);
  res.setHeader('cache-control', 'private, no-store');
  res.setHeader('x-content-type-options', 'nosniff');
  res.type(row.mediaType);
  res.send(content);
}

/** A file as listed to those who may download it. */
export function evidenceListItem(row: EvidenceRow) {
  return { ...evidenceView(row), from: row.uploadedBy, uploadedAt: row.uploadedAt.toISOString() };
}

export function mountEvidenceRoutes(app: Express, deps: EvidenceRouteDeps): void {
  const now = deps.now ?? (() => new Date());
  const store = deps.store ?? databaseEvidenceStore;
  const uploads = new RateLimiter(EVIDENCE_UPLOADS_PER_ADDRESS);
  const consumerUploads = new RateLimiter(EVIDENCE_UPLOADS_PER_CONSUMER);
  const downloads = new RateLimiter(EVIDENCE_DOWNLOADS_PER_ADDRESS);
  const router = express.Router();

  function consumer(req: Request): string {
    const check = verifySession(deps.secrets, bearerToken(req.get('authorization')), now());
    if (!check.ok) throw new CodedError(check.code, check.message);
    return check.user;
  }

  async function ownCase(user: string, ref: string): Promise<StoredCase> {
    const stored = REF.test(ref) ? await findCaseByRef(deps.db, ref.toUpperCase()) : undefined;
    if (!stored || stored.case.consumerId !== user)
      throw new CodedError('case_not_found', `You have no case ${ref.slice(0, 64)}.`);
    return stored;
  }

  router.post('/api/cases/:ref/evidence', async (req, res) => {
    takeOrRefuse(uploads, clientKey(req), now(), res, 'Too many uploads from here; try again shortly.');
    let user: string;
    let stored: StoredCase;
    try {
      user = consumer(req);
      takeOrRefuse(consumerUploads, `consumer:${user}`, now(), res, 'Too many uploads in a row; try again shortly.');
      stored = await ownCase(user, String(req.params.ref));
    } catch (error) {
      // Refused before reading the file: the body is dropped as it comes.
      req.resume();
      throw error;
    }
    if (stored.case.status === 'resolved') {
      req.resume();
      throw new CodedError('case_closed', `Case ${stored.case.ref} is closed; it takes no more files.`);
    }
    const file = await receiveEvidence(req);
    const added = await addEvidence(
      deps.db,
      store,
      {
        id: newEvidenceId(),
        caseId: stored.id,
        uploadedBy: 'consumer',
        mediaType: file.mediaType,
        sha256: file.sha256,
        content: file.content,
        at: now(),
      },
      deps.signal,
    );
    if (!added.ok) throw limitReached();
    req.log.info(
      {
        caseRef: stored.case.ref,
        evidenceId: added.evidence.id,
        type: added.evidence.mediaType,
        bytes: added.evidence.bytes,
      },
      'consumer uploaded evidence',
    );
    res.status(201).json(evidenceView(added.evidence));
  });

  router.get('/api/cases/:ref/evidence', async (req, res) => {
    const stored = await ownCase(consumer(req), String(req.params.ref));
    res.json({ evidence: (await caseEvidence(deps.db, stored.id)).map(evidenceListItem) });
  });

  router.get('/api/cases/:ref/evidence/:id', async (req, res) => {
    takeOrRefuse(downloads, clientKey(req), now(), res, 'Too many downloads from here; try again shortly.');
    const stored = await ownCase(consumer(req), String(req.params.ref));
    const id = String(req.params.id);
    const row = EVIDENCE_ID.test(id) ? await findCaseEvidence(deps.db, stored.id, id) : undefined;
    if (!row) throw new CodedError('evidence_not_found', `Case ${stored.case.ref} has no file ${id.slice(0, 64)}.`);
    await sendEvidence(res, deps.db, store, row);
  });

  // The ombudsman: any file of a case sent to them (the dossier lists the case's files).
  router.get('/api/ombudsman/cases/:ref/evidence/:id', requireOmbudsman(deps.ombudsman, deps.db), async (req, res) => {
    const dossier = await requestedDossier(deps.db, String(req.params.ref));
    const stored = await findCaseByRef(deps.db, dossier.case.ref);
    const id = String(req.params.id);
    const row = stored && EVIDENCE_ID.test(id) ? await findCaseEvidence(deps.db, stored.id, id) : undefined;
    if (!row) throw new CodedError('evidence_not_found', `Case ${dossier.case.ref} has no file ${id.slice(0, 64)}.`);
    await sendEvidence(res, deps.db, store, row);
  });

  router.get('/api/ombudsman/cases/:ref/evidence', requireOmbudsman(deps.ombudsman, deps.db), async (req, res) => {
    const dossier = await requestedDossier(deps.db, String(req.params.ref));
    const stored = await findCaseByRef(deps.db, dossier.case.ref);
    res.json({ evidence: stored ? (await caseEvidence(deps.db, stored.id)).map(evidenceListItem) : [] });
  });

  // An agent's signed link from the Slack card: the link is the proof, for 15 minutes at most.
  router.get('/api/evidence/:id', async (req, res) => {
    takeOrRefuse(downloads, clientKey(req), now(), res, 'Too many downloads from here; try again shortly.');
    const id = String(req.params.id);
    const check = EVIDENCE_ID.test(id)
      ? checkEvidenceLink(deps.secrets, id, req.query.expires, req.query.sig, now())
      : ({ ok: false, code: 'evidence_link_invalid' } as const);
    if (!check.ok) {
      throw new CodedError(
        check.code,
        check.code === 'evidence_link_expired'
          ? 'This link has expired; open the case card in Slack again for a fresh one.'
          : 'This link is not valid; open the file from the case card in Slack.',
      );
    }
    const row = await findEvidence(deps.db, id);
    if (!row) throw new CodedError('evidence_not_found', 'That file is no longer kept.');
    await sendEvidence(res, deps.db, store, row);
  });

  app.use(router);
}
