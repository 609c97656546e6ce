// Agents' links to evidence (docs/evidence.md): the Slack case card carries, for each file, a link
// `/api/evidence/:id?expires=<unix seconds>&sig=<HMAC>` that works without any login for at most
// EVIDENCE_LINK_TTL_SECONDS. The HMAC-SHA256 is over the file's id and the expiry, keyed with the
// session secret the service already has (SESSION_SECRET; the first of several signs, any
// verifies, so a rotation does not void links in flight). A link to one file opens no other.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SessionSecrets } from '../web/session.ts';

/** A link works for at most 15 minutes. */
export const EVIDENCE_LINK_TTL_SECONDS = 15 * 60;

function keys(secrets: SessionSecrets): (string | Uint8Array)[] {
  return (Array.isArray(secrets) ? [...secrets] : [secrets]) as (string | Uint8Array)[];
}

function signature(secret: string | Uint8Array, id: string, expires: number): Buffer {
  return createHmac('sha256', secret).update(`ombud-evidence-link:${id}:${expires}`).digest();
}

/** The path and query of a link to file `id`, valid until `now` + the TTL (or less). */
export function signEvidenceLink(
  secrets: SessionSecrets,
  id: string,
  now: Date,
  ttlSeconds = EVIDENCE_LINK_TTL_SECONDS,
): string {
  const expires = Math.floor(now.getTime() / 1000) + Math.min(ttlSeconds, EVIDENCE_LINK_TTL_SECONDS);
  const sig = signature(keys(secrets)[0]!, id, expires).toString('base64url');
  return `/api/evidence/${encodeURIComponent(id)}?expires=${expires}&sig=${sig}`;
}

export type LinkCheck = { ok: true } | { ok: false; code: 'evidence_link_invalid' | 'evidence_link_expired' };

export function checkEvidenceLink(
  secrets: SessionSecrets,
  id: string,
  expiresRaw: unknown,
  sigRaw: unknown,
  now: Date,
): LinkCheck {
  if (
    typeof expiresRaw !== 'string' ||
    !/^\d{1,12}$/.test(expiresRaw) ||
    typeof sigRaw !== 'string' ||
    !/^[A-Za-z0-9_-]{43}$/.test(sigRaw)
  ) {
    return { ok: false, code: 'evidence_link_invalid' };
  }
  const expires = Number(expiresRaw);
  const given = Buffer.from(sigRaw, 'base64url');
  const genuine = keys(secrets).some((secret) => {
    const expected = signature(secret, id, expires);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!genuine) return { ok: false, code: 'evidence_link_invalid' };
  const nowSeconds = Math.floor(now.getTime() / 1000);
  // Past its time; or further out than any link we sign (a secret that signed such is not ours).
  if (expires <= nowSeconds) return { ok: false, code: 'evidence_link_expired' };
  if (expires > nowSeconds + EVIDENCE_LINK_TTL_SECONDS + 5) return { ok: false, code: 'evidence_link_invalid' };
  return { ok: true };
}
