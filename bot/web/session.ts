// Signed, expiring consumer sessions. The web adapter trusts whatever user id a client claims
// (docs/stack.md), so the consumer's id comes only from a token this service signed.
//
// Token: `v1.<base64url JSON payload>.<base64url HMAC-SHA256>`; the MAC covers `v1.<payload>`,
// so the version cannot be swapped without breaking it. The payload is {u, iat, exp} (user,
// issued at and expiry in epoch ms). Nothing here is encrypted: the payload holds no personal
// data, only a consumer id: a random one, or for an identified consumer a digest of who vouched
// for them and under which id (bot/web/identity.ts), never that id itself.
//
// Key rotation: every function takes one secret or a list. The first signs; all verify. Rotate by
// putting the new secret first and keeping the old one until the longest TTL has passed.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export type SessionSecret = string | Uint8Array;
export type SessionSecrets = SessionSecret | readonly SessionSecret[];
/** A point in time: a Date or epoch milliseconds. */
export type Instant = Date | number;

export const DEFAULT_SESSION_TTL_MS = 24 * 60 * 60 * 1000;
/** The same floor as config's SESSION_SECRET check; the generated secret is 32 random bytes. */
export const MIN_SECRET_BYTES = 32;

const VERSION = 'v1';
/** A real token is ~150 characters; anything far longer is refused before any work is done. */
const MAX_TOKEN_LENGTH = 512;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Anonymous (c_, random per browser) or identified (i_, derived): the prefixes keep the two apart. */
const CONSUMER_ID = /^[ci]_[A-Za-z0-9_-]{22}$/;
const IDENTIFIED_CONSUMER_ID = /^i_[A-Za-z0-9_-]{22}$/;
/** A language tag as the session keeps it: "sv", "sv-SE", "nb-NO", "en-FI". */
export const LOCALE = /^[a-z]{2,3}(?:-[A-Z]{2})?$/;

/** The latest instant a Date can hold (ECMAScript's limit); a later one cannot be printed. */
const MAX_EPOCH_MS = 8.64e15;
/**
 * No session is issued for longer than this; a signed payload that claims more (a leaked key, a
 * bug) is refused like any other bad token, never turned into a date that throws.
 */
export const MAX_SESSION_TTL_MS = 366 * 24 * 60 * 60 * 1000;

const payloadSchema = z
  .object({
    u: z.string().regex(CONSUMER_ID),
    iat: z.number().int().nonnegative().max(MAX_EPOCH_MS),
    exp: z.number().int().positive().max(MAX_EPOCH_MS),
    /** The locale the session was started with ("sv-SE"): the conversation's language until a message tells. */
    l: z.string().regex(LOCALE).optional(),
  })
  .strict()
  .refine((p) => p.exp > p.iat && p.exp - p.iat <= MAX_SESSION_TTL_MS);

export interface IssuedSession {
  /** The consumer id every message and case of this session belongs to. */
  user: string;
  token: string;
  /** ISO 8601. */
  expiresAt: string;
}

export type SessionErrorCode = 'session_missing' | 'session_invalid' | 'session_expired';

export interface SessionFailure {
  ok: false;
  code: SessionErrorCode;
  message: string;
}

export interface VerifiedSession {
  ok: true;
  user: string;
  /** ISO 8601. */
  issuedAt: string;
  /** ISO 8601. */
  expiresAt: string;
  /** The locale the session was started with, when one was given. */
  locale?: string;
}

export type SessionCheck = VerifiedSession | SessionFailure;

export interface IssueOptions {
  now: Instant;
  /** Defaults to 24 hours. */
  ttlMs?: number;
  /** The consumer's locale (normaliseLocale's output); kept in the token. */
  locale?: string;
}

/** A fresh consumer id: `c_` and 22 url-safe characters (128 random bits). */
export function newConsumerId(): string {
  return `c_${randomBytes(16).toString('base64url')}`;
}

export function isConsumerId(value: unknown): value is string {
  return typeof value === 'string' && CONSUMER_ID.test(value);
}

export function isIdentifiedConsumerId(value: unknown): value is string {
  return typeof value === 'string' && IDENTIFIED_CONSUMER_ID.test(value);
}

/**
 * The consumer id of a person an app vouched for: `i_` and 22 url-safe characters (132 bits of
 * SHA-256) of the identity token's issuer and subject. The pair, as OpenID Connect has it, is what
 * names one person for good; the same pair gives the same id on every device and every replica,
 * with no lookup and no secret that a rotation could change. A digest rather than the subject
 * itself, so that the app's user id (sometimes an e-mail address) stays out of tokens, logs and
 * Slack.
 */
export function identifiedConsumerId(issuer: string, subject: string): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(['ombud consumer v1', issuer, subject]))
    .digest('base64url');
  return `i_${digest.slice(0, 22)}`;
}

/** A new session for a new consumer. */
export function issueSession(secrets: SessionSecrets, options: IssueOptions): IssuedSession {
  return signSession(secrets, newConsumerId(), options);
}

/** A session for a known consumer id (refresh, tests). */
export function signSession(
  secrets: SessionSecrets,
  user: string,
  { now, ttlMs = DEFAULT_SESSION_TTL_MS, locale }: IssueOptions,
): IssuedSession {
  if (!isConsumerId(user))
    throw new TypeError('a session user must be a consumer id (c_ or i_ and 22 url-safe characters)');
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0 || ttlMs > MAX_SESSION_TTL_MS) {
    throw new RangeError(`ttlMs must be a whole number of milliseconds from 1 to ${MAX_SESSION_TTL_MS}`);
  }
  const iat = toMillis(now);
  const exp = iat + ttlMs;
  if (locale !== undefined && !LOCALE.test(locale))
    throw new TypeError('a session locale is a language tag such as sv-SE');
  const payload = Buffer.from(JSON.stringify({ u: user, iat, exp, ...(locale ? { l: locale } : {}) })).toString(
    'base64url',
  );
  const signed = `${VERSION}.${payload}`;
  const [signingKey] = keyList(secrets);
  return { user, token: `${signed}.${mac(signingKey!, signed)}`, expiresAt: new Date(exp).toISOString() };
}

/**
 * Checks a token. Any input (missing, malformed, forged, another secret's) gives a failure,
 * never an exception; only a bad `secrets` or `now` (the caller's bug) throws.
 */
export function verifySession(secrets: SessionSecrets, token: unknown, now: Instant): SessionCheck {
  const keys = keyList(secrets);
  const at = toMillis(now);
  if (token === undefined || token === null || token === '') {
    return failure('session_missing', 'This request needs a chat session; start one with POST /api/chat/session.');
  }
  const invalid = failure('session_invalid', 'The chat session is not valid; start a new one.');
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return invalid;

  const parts = token.split('.');
  if (parts.length !== 3) return invalid;
  const [version, payload, givenMac] = parts as [string, string, string];
  if (version !== VERSION || !BASE64URL.test(payload) || !BASE64URL.test(givenMac)) return invalid;

  // Compare the MAC as text, not decoded bytes: Node's base64url decoder ignores stray trailing
  // bits, so two spellings of one MAC would otherwise both pass.
  const signed = `${version}.${payload}`;
  const given = Buffer.from(givenMac);
  const macOk = keys.some((key) => {
    const expected = Buffer.from(mac(key, signed));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!macOk) return invalid;

  // Only our own signed payloads get this far; a bad one means a bug or a leaked key.
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return invalid;
  }
  const claims = payloadSchema.safeParse(decoded);
  if (!claims.success) return invalid;
  const { u, iat, exp, l } = claims.data;
  if (at >= exp) return failure('session_expired', 'The chat session has expired; start a new one.');
  return {
    ok: true,
    user: u,
    issuedAt: new Date(iat).toISOString(),
    expiresAt: new Date(exp).toISOString(),
    ...(l ? { locale: l } : {}),
  };
}

export type RefreshResult = (IssuedSession & { ok: true; refreshed: boolean }) | SessionFailure;

/**
 * Keeps a consumer on the same id: a valid token with less than half of `ttlMs` left is replaced
 * by a new one for the same user (signed with the first secret); otherwise it is returned as is.
 * An invalid or expired token is a failure: the caller starts a new session (a new consumer).
 */
export function refreshSession(
  secrets: SessionSecrets,
  token: unknown,
  { now, ttlMs = DEFAULT_SESSION_TTL_MS }: IssueOptions,
): RefreshResult {
  const check = verifySession(secrets, token, now);
  if (!check.ok) return check;
  const left = Date.parse(check.expiresAt) - toMillis(now);
  if (left >= ttlMs / 2)
    return { ok: true, refreshed: false, user: check.user, token: token as string, expiresAt: check.expiresAt };
  return {
    ok: true,
    refreshed: true,
    ...signSession(secrets, check.user, { now, ttlMs, ...(check.locale ? { locale: check.locale } : {}) }),
  };
}

/**
 * The token of an `Authorization: Bearer <token>` header, or undefined. Strict: one scheme
 * (case-insensitive, as RFC 9110 says), one space, one token of token68 characters, nothing else.
 */
export function bearerToken(authorization: unknown): string | undefined {
  if (typeof authorization !== 'string' || authorization.length > MAX_TOKEN_LENGTH + 7) return undefined;
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(authorization);
  return match?.[1];
}

function mac(key: Buffer, signed: string): string {
  return createHmac('sha256', key).update(signed).digest('base64url');
}

function keyList(secrets: SessionSecrets): Buffer[] {
  const list = Array.isArray(secrets) ? (secrets as readonly SessionSecret[]) : [secrets as SessionSecret];
  if (list.length === 0) throw new TypeError('at least one session secret is needed');
  return list.map((secret) => {
    const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
    if (key.length < MIN_SECRET_BYTES)
      throw new RangeError(`a session secret must be at least ${MIN_SECRET_BYTES} bytes`);
    return key;
  });
}

function toMillis(now: Instant): number {
  const ms = now instanceof Date ? now.getTime() : now;
  if (typeof ms !== 'number' || !Number.isFinite(ms))
    throw new TypeError('now must be a valid Date or epoch milliseconds');
  return ms;
}

function failure(code: SessionErrorCode, message: string): SessionFailure {
  return { ok: false, code, message };
}

/**
 * The locale a new session keeps: the one the app sends (`{"locale": "sv-SE"}`), else the first
 * language of the browser's Accept-Language ("da-DK,da;q=0.9,en;q=0.8" -> "da-DK"). A header that
 * is not a plain language tag is ignored, never an error: the conversation then tells by itself.
 * (The route refuses a `locale` in the body that is not a tag: see languageTag.)
 */
export function normaliseLocale(given: unknown, acceptLanguage: string | undefined): string | undefined {
  const fromBody = typeof given === 'string' ? languageTag(given) : undefined;
  if (fromBody) return fromBody;
  if (typeof acceptLanguage === 'string' && acceptLanguage.length <= 512) {
    const first = acceptLanguage.split(',')[0]?.split(';')[0];
    if (first) return languageTag(first);
  }
  return undefined;
}

/**
 * A language tag as the session keeps it ("sv_se" -> "sv-SE", "de-CH-1996" -> "de-CH"), or
 * undefined when the text is none.
 */
export function languageTag(candidate: string): string | undefined {
  if (candidate.length > 35) return undefined;
  const match = /^\s*([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}))?(?:[-_][A-Za-z0-9]{1,8})*\s*$/.exec(candidate);
  if (!match) return undefined;
  const tag = `${match[1]!.toLowerCase()}${match[2] ? `-${match[2].toUpperCase()}` : ''}`;
  return LOCALE.test(tag) ? tag : undefined;
}
