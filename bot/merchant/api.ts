// The merchant's API (issue 17, docs/merchants.md): a registered merchant reads its own disputes
// and answers one, with `Authorization: Bearer <merchant API key>`. A merchant sees only disputes
// linked to it: another merchant's reference answers exactly as a missing one. The answer goes
// through routing like an agent's: a settlement is the merchant's claim, put to the consumer to
// confirm in the chat (docs/ladder.md); a contest is the merchant's response, kept on the case
// (masked) for investigation, and its window runs on. Refusals use the one error body of
// docs/architecture.md; routing's refusals keep routing's codes.
import express, { type Express, type Request, type Response } from 'express';
import { z } from 'zod';
import { findMerchantDisputeCase, merchantDisputeCases } from '../../db/merchant-disputes.ts';
import {
  addEvidence,
  caseEvidence,
  databaseEvidenceStore,
  findCaseEvidence,
  notMerchantUploads,
  type EvidenceStore,
} from '../../db/evidence.ts';
import { evidenceListItem, sendEvidence } from '../evidence/routes.ts';
import { EVIDENCE_ID, evidenceView, limitReached, newEvidenceId, receiveEvidence } from '../evidence/upload.ts';
import { merchantIdForApiKey, runCaseCommand, type DecisionContext, type StoredCase } from '../../db/index.ts';
import { redact } from '../../intents/redact.ts';
import {
  CurrencyCode,
  hasOpenDispute,
  MERCHANT_DISPUTE_STATUSES,
  merchantDisputeStatus,
  merchantDisputeView,
  OPEN_MERCHANT_DISPUTE_STATUSES,
  pendingSettlementClaim,
  type Case,
  type Command,
} from '../../routing/index.ts';
import { CodedError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { clientKey, RateLimiter, takeOrRefuse } from '../web/rate-limit.ts';
import { bearerToken } from '../web/session.ts';
import { merchantPageRoutes } from './page.ts';

export interface MerchantApiDeps {
  context: DecisionContext;
  log?: Logger;
  /** Where evidence bytes are kept; the database by default (db/evidence.ts). */
  evidenceStore?: EvidenceStore;
  now?: () => Date;
}

/** Requests per client address, checked before the key: a guesser gets few tries a second. */
export const MERCHANT_REQUESTS_PER_ADDRESS = { burst: 60, refillPerSecond: 2 } as const;
/** Answers per merchant: an integration's retry loop cannot flood the cases. */
export const MERCHANT_ANSWERS_PER_MERCHANT = { burst: 60, refillPerSecond: 1 } as const;

const STATUS_FILTERS = [...MERCHANT_DISPUTE_STATUSES, 'open', 'closed'] as const;
const StatusFilter = z.enum(STATUS_FILTERS);

/** A note or statement as kept: trimmed, no control characters but line breaks and tabs, no half of a surrogate pair (jsonb refuses one). */
const words = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((text) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text), {
      message: 'must not contain control characters',
    })
    .refine((text) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text), {
      message: 'must be well-formed Unicode',
    });

/** The merchant's answer: a settlement it made with the consumer, or its contest of the dispute. */
export const MerchantResponse = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('settle'),
      /** What the merchant refunded, in minor units of `currency`. */
      refundAmount: z.number().int().nonnegative().max(1e12),
      currency: CurrencyCode,
      note: words(2_000).optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('contest'),
      statement: words(10_000),
      /** Ids of the merchant's own uploads to this dispute (POST .../evidence); others are refused. */
      evidence: z
        .array(
          z
            .string()
            .regex(
              /^[A-Za-z0-9._-]{1,100}$/,
              'an evidence id is 1 to 100 letters, digits, dots, dashes or underscores',
            ),
        )
        .max(10)
        .optional(),
    })
    .strict(),
]);
export type MerchantResponse = z.infer<typeof MerchantResponse>;

/** A dispute in the merchant's API: the webhooks' view, and when it opened, and the merchant's pending claim. */
export function merchantApiDispute(kase: Case) {
  const claim = pendingSettlementClaim(kase);
  return {
    ...merchantDisputeView(kase),
    openedAt: kase.dispute?.openedAt.toISOString() ?? null,
    settlement: claim
      ? {
          status: claim.status,
          refundAmount: claim.amountMinor,
          currency: claim.currency,
          consumerAnswersBy: claim.confirmBy.toISOString(),
        }
      : null,
  };
}

const REF = /^[A-Za-z0-9-]{1,64}$/;

export function mountMerchantApi(app: Express, deps: MerchantApiDeps): void {
  const now = deps.now ?? (() => new Date());
  const perAddress = new RateLimiter(MERCHANT_REQUESTS_PER_ADDRESS);
  const answers = new RateLimiter(MERCHANT_ANSWERS_PER_MERCHANT);
  const router = express.Router();
  const db = deps.context.db;

  /** The merchant the request's key belongs to; a missing, wrong, unknown or revoked key is one 401. */
  async function merchantOf(req: Request, res: Response): Promise<number> {
    takeOrRefuse(perAddress, clientKey(req), now(), res, 'Too many requests from here; try again shortly.');
    const key = bearerToken(req.get('authorization'));
    const merchantId = key === undefined ? undefined : await merchantIdForApiKey(db, key);
    if (merchantId === undefined) {
      res.setHeader('www-authenticate', 'Bearer realm="merchant"');
      throw new CodedError(
        'merchant_key_invalid',
        "Send the merchant's API key as Authorization: Bearer <key>; this one is missing, unknown or revoked.",
      );
    }
    return merchantId;
  }

  /** The merchant's own dispute `ref`; a missing one and another merchant's answer alike. */
  async function ownDispute(merchantId: number, ref: string): Promise<StoredCase> {
    const stored = REF.test(ref) ? await findMerchantDisputeCase(db, merchantId, ref.toUpperCase()) : undefined;
    if (!stored) throw new CodedError('dispute_not_found', `You have no dispute ${ref.slice(0, 64)}.`);
    return stored;
  }

  router.get('/api/merchant/disputes', async (req, res) => {
    const merchantId = await merchantOf(req, res);
    const status = req.query.status === undefined ? undefined : StatusFilter.safeParse(req.query.status);
    if (status && !status.success) {
      throw new CodedError('invalid_request', `status must be one of ${STATUS_FILTERS.join(', ')}.`);
    }
    const wanted = status?.data;
    const disputes = (await merchantDisputeCases(db, merchantId))
      .map((stored) => merchantApiDispute(stored.case))
      .filter((view) => {
        if (wanted === undefined) return true;
        if (wanted === 'open') return OPEN_MERCHANT_DISPUTE_STATUSES.includes(view.status);
        if (wanted === 'closed') return !OPEN_MERCHANT_DISPUTE_STATUSES.includes(view.status);
        return view.status === wanted;
      });
    res.json({ disputes });
  });

  router.get('/api/merchant/disputes/:ref', async (req, res) => {
    const merchantId = await merchantOf(req, res);
    const stored = await ownDispute(merchantId, String(req.params.ref));
    res.json({ dispute: merchantApiDispute(stored.case) });
  });

  router.post('/api/merchant/disputes/:ref/response', async (req, res) => {
    const merchantId = await merchantOf(req, res);
    takeOrRefuse(
      answers,
      `merchant:${merchantId}`,
      now(),
      res,
      'Too many answers from this merchant; try again shortly.',
    );
    const stored = await ownDispute(merchantId, String(req.params.ref));
    const parsed = MerchantResponse.safeParse(req.body);
    if (!parsed.success)
      throw new CodedError('invalid_request', `The response is not valid: ${z.prettifyError(parsed.error)}`);
    const answer = parsed.data;
    const disputed = stored.case.dispute;
    // A closed dispute says so, whatever the case went on to (routing would call a resolved
    // case's answer an illegal move).
    if (!hasOpenDispute(stored.case)) {
      throw new CodedError(
        'no_open_dispute',
        `Dispute ${stored.case.ref} is closed (${merchantDisputeStatus(stored.case)}); it takes no more answers.`,
      );
    }
    if (answer.action === 'contest' && answer.evidence?.length) {
      const unknown = await notMerchantUploads(db, stored.id, merchantId, answer.evidence);
      if (unknown.length > 0) {
        throw new CodedError(
          'evidence_unknown',
          `Not your uploads to dispute ${stored.case.ref}: ${unknown.slice(0, 10).join(', ')}. Upload each file to POST /api/merchant/disputes/${stored.case.ref}/evidence first and give the ids it answers.`,
        );
      }
    }
    if (answer.action === 'settle' && disputed?.currency && disputed.currency !== answer.currency) {
      throw new CodedError(
        'currency_mismatch',
        `The dispute is in ${disputed.currency}; give the refund in that currency.`,
      );
    }
    const actor = { kind: 'merchant', id: String(merchantId) } as const;
    // The merchant's words are kept masked: a statement may quote the consumer's details.
    const command: Command =
      answer.action === 'settle'
        ? {
            type: 'merchant_settlement_claimed',
            actor,
            amountMinor: answer.refundAmount,
            currency: answer.currency,
            ...(answer.note ? { terms: redact(answer.note) } : {}),
          }
        : {
            type: 'merchant_responded',
            actor,
            summary: redact(answer.statement),
            ...(answer.evidence?.length ? { evidence: answer.evidence } : {}),
          };
    const result = await runCaseCommand(deps.context, stored.case.ref, command, now());
    if (!result.ok) {
      throw CodedError.from(result.error);
    }
    req.log.info({ merchantId, caseRef: stored.case.ref, action: answer.action }, 'merchant answered a dispute');
    res.json({ dispute: merchantApiDispute(result.stored.case) });
  });

  // Evidence (docs/evidence.md): the merchant uploads files for its answer, one per request, and
  // reads the dispute's files, the consumer's included.
  const store = deps.evidenceStore ?? databaseEvidenceStore;
  router.post('/api/merchant/disputes/:ref/evidence', async (req, res) => {
    let merchantId: number;
    let stored: StoredCase;
    try {
      merchantId = await merchantOf(req, res);
      takeOrRefuse(
        answers,
        `merchant:${merchantId}`,
        now(),
        res,
        'Too many uploads from this merchant; try again shortly.',
      );
      stored = await ownDispute(merchantId, String(req.params.ref));
      if (!hasOpenDispute(stored.case)) {
        throw new CodedError(
          'case_closed',
          `Dispute ${stored.case.ref} is closed (${merchantDisputeStatus(stored.case)}); it takes no more files.`,
        );
      }
    } catch (error) {
      // Refused before reading the file: the body is dropped as it comes.
      req.resume();
      throw error;
    }
    const file = await receiveEvidence(req);
    const added = await addEvidence(
      db,
      store,
      {
        id: newEvidenceId(),
        caseId: stored.id,
        uploadedBy: 'merchant',
        merchantId,
        mediaType: file.mediaType,
        sha256: file.sha256,
        content: file.content,
        at: now(),
      },
      deps.context.signal,
    );
    if (!added.ok) throw limitReached();
    req.log.info(
      {
        merchantId,
        caseRef: stored.case.ref,
        evidenceId: added.evidence.id,
        type: added.evidence.mediaType,
        bytes: added.evidence.bytes,
      },
      'merchant uploaded evidence',
    );
    res.status(201).json(evidenceView(added.evidence));
  });

  router.get('/api/merchant/disputes/:ref/evidence', async (req, res) => {
    const merchantId = await merchantOf(req, res);
    const stored = await ownDispute(merchantId, String(req.params.ref));
    res.json({ evidence: (await caseEvidence(db, stored.id)).map(evidenceListItem) });
  });

  router.get('/api/merchant/disputes/:ref/evidence/:id', async (req, res) => {
    const merchantId = await merchantOf(req, res);
    const stored = await ownDispute(merchantId, String(req.params.ref));
    const id = String(req.params.id);
    const row = EVIDENCE_ID.test(id) ? await findCaseEvidence(db, stored.id, id) : undefined;
    if (!row) throw new CodedError('evidence_not_found', `Dispute ${stored.case.ref} has no file ${id.slice(0, 64)}.`);
    await sendEvidence(res, db, store, row);
  });

  app.use(router);
  app.use(merchantPageRoutes());
}
