// The consumer's side: `POST /api/ombudsman/requests` (the written request, JSON) and
// `POST /api/ombudsman/codes` (a one-time code to the case's contact e-mail, when SMTP is set).
//
// Proof that the case is the consumer's: their chat session (`Authorization: Bearer <token>`,
// the token the widget keeps), or a one-time code in the body. A case of another consumer
// answers 404 like a case that does not exist, so references cannot be probed.
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { redact } from '../../intents/redact.ts';
import {
  checkOmbudsmanEligibility,
  fileOmbudsmanRequest,
  issueOmbudsmanCode,
  CODE_TTL_MS,
  type DecisionContext,
} from '../../db/index.ts';
import { CodedError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { clientKey, RateLimiter, takeOrRefuse } from '../web/rate-limit.ts';
import { bearerToken, verifySession, type SessionSecrets } from '../web/session.ts';
import { formLanguage, negotiateLanguage, ot, type OmbudsmanKey } from './catalogue.ts';
import { LANGUAGES } from '../../intents/labels.ts';
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

/** `POST /api/ombudsman/eligibility`: the case, the code on the code path, and the language the
 *  answer is wanted in (else the case's). */
export const EligibilityBody = z
  .object({
    caseRef,
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, { message: 'code must be the six digits from the e-mail.' })
      .optional(),
    language: z.enum(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}.` }).optional(),
  })
  .strict();

/** Refusals a consumer can act on: the catalogue has them in every language, with what to do instead. */
const TOLD_IN_LANGUAGE = new Set([
  'case_not_found',
  'not_eligible_no_final_statement',
  'not_eligible_case_open',
  'ombudsman_already_requested',
  'code_invalid',
]);

/** The first problem, as one sentence naming the field. */
export function invalid(error: z.ZodError): CodedError {
  const issue = error.issues[0];
  const field = issue?.path.join('.');
  let message = issue?.message ?? 'The request is not valid.';
  if (issue?.code === 'unrecognized_keys')
    message = `Unknown field(s): ${issue.keys.join(', ')}. Send caseRef, statement, desiredOutcome (and code on the one-time-code path).`;
  else if (field && !message.startsWith(field)) message = `${field}: ${message}`;
  return new CodedError('invalid_request', message);
}

export interface RequestRoutesDeps {
  context: DecisionContext;
  secrets: SessionSecrets;
  /** Unset: no one-time codes, only the chat session proves ownership. */
  mailer?: Mailer;
  log: Logger;
  now: () => Date;
}

/** Codes asked for per client address: enough to mistype a reference, not to spray a list of them. */
export const CODES_PER_ADDRESS = { burst: 5, refillPerSecond: 1 / 60 } as const;
/** Requests per client address: a person correcting a refused request a few times, not a guesser. */
export const REQUESTS_PER_ADDRESS = { burst: 20, refillPerSecond: 1 / 30 } as const;

// Two kinds of limit guard these endpoints.
//
// Per client address (clientKey: the TCP peer, or the proxy in front of the service), in this
// process's memory: they stop one address flooding the database, the mailbox of a case's contact
// or the guessing of codes across many cases. Each replica keeps its own buckets, so behind N
// replicas an address gets up to N times these figures; that is the price of not putting a
// database round trip in front of every request, and it is why they are not what bounds a guess.
//
// Per case, in the database (db/ombudsman.ts), shared by every replica and every address: a code
// dies after CODE_MAX_ATTEMPTS tries (counted atomically), a case gets one code a minute and
// CODE_DAILY_MAX a day, and a request is filed once per case. So at most 25 guesses a day reach a
// case's codes, however many addresses and replicas the guesser uses.
export function requestRoutes(deps: RequestRoutesDeps): Router {
  const router = express.Router();
  const codeIssuing = new RateLimiter(CODES_PER_ADDRESS);
  const requestFiling = new RateLimiter(REQUESTS_PER_ADDRESS);

  router.post('/api/ombudsman/requests', async (req, res) => {
    const now = deps.now();
    const consumerId = sessionUser(req, deps.secrets, now);
    const parsed = OmbudsmanRequestBody.safeParse(req.body ?? {});
    if (!parsed.success) throw invalid(parsed.error);
    const body = parsed.data;
    if (consumerId === null) {
      if (body.code === undefined) {
        throw new CodedError(
          'session_missing',
          deps.mailer
            ? 'Show that the case is yours: send the request from your chat session (Authorization: Bearer <token>) or with the one-time code e-mailed to the contact on the case.'
            : 'Show that the case is yours: send the request from your chat session (Authorization: Bearer <token>).',
        );
      }
      if (!deps.mailer)
        throw new CodedError(
          'code_path_off',
          'One-time codes are not offered here; send the request from your chat session.',
          400,
        );
    }
    // After the checks that cost nothing, before the first that costs the database or a code's try.
    takeOrRefuse(requestFiling, clientKey(req), now, res, 'Too many requests from here; try again in a few minutes.');
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
      throw CodedError.from(result.error);
    }
    const kase = result.stored.case;
    req.log.info(
      { caseRef: kase.ref, requestId: result.requestId, proof: consumerId === null ? 'one_time_code' : 'session' },
      'ombudsman request filed',
    );
    res.status(201).json({
      requestId: result.requestId,
      case: { ref: kase.ref, tier: kase.tier, status: kase.status, intent: kase.intent },
    });
  });

  // Asked before the consumer writes (issue 18, item 7): may this case go to the ombudsman? The
  // same proof and rule as a filing; nothing is stored (on the code path the code's try is spent,
  // as a filing spends one). A refusal is the filing's code, told in the consumer's language with
  // what to do instead.
  router.post('/api/ombudsman/eligibility', async (req, res) => {
    const now = deps.now();
    const consumerId = sessionUser(req, deps.secrets, now);
    const parsed = EligibilityBody.safeParse(req.body ?? {});
    if (!parsed.success) throw invalid(parsed.error);
    const body = parsed.data;
    if (consumerId === null) {
      if (body.code === undefined) {
        throw new CodedError(
          'session_missing',
          'Show that the case is yours: send your chat session (Authorization: Bearer <token>) or the one-time code e-mailed to the contact on the case.',
        );
      }
      if (!deps.mailer)
        throw new CodedError(
          'code_path_off',
          'One-time codes are not offered here; send the request from your chat session.',
          400,
        );
    }
    takeOrRefuse(requestFiling, clientKey(req), now, res, 'Too many requests from here; try again in a few minutes.');
    const result = await checkOmbudsmanEligibility(deps.context.db, {
      ref: body.caseRef,
      consumerId,
      code: body.code,
      now,
    });
    if (!result.ok) {
      req.log.info({ code: result.error.code, caseRef: body.caseRef }, 'ombudsman eligibility: not eligible');
      const { code, kind } = result.error;
      const message = TOLD_IN_LANGUAGE.has(code)
        ? ot(body.language ?? negotiateLanguage(undefined, req.get('accept-language')), `error_${code}` as OmbudsmanKey)
        : result.error.message;
      throw CodedError.from({ code, message, kind });
    }
    const language = formLanguage(body.language ?? result.language);
    res.json({ eligible: true, case: { ref: result.ref }, message: ot(language, 'eligible', { ref: result.ref }) });
  });

  router.post('/api/ombudsman/codes', async (req, res) => {
    if (!deps.mailer)
      throw new CodedError(
        'code_path_off',
        'One-time codes are not offered here; send the request from your chat session.',
      );
    const parsed = CodeBody.safeParse(req.body ?? {});
    if (!parsed.success) throw invalid(parsed.error);
    const now = deps.now();
    takeOrRefuse(
      codeIssuing,
      clientKey(req),
      now,
      res,
      'Too many codes asked for from here; try again in a few minutes.',
    );
    const minutes = CODE_TTL_MS / 60_000;
    const issued = await issueOmbudsmanCode(deps.context.db, parsed.data.caseRef, now);
    if (issued.issued && issued.notEligible) {
      // The case cannot go to the ombudsman: the contact learns why before writing, not a code.
      await deps.mailer.send({
        to: issued.email,
        subject: ot(issued.language, 'not_eligible_email_subject'),
        text: ot(issued.language, 'not_eligible_email_body', {
          ref: parsed.data.caseRef,
          reason: ot(issued.language, `error_${issued.notEligible}` as OmbudsmanKey),
        }),
      });
      req.log.info(
        { caseRef: parsed.data.caseRef, reason: issued.notEligible },
        'ombudsman one-time code not sent: the case is not eligible; told why',
      );
    } else if (issued.issued) {
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
      message: `If case ${parsed.data.caseRef} has a contact e-mail address, an e-mail is on its way: a code valid for ${minutes} minutes, or why the case cannot go to the ombudsman yet.`,
    });
  });

  return router;
}

/** The session's consumer; null when no Authorization header came (the code path). */
function sessionUser(req: Request, secrets: SessionSecrets, now: Date): string | null {
  const header = req.get('authorization');
  if (header === undefined) return null;
  const check = verifySession(secrets, bearerToken(header), now);
  if (!check.ok) throw new CodedError(check.code, check.message);
  return check.user;
}
