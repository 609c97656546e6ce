// Identity tokens: how an app or website that knows its user says so when it opens a chat session.
// Its backend signs a JWT (HS256 with IDENTITY_SECRET, or RS256 / ES256 with a key published at
// IDENTITY_JWKS_URL) whose `sub` is its own id of the consumer; the session is then for the
// consumer id derived from the token's issuer and subject (session.ts, identifiedConsumerId), the
// same on every device. Verification is jose's, not ours: signature, algorithm and registered
// claims; what is added here are the limits of what a sane token looks like.
//
// What a token must hold, and why:
// - `alg` HS256 when IDENTITY_SECRET is set, RS256 or ES256 when IDENTITY_JWKS_URL is; nothing else
//   (not `none`, not an HMAC over a public key: each algorithm has its own key source).
// - `sub`: 1 to 255 characters, no control characters; the app's id of its user, which should be
//   an opaque one (it is kept in the `consumers` table, never in logs).
// - `exp`: required, and at most 24 hours ahead: a token is a moment's proof of a login, not a
//   credential to keep (5 to 15 minutes is plenty; the session it opens lasts 24 hours).
// - `nbf` and `iat`, when present, not in the future; `iss` and `aud` checked when IDENTITY_ISSUER
//   and IDENTITY_AUDIENCE are set. All times with 60 seconds' tolerance for clocks that differ.
//
// The keys at IDENTITY_JWKS_URL are fetched when the first token needs them (the service starts
// without reaching them), kept for 10 minutes, fetched again at once for a key id not yet seen (at
// most every 30 seconds), and given up on after 3 seconds: then the answer is
// identity_unavailable (503), which is our fault and not the token's.
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { identifiedConsumerId } from './session.ts';

/** Far above any real token (an RS256 one with a key id is under 1 kB); anything longer is refused unread. */
export const MAX_IDENTITY_TOKEN_CHARS = 4_096;
export const IDENTITY_CLOCK_TOLERANCE_S = 60;
/** How far ahead a token's `exp` may lie. */
export const MAX_IDENTITY_TOKEN_LIFETIME_S = 24 * 60 * 60;
const SUBJECT = /^[^\u0000-\u001f\u007f]{1,255}$/;
const MAX_ISSUER_CHARS = 255;

const JWKS_TIMEOUT_MS = 3_000;
const JWKS_CACHE_MS = 10 * 60 * 1000;

export interface IdentityOptions {
  /** IDENTITY_SECRET: tokens signed with HS256. */
  secret?: string;
  /** IDENTITY_JWKS_URL: tokens signed with RS256 or ES256 by a key published there. */
  jwksUrl?: string;
  /** IDENTITY_ISSUER: when set, `iss` must be exactly this. */
  issuer?: string;
  /** IDENTITY_AUDIENCE: when set, `aud` must be or contain this. */
  audience?: string;
}

export type IdentityErrorCode = 'identity_invalid' | 'identity_expired' | 'identity_unavailable';

export interface VerifiedIdentity {
  ok: true;
  /** The consumer id the session is for. */
  consumerId: string;
  /** The token's `iss`, '' when it had none. */
  issuer: string;
  subject: string;
}

export interface IdentityFailure {
  ok: false;
  code: IdentityErrorCode;
  message: string;
}

export type IdentityCheck = VerifiedIdentity | IdentityFailure;

export interface IdentityVerifier {
  /** Any input gives a result, never an exception: only the keys being out of reach is told apart. */
  verify(token: unknown, now: Date): Promise<IdentityCheck>;
}

const INVALID = 'The identity token is not valid; the app should get a new one from its backend.';

/** The verifier for the configured keys, or undefined when the service takes no identity tokens. */
export function identityVerifier(options: IdentityOptions): IdentityVerifier | undefined {
  const { secret, jwksUrl, issuer, audience } = options;
  if (!secret && !jwksUrl) return undefined;
  const hmacKey = secret ? new TextEncoder().encode(secret) : undefined;
  const remoteKeys = jwksUrl
    ? createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: JWKS_TIMEOUT_MS, cacheMaxAge: JWKS_CACHE_MS })
    : undefined;
  const algorithms = [...(hmacKey ? ['HS256'] : []), ...(remoteKeys ? ['RS256', 'ES256'] : [])];

  // jose checks `alg` against `algorithms` before asking for a key, so each key source is only
  // ever asked for its own algorithms.
  const key: JWTVerifyGetKey = async (header, token) => {
    if (header.alg === 'HS256') return hmacKey!;
    try {
      return await remoteKeys!(header, token);
    } catch (error) {
      // No key with the token's `kid`, or several: the token's fault. Anything else (a timeout,
      // a refused connection, a page that is not a key set) is the key server's.
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw new KeysUnavailable(error);
    }
  };

  return {
    async verify(token, now) {
      if (typeof token !== 'string' || token.length === 0 || token.length > MAX_IDENTITY_TOKEN_CHARS)
        return failure('identity_invalid', INVALID);
      let claims;
      try {
        ({ payload: claims } = await jwtVerify(token, key, {
          algorithms,
          requiredClaims: ['sub', 'exp'],
          clockTolerance: IDENTITY_CLOCK_TOLERANCE_S,
          currentDate: now,
          ...(issuer ? { issuer } : {}),
          ...(audience ? { audience } : {}),
        }));
      } catch (error) {
        if (error instanceof KeysUnavailable) {
          return failure(
            'identity_unavailable',
            'The keys that sign identity tokens cannot be fetched just now; try again shortly.',
          );
        }
        if (error instanceof errors.JWTExpired)
          return failure(
            'identity_expired',
            'The identity token has expired; the app should get a new one from its backend.',
          );
        if (error instanceof errors.JOSEError || error instanceof TypeError)
          return failure('identity_invalid', INVALID);
        throw error;
      }
      const seconds = Math.floor(now.getTime() / 1000);
      const { sub, iss, exp, iat } = claims;
      if (typeof sub !== 'string' || !SUBJECT.test(sub)) return failure('identity_invalid', INVALID);
      if (iss !== undefined && (typeof iss !== 'string' || iss.length > MAX_ISSUER_CHARS))
        return failure('identity_invalid', INVALID);
      if (exp! > seconds + MAX_IDENTITY_TOKEN_LIFETIME_S + IDENTITY_CLOCK_TOLERANCE_S) {
        return failure('identity_invalid', 'The identity token lives too long: its exp may be at most 24 hours ahead.');
      }
      if (iat !== undefined && iat > seconds + IDENTITY_CLOCK_TOLERANCE_S) return failure('identity_invalid', INVALID);
      return { ok: true, consumerId: identifiedConsumerId(iss ?? '', sub), issuer: iss ?? '', subject: sub };
    },
  };
}

class KeysUnavailable extends Error {
  constructor(cause: unknown) {
    super('the identity keys could not be fetched', { cause });
  }
}

function failure(code: IdentityErrorCode, message: string): IdentityFailure {
  return { ok: false, code, message };
}
