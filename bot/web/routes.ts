// The consumer chat's HTTP API (docs/architecture.md, contracts): issue a session, read one's own
// history and one's own cases, and download a case's record (bot/web/record.ts). Every call but the first carries `Authorization: Bearer <token>`;
// a consumer only ever sees their own rows (another consumer's case is "not found", so its
// existence is not revealed either).
//
// A session is anonymous (a new random consumer) unless the request carries an identity token
// (bot/web/identity.ts): then it is for the consumer the app vouched for, the same on every
// device. A refused token is refused whole: no session, nothing written.
import express, { type Express, type Request } from 'express';
import { checkOrigin } from '../origin.ts';
import {
  consumerHistory,
  finalStatementOf,
  findCaseByRef,
  isComplaint,
  loadConsumerRecord,
  rememberIdentifiedConsumer,
  type Db,
} from '../../db/index.ts';
import { redact } from '../../intents/redact.ts';
import type { Policy } from '../../routing/index.ts';
import { CodedError } from '../errors.ts';
import { clientKey, RateLimiter, takeOrRefuse } from './rate-limit.ts';
import type { IdentityVerifier } from './identity.ts';
import { RECORD_CSP, renderConsumerRecord } from './record.ts';
import {
  bearerToken,
  isIdentifiedConsumerId,
  issueSession,
  languageTag,
  normaliseLocale,
  signSession,
  verifySession,
  type SessionSecrets,
} from './session.ts';

export interface ChatApiDeps {
  db: Db;
  secrets: SessionSecrets;
  allowedOrigins: readonly string[];
  /** Set when the service takes identity tokens (IDENTITY_SECRET or IDENTITY_JWKS_URL). */
  identity?: IdentityVerifier;
  /** The service's public address (PUBLIC_URL), for the ombudsman link in a case's record. */
  publicUrl?: string;
  /** Its `outsideBodies` name the outside body in a case's record. */
  policy?: Policy;
  now?: () => Date;
}

/** A case as its consumer may see it. */
export function consumerCaseView(
  kase: NonNullable<Awaited<ReturnType<typeof findCaseByRef>>>['case'],
  extra: { complaint: boolean; finalStatement: { at: Date; text: string } | null } = {
    complaint: false,
    finalStatement: null,
  },
) {
  return {
    ref: kase.ref,
    tier: kase.tier,
    status: kase.status,
    intent: kase.intent,
    outcome: kase.outcome,
    invoiceState: kase.invoiceState,
    openedAt: kase.openedAt,
    merchantWindowEndsAt: kase.dispute?.windowEndsAt ?? null,
    // What the consumer reported about the purchase, as investigation has it.
    purchase: kase.dispute
      ? {
          merchant: kase.dispute.merchantName,
          amountMinor: kase.dispute.amountMinor,
          currency: kase.dispute.currency,
          date: kase.dispute.purchaseDate,
          contactedMerchant: kase.dispute.contactedMerchant,
        }
      : null,
    finalStatementAt: kase.finalStatementAt,
    // The final statement the consumer asked for is due by then; absent when not asked or given.
    ...(kase.finalStatementDueAt && !kase.finalStatementAt ? { finalStatementDueAt: kase.finalStatementDueAt } : {}),
    // A dispute, an escalation the consumer asked for, a rating of 1 or 2, an ombudsman request.
    complaint: extra.complaint,
    // The statement in force, masked as the consumer was told it; absent until one is given.
    ...(kase.finalStatementAt && extra.finalStatement
      ? { finalStatement: { at: extra.finalStatement.at, text: redact(extra.finalStatement.text.trim()) } }
      : {}),
  };
}

/** New sessions per client address: enough for a household behind one router, not for a flood. */
export const SESSIONS_PER_ADDRESS = { burst: 30, refillPerSecond: 0.5 } as const;

export function mountChatApi(app: Express, deps: ChatApiDeps): void {
  const now = deps.now ?? (() => new Date());
  const sessionIssuing = new RateLimiter(SESSIONS_PER_ADDRESS);
  const router = express.Router();

  router.use(
    checkOrigin(
      deps.allowedOrigins,
      (origin) =>
        new CodedError(
          'origin_not_allowed',
          `Pages on ${origin} may not use this chat; ask the operator to add it to ALLOWED_ORIGINS.`,
        ),
    ),
  );

  router.post('/api/chat/session', async (req, res) => {
    takeOrRefuse(
      sessionIssuing,
      clientKey(req),
      now(),
      res,
      'Too many new chat sessions from here; try again shortly.',
    );
    const body = (req.body ?? {}) as { locale?: unknown; identityToken?: unknown };
    if (typeof body !== 'object' || Array.isArray(body))
      throw new CodedError('invalid_request', 'The body is a JSON object, such as {"locale": "sv-SE"}, or empty.');
    // The app's locale is its own choice: one that is no language tag is the app's mistake, told
    // now rather than a conversation silently in another language.
    if (
      body.locale !== undefined &&
      body.locale !== null &&
      (typeof body.locale !== 'string' || !languageTag(body.locale))
    )
      throw new CodedError('invalid_request', 'locale is a language tag such as "sv-SE" or "fi".');
    const locale = normaliseLocale(body.locale, req.get('accept-language'));
    const options = { now: now(), ...(locale ? { locale } : {}) };
    if (body.identityToken === undefined || body.identityToken === null) {
      const session = issueSession(deps.secrets, options);
      req.log.info({ user: session.user }, 'chat session issued');
      res.status(201).json(session);
      return;
    }
    if (!deps.identity) {
      throw new CodedError(
        'identity_not_configured',
        'This service takes no identity tokens (IDENTITY_SECRET or IDENTITY_JWKS_URL is not set); open the session without one.',
      );
    }
    const identity = await deps.identity.verify(body.identityToken, options.now);
    if (!identity.ok) throw new CodedError(identity.code, identity.message);
    // Renewing with the current session as Bearer: the token must be for that session's consumer,
    // so that two people's tokens mixed up on one device are caught, not silently swapped. An
    // anonymous session may become identified (a login); an expired or foreign one is no claim.
    const current = verifySession(deps.secrets, bearerToken(req.get('authorization')), options.now);
    if (current.ok && isIdentifiedConsumerId(current.user) && current.user !== identity.consumerId) {
      throw new CodedError(
        'identity_mismatch',
        "The identity token is for another consumer than the session's; open a new session without the old one.",
      );
    }
    await rememberIdentifiedConsumer(deps.db, {
      id: identity.consumerId,
      issuer: identity.issuer,
      subject: identity.subject,
      at: options.now,
    });
    const session = signSession(deps.secrets, identity.consumerId, options);
    req.log.info({ user: session.user, identified: true }, 'chat session issued');
    res.status(201).json(session);
  });

  router.get('/api/chat/history', async (req, res) => {
    const user = requireSession(req, deps.secrets, now());
    const after = req.query.after === undefined ? 0 : Number(req.query.after);
    if (!Number.isSafeInteger(after) || after < 0)
      throw new CodedError('invalid_request', 'after must be a message id (a whole number).');
    const messages = await consumerHistory(deps.db, user, { afterId: after });
    res.json({ messages: messages.map((message) => ({ ...message, at: message.at.toISOString() })) });
  });

  router.get('/api/cases/:ref', async (req, res) => {
    const user = requireSession(req, deps.secrets, now());
    const ref = String(req.params.ref);
    const stored = /^[A-Za-z0-9-]{1,64}$/.test(ref) ? await findCaseByRef(deps.db, ref.toUpperCase()) : undefined;
    if (!stored || stored.case.consumerId !== user) {
      throw new CodedError('case_not_found', `You have no case ${ref}.`);
    }
    const [complaint, finalStatement] = await Promise.all([
      isComplaint(deps.db, stored.id),
      stored.case.finalStatementAt ? finalStatementOf(deps.db, stored.id) : undefined,
    ]);
    res.json({ case: consumerCaseView(stored.case, { complaint, finalStatement: finalStatement ?? null }) });
  });

  // The conversation and the history of one's own case as an HTML document to keep (docs/outcomes.md).
  // Another consumer's case answers as a missing one; nothing is written either way.
  router.get('/api/cases/:ref/record', async (req, res) => {
    const user = requireSession(req, deps.secrets, now());
    const ref = String(req.params.ref);
    const record = /^[A-Za-z0-9-]{1,64}$/.test(ref)
      ? await loadConsumerRecord(deps.db, ref.toUpperCase(), user)
      : undefined;
    if (!record) throw new CodedError('case_not_found', `You have no case ${ref}.`);
    const format = req.query.format === undefined ? 'html' : String(req.query.format);
    if (format !== 'html') {
      throw new CodedError(
        'record_format_not_available',
        'The record is available as HTML only (no format, or format=html); there is no PDF yet: print the HTML document to PDF instead.',
      );
    }
    const html = renderConsumerRecord(record, {
      publicUrl: deps.publicUrl ?? '',
      ...(deps.policy ? { policy: deps.policy } : {}),
      now: now(),
    });
    res.setHeader('content-security-policy', RECORD_CSP);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-disposition', `attachment; filename="${record.case.ref}.html"`);
    res.type('text/html; charset=utf-8').send(html);
  });

  app.use(router);
}

function requireSession(req: Request, secrets: SessionSecrets, now: Date): string {
  const check = verifySession(secrets, bearerToken(req.get('authorization')), now);
  if (!check.ok) throw new CodedError(check.code, check.message);
  return check.user;
}
