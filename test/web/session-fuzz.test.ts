// Whatever arrives as a token, verifySession answers and never says yes unless the token is one
// this secret signed, unchanged and unexpired.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issueSession, verifySession, type SessionCheck } from '../../bot/web/session.ts';

const SECRET = 'fuzzing-secret-0123456789-0123456789-abcdef';
const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const RUNS = { numRuns: 300 };

function neverOk(check: SessionCheck): void {
  expect(check.ok).toBe(false);
  if (!check.ok) expect(['session_missing', 'session_invalid', 'session_expired']).toContain(check.code);
}

const secretArb = fc.uint8Array({ minLength: 32, maxLength: 64 });
const tokenShaped = fc
  .tuple(
    fc.constantFrom('v1', 'v0', 'v2', 'V1', ''),
    fc.base64String({ maxLength: 200 }),
    fc.base64String({ maxLength: 60 }),
  )
  .map(([v, p, m]) => `${v}.${p.replace(/\+/g, '-').replace(/\//g, '_')}.${m.replace(/=+$/, '')}`);

describe('verifySession under fuzzing', () => {
  it('never accepts or throws on arbitrary values and strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.string({ maxLength: 400 }),
          fc.string({ unit: 'binary', maxLength: 100 }),
          tokenShaped,
        ),
        (token) => {
          neverOk(verifySession(SECRET, token, NOW));
        },
      ),
      RUNS,
    );
  });

  it('never accepts a truncated token', () => {
    fc.assert(
      fc.property(fc.nat(), (cut) => {
        const { token } = issueSession(SECRET, { now: NOW });
        const truncated = token.slice(0, cut % token.length);
        neverOk(verifySession(SECRET, truncated, NOW));
      }),
      RUNS,
    );
  });

  it('never accepts a token with any character changed, added or removed', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
    fc.assert(
      fc.property(
        fc.nat(),
        fc.constantFrom(...alphabet),
        fc.constantFrom('replace', 'insert', 'delete'),
        (position, char, edit) => {
          const { token } = issueSession(SECRET, { now: NOW });
          const i = position % token.length;
          const altered =
            edit === 'replace'
              ? token.slice(0, i) + char + token.slice(i + 1)
              : edit === 'insert'
                ? token.slice(0, i) + char + token.slice(i)
                : token.slice(0, i) + token.slice(i + 1);
          fc.pre(altered !== token);
          neverOk(verifySession(SECRET, altered, NOW));
        },
      ),
      RUNS,
    );
  });

  it('never accepts the payload of one valid token with the MAC of another', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), (offsetA, ttlB) => {
        const a = issueSession(SECRET, { now: NOW - offsetA }).token.split('.');
        const b = issueSession(SECRET, { now: NOW, ttlMs: ttlB }).token.split('.');
        neverOk(verifySession(SECRET, `${a[0]}.${a[1]}.${b[2]}`, NOW));
        neverOk(verifySession(SECRET, `${b[0]}.${b[1]}.${a[2]}`, NOW));
      }),
      RUNS,
    );
  });

  it('never accepts a token signed with another secret', () => {
    fc.assert(
      fc.property(secretArb, secretArb, fc.integer({ min: -1_000_000, max: 1_000_000 }), (signing, verifying, skew) => {
        fc.pre(!Buffer.from(signing).equals(Buffer.from(verifying)));
        const { token } = issueSession(signing, { now: NOW });
        neverOk(verifySession(verifying, token, NOW + skew));
        // The same token under its own secret passes (within its lifetime), so the check bites.
        expect(verifySession(signing, token, NOW + Math.abs(skew)).ok).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('accepts an untouched token for exactly its lifetime, whatever the secret and TTL', () => {
    fc.assert(
      fc.property(
        secretArb,
        fc.integer({ min: 1, max: 30 * 24 * 3600 * 1000 }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (secret, ttlMs, fraction) => {
          const session = issueSession(secret, { now: NOW, ttlMs });
          const when = NOW + Math.floor(ttlMs * fraction);
          const check = verifySession(secret, session.token, when);
          if (when < NOW + ttlMs) expect(check).toMatchObject({ ok: true, user: session.user });
          else expect(check).toMatchObject({ ok: false, code: 'session_expired' });
        },
      ),
      { numRuns: 150 },
    );
  });
});
