// The consumer's side: `POST /api/ombudsman/requests` (the written request, JSON) and
// `POST /api/ombudsman/codes` (a one-time code to the case's contact e-mail, when SMTP is set).
//
// Proof that the case is the consumer's: their chat session (`Authorization: Bearer <token>`,
// the token the widget keeps), or a one-time code in the body. A case of another consumer
// answers 404 like a case that does not exist, so references cannot be probed.
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { redact } from '../../intents/redact.ts';
import { fileOmbudsmanRequest, issueOmbudsmanCode, CODE_TTL_MS, type DecisionContext } from '../../db/index.ts';
import type { Logger } from '../log.ts';
import { RateLimiter } from '../web/rate-limit.ts';
import { bearerToken, verifySession, type SessionSecrets } from '../web/session.ts';
import { ot } from './catalogue.ts';
import { OmbudsmanHttpError, refused } from './http-errors.ts';
import type { Mailer } from './mailer.ts';

/** PostgreSQL text cannot hold U+0000: refused here, not failed in the database (a 500 before). */
export const noNul = (value: string): boolean => !value.includes('\u0000');

const caseRef = z
  .string({ message: 'caseRef is required: the case reference, e.g. OMB-7K2M9QXA.' })
  .trim()
  .regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'caseRef must be a case reference such as OMB-7K2M9QXA.' })
  .transform((value) => value.toUpperCase());

export const OmbudsmanRequestBody = z
  .object({
    caseRef,
    statement: z
      .string({ message: 'statement is required: your own account of what happened.' })
      .trim()
      .min(1, { message: 'statement is empty: write your own account of what happened.' })
      .max(10_000, { message: 'statement may be at most 10000 characters.' })
      .refine(noNul, { message: 'statement may not contain NUL characters.' }),
    desiredOutcome: z
      .string({ message: 'desiredOutcome is required: the outcome you want.' })
      .trim()
      .min(1, { message: 'desiredOutcome is empty: write the outcome you want.' })
      .max(2_000, { message: 'desiredOutcome may be at most 2000 characters.' })
      .refine(noNul, { message: 'desiredOutcome may not contain NUL characters.' }),
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, { message: 'code must be the six digits from the e-mail.' })
      .optional(),
  })
  .strict();
export type OmbudsmanRequestBody = z.infer<typeof OmbudsmanRequestBody>;

const CodeBody = z.object({ caseRef }).strict();

/** The first problem, as one sentence naming the field. */
export function invalid(error: z.ZodError): OmbudsmanHttpError {
  const issue = error.issues[0];
  const field = issue?.path.join('.');
  let message = issue?.message ?? 'The request is not valid.';
  if (issue?.code === 'unrecognized_keys') message = `Unknown field(s): ${issue.keys.join(', ')}. Send caseRef, statement, desiredOutcome (and code on the one-time-code path).`;
  else if (field && !message.startsWith(field)) message = `${field}: ${message}`;
  return new OmbudsmanHttpError('invalid_request', message, 'invalid');
}

export interface RequestRoutesDeps {
  context: DecisionContext;
  secrets: SessionSecrets;
  /** Unset: no one-time codes, only the chat session proves ownership. */
  mailer?: Mailer;
  log: Logger;
  now: () => Date;
}

export function requestRoutes(deps: RequestRoutesDeps): Router {
  const router = express.Router();
  // Codes per client address: enough to mistype a reference, not to spray a list of them.
  const codeIssuing = new RateLimiter({ burst: 5, refillPerSecond: 1 / 60 });

  router.post('/api/ombudsman/requests', async (req, res) => {
    const now = deps.now();
    const consumerId = sessionUser(req, deps.secrets, now);
    const parsed = OmbudsmanRequestBody.safeParse(req.body ?? {});
    if (!parsed.success) throw invalid(parsed.error);
    const body = parsed.data;
    if (consumerId === null) {
      if (body.code === undefined) {
        throw new OmbudsmanHttpError(
          'session_missing',
          deps.mailer
            ? 'Show that the case is yours: send the request from your chat session (Authorization: Bearer <token>) or with the one-time code e-mailed to the contact on the case.'
            : 'Show that the case is yours: send the request from your chat session (Authorization: Bearer <token>).',
          'unauthenticated',
        );
      }
      if (!deps.mailer) throw new OmbudsmanHttpError('code_path_off', 'One-time codes are not offered here; send the request from your chat session.', 'invalid');
    }
    const result = await fileOmbudsmanRequest(deps.context, {
      ref: body.caseRef,
      consumerId,
      code: body.code,
      statement: body.statement,
      desiredOutcome: body.desiredOutcome,
      now,
      receiptFor: (kase) => ot(kase.language, 'sent', { ref: kase.ref }),
      redact,
    });
    if (!result.ok) {
      req.log.info({ code: result.error.code, caseRef: body.caseRef }, 'ombudsman request refused');
      throw refused(result.error);
    }
    const kase = result.stored.case;
    req.log.info({ caseRef: kase.ref, requestId: result.requestId, proof: consumerId === null ? 'one_time_code' : 'session' }, 'ombudsman request filed');
    res.status(201).json({ requestId: result.requestId, case: { ref: kase.ref, tier: kase.tier, status: kase.status, intent: kase.intent } });
  });

  router.post('/api/ombudsman/codes', async (req, res) => {
    if (!deps.mailer) throw new OmbudsmanHttpError('code_path_off', 'One-time codes are not offered here; send the request from your chat session.', 'not_found');
    const parsed = CodeBody.safeParse(req.body ?? {});
    if (!parsed.success) throw invalid(parsed.error);
    const now = deps.now();
    const limit = codeIssuing.take(req.socket.remoteAddress ?? 'unknown', now.getTime());
    if (!limit.ok) {
      res.setHeader('retry-after', String(Math.ceil(limit.retryAfterMs / 1000)));
      throw new OmbudsmanHttpError('rate_limited', 'Too many codes asked for from here; try again in a few minutes.', 'too_many');
    }
    const minutes = CODE_TTL_MS / 60_000;
    const issued = await issueOmbudsmanCode(deps.context.db, parsed.data.caseRef, now);
    if (issued.issued) {
      await deps.mailer.send({
        to: issued.email,
        subject: ot(issued.language, 'code_email_subject'),
        text: ot(issued.language, 'code_email_body', { ref: parsed.data.caseRef, code: issued.code, minutes }),
      });
      req.log.info({ caseRef: parsed.data.caseRef }, 'ombudsman one-time code sent');
    } else {
      req.log.info({ caseRef: parsed.data.caseRef, reason: issued.reason }, 'ombudsman one-time code not sent');
    }
    // The same answer either way: whether a case exists or has a contact is not told.
    res.status(202).json({
      sent: true,
      message: `If case ${parsed.data.caseRef} has a contact e-mail address, a code is on its way; it is valid for ${minutes} minutes.`,
    });
  });

  return router;
}

/** The session's consumer; null when no Authorization header came (the code path). */
function sessionUser(req: Request, secrets: SessionSecrets, now: Date): string | null {
  const header = req.get('authorization');
  if (header === undefined) return null;
  const check = verifySession(secrets, bearerToken(header), now);
  if (!check.ok) throw new OmbudsmanHttpError(check.code, check.message, 'unauthenticated');
  return check.user;
}

