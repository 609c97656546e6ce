import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SESSION_TTL_MS,
  bearerToken,
  identifiedConsumerId,
  isConsumerId,
  issueSession,
  refreshSession,
  signSession,
  verifySession,
} from '../../bot/web/session.ts';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const OTHER = randomBytes(32);
const NOW = new Date('2026-03-02T10:00:00.000Z');
const HOUR = 60 * 60 * 1000;

function at(ms: number): Date {
  return new Date(NOW.getTime() + ms);
}

/** Signs an arbitrary payload the way the service does, to reach the checks behind the MAC. */
function forge(payload: string, secret: string | Buffer = SECRET): string {
  const body = Buffer.from(payload).toString('base64url');
  const mac = createHmac('sha256', secret).update(`v1.${body}`).digest('base64url');
  return `v1.${body}.${mac}`;
}

describe('issuing a session', () => {
  it('gives a new consumer id, a url-safe versioned token and an expiry 24 hours later by default', () => {
    const session = issueSession(SECRET, { now: NOW });
    expect(isConsumerId(session.user)).toBe(true);
    expect(session.user).toMatch(/^c_[A-Za-z0-9_-]{22}$/);
    expect(session.token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(session.expiresAt) - NOW.getTime()).toBe(DEFAULT_SESSION_TTL_MS);
    expect(session.expiresAt).toBe(new Date(session.expiresAt).toISOString());
  });

  it('gives every session its own consumer', () => {
    const users = new Set(Array.from({ length: 200 }, () => issueSession(SECRET, { now: NOW }).user));
    expect(users.size).toBe(200);
  });

  it('accepts epoch milliseconds as well as a Date, and a chosen TTL', () => {
    const session = issueSession(SECRET, { now: NOW.getTime(), ttlMs: 5_000 });
    expect(session.expiresAt).toBe(at(5_000).toISOString());
  });

  it('refuses secrets shorter than 32 bytes, an empty key list, a bad TTL and a bad clock', () => {
    expect(() => issueSession('short', { now: NOW })).toThrow(RangeError);
    expect(() => issueSession([], { now: NOW })).toThrow(TypeError);
    expect(() => issueSession(SECRET, { now: NOW, ttlMs: 0 })).toThrow(RangeError);
    expect(() => issueSession(SECRET, { now: new Date('nonsense') })).toThrow(TypeError);
    expect(() => verifySession(SECRET, 'x', Number.NaN)).toThrow(TypeError);
  });
});

describe('verifying a session', () => {
  it('accepts its own token and tells whose it is and until when', () => {
    const session = issueSession(SECRET, { now: NOW });
    expect(verifySession(SECRET, session.token, at(HOUR))).toEqual({
      ok: true,
      user: session.user,
      issuedAt: NOW.toISOString(),
      expiresAt: session.expiresAt,
    });
  });

  it('holds until the last millisecond and expires at the expiry time', () => {
    const session = issueSession(SECRET, { now: NOW, ttlMs: HOUR });
    expect(verifySession(SECRET, session.token, at(HOUR - 1)).ok).toBe(true);
    expect(verifySession(SECRET, session.token, at(HOUR))).toMatchObject({ ok: false, code: 'session_expired' });
  });

  it.each([undefined, null, ''])('calls a token of %j missing', (token) => {
    expect(verifySession(SECRET, token, NOW)).toMatchObject({ ok: false, code: 'session_missing' });
  });

  it('refuses a token signed with another secret', () => {
    const session = issueSession(OTHER, { now: NOW });
    expect(verifySession(SECRET, session.token, NOW)).toMatchObject({ ok: false, code: 'session_invalid' });
  });

  it('refuses a token whose payload names another consumer', () => {
    const mine = issueSession(SECRET, { now: NOW });
    const theirs = issueSession(SECRET, { now: NOW });
    const [, , mac] = mine.token.split('.');
    const [, payload] = theirs.token.split('.');
    expect(verifySession(SECRET, `v1.${payload}.${mac}`, NOW)).toMatchObject({ ok: false, code: 'session_invalid' });
  });

  it('refuses an expired token that was forged, as invalid rather than expired', () => {
    const forged = issueSession(OTHER, { now: NOW, ttlMs: 1_000 });
    expect(verifySession(SECRET, forged.token, at(HOUR))).toMatchObject({ ok: false, code: 'session_invalid' });
  });

  it('refuses another spelling of the same MAC (base64url trailing bits)', () => {
    const session = issueSession(SECRET, { now: NOW });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = session.token.at(-1)!;
    // The last of 43 characters carries 4 bits; its neighbours in the alphabet share them.
    const index = alphabet.indexOf(last);
    const sibling = alphabet[index ^ 1]!;
    const respelt = session.token.slice(0, -1) + sibling;
    expect(Buffer.from(respelt.split('.')[2]!, 'base64url')).toEqual(
      Buffer.from(session.token.split('.')[2]!, 'base64url'),
    );
    expect(verifySession(SECRET, respelt, NOW)).toMatchObject({ ok: false, code: 'session_invalid' });
  });

  it('refuses a signed payload that is not a well-formed session', () => {
    const user = issueSession(SECRET, { now: NOW }).user;
    const iat = NOW.getTime();
    const cases = [
      'not json',
      JSON.stringify({ u: user, iat }),
      JSON.stringify({ u: 'someone', iat, exp: iat + HOUR }),
      JSON.stringify({ u: user, iat, exp: iat }),
      JSON.stringify({ u: user, iat, exp: iat + HOUR, admin: true }),
      JSON.stringify([user, iat, iat + HOUR]),
      // Correctly signed but past what a Date can print: once thrown out of toISOString() and the process.
      JSON.stringify({ u: user, iat, exp: 9e15 }),
      JSON.stringify({ u: user, iat: 9e15 - HOUR, exp: 9e15 }),
      JSON.stringify({ u: user, iat, exp: iat + 400 * 24 * HOUR }),
    ];
    for (const payload of cases) {
      expect(verifySession(SECRET, forge(payload), NOW), payload).toMatchObject({ ok: false, code: 'session_invalid' });
    }
    // The same route with a good payload passes, so the refusals above are the payload's doing.
    expect(verifySession(SECRET, forge(JSON.stringify({ u: user, iat, exp: iat + HOUR })), NOW)).toMatchObject({
      ok: true,
      user,
    });
  });

  it('refuses another version prefix and non-string tokens', () => {
    const session = issueSession(SECRET, { now: NOW });
    expect(verifySession(SECRET, session.token.replace(/^v1/, 'v2'), NOW)).toMatchObject({ code: 'session_invalid' });
    expect(verifySession(SECRET, 42, NOW)).toMatchObject({ code: 'session_invalid' });
    expect(verifySession(SECRET, { token: session.token }, NOW)).toMatchObject({ code: 'session_invalid' });
  });

  it('gives failures a sentence for people', () => {
    for (const token of [undefined, 'garbage', issueSession(SECRET, { now: NOW, ttlMs: 1 }).token]) {
      const check = verifySession(SECRET, token, at(HOUR));
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.message).toMatch(/^[A-Z].+\.$/);
    }
  });
});

describe('key rotation', () => {
  const NEW = 'the-new-secret-after-rotation-0123456789abcdef';
  const OLD = SECRET;

  it('signs with the first secret and verifies with any of them', () => {
    const beforeRotation = issueSession(OLD, { now: NOW });
    const afterRotation = issueSession([NEW, OLD], { now: NOW });
    expect(verifySession([NEW, OLD], beforeRotation.token, NOW)).toMatchObject({ ok: true, user: beforeRotation.user });
    expect(verifySession([NEW, OLD], afterRotation.token, NOW)).toMatchObject({ ok: true, user: afterRotation.user });
    // Signed with the new one: it stays valid once the old secret is dropped.
    expect(verifySession(NEW, afterRotation.token, NOW).ok).toBe(true);
    expect(verifySession(OLD, afterRotation.token, NOW).ok).toBe(false);
  });

  it('stops accepting old tokens once the old secret is removed', () => {
    const beforeRotation = issueSession(OLD, { now: NOW });
    expect(verifySession([NEW], beforeRotation.token, NOW)).toMatchObject({ ok: false, code: 'session_invalid' });
  });
});

describe('refreshing a session', () => {
  it('keeps the token while more than half of the TTL is left', () => {
    const session = issueSession(SECRET, { now: NOW, ttlMs: 10 * HOUR });
    const result = refreshSession(SECRET, session.token, { now: at(5 * HOUR), ttlMs: 10 * HOUR });
    expect(result).toEqual({ ok: true, refreshed: false, ...session });
  });

  it('issues a new token for the same consumer when less than half is left', () => {
    const session = issueSession(SECRET, { now: NOW, ttlMs: 10 * HOUR });
    const later = at(5 * HOUR + 1);
    const result = refreshSession(SECRET, session.token, { now: later, ttlMs: 10 * HOUR });
    expect(result).toMatchObject({ ok: true, refreshed: true, user: session.user });
    if (!result.ok) throw new Error('unreachable');
    expect(result.token).not.toBe(session.token);
    expect(result.expiresAt).toBe(new Date(later.getTime() + 10 * HOUR).toISOString());
    expect(verifySession(SECRET, result.token, at(12 * HOUR))).toMatchObject({ ok: true, user: session.user });
    expect(verifySession(SECRET, session.token, at(12 * HOUR))).toMatchObject({ code: 'session_expired' });
  });

  it('re-signs with the first secret, moving consumers off a retired key', () => {
    const NEW = 'the-new-secret-after-rotation-0123456789abcdef';
    const session = issueSession(SECRET, { now: NOW });
    const result = refreshSession([NEW, SECRET], session.token, { now: at(20 * HOUR) });
    expect(result).toMatchObject({ ok: true, refreshed: true, user: session.user });
    if (result.ok) expect(verifySession(NEW, result.token, at(20 * HOUR)).ok).toBe(true);
  });

  it('does not revive an expired or forged token', () => {
    const expired = issueSession(SECRET, { now: NOW, ttlMs: HOUR });
    expect(refreshSession(SECRET, expired.token, { now: at(2 * HOUR) })).toMatchObject({
      ok: false,
      code: 'session_expired',
    });
    const forged = issueSession(OTHER, { now: NOW });
    expect(refreshSession(SECRET, forged.token, { now: NOW })).toMatchObject({ ok: false, code: 'session_invalid' });
  });

  it('signs only consumer ids', () => {
    expect(() => signSession(SECRET, 'admin', { now: NOW })).toThrow(TypeError);
  });
});

describe('the Authorization header', () => {
  const token = issueSession(SECRET, { now: NOW }).token;

  it('yields the token of `Bearer <token>`, whatever the case of the scheme', () => {
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer ${token}`)).toBe(token);
  });

  it.each([
    undefined,
    '',
    'Bearer',
    'Bearer ',
    `Bearer  ${'x'}`,
    `Basic dXNlcjpwYXNz`,
    `Bearer ${token} extra`,
    ` Bearer ${token}`,
    `Bearer ${token} `,
    `Bearer\t${token}`,
    `Bearer ${token}\n`,
    `Token ${token}`,
    `Bearer a=b`,
    `Bearer ${'a'.repeat(600)}`,
  ])('yields nothing for %j', (header) => {
    expect(bearerToken(header)).toBeUndefined();
  });

  it('yields nothing for a header given twice (an array)', () => {
    expect(bearerToken([`Bearer ${token}`, `Bearer ${token}`])).toBeUndefined();
  });
});

describe('sessions of identified consumers', () => {
  const identified = identifiedConsumerId('https://app.example', 'user-4711');

  it('are signed, verified and renewed for the derived id like any other', () => {
    const session = signSession(SECRET, identified, { now: NOW, locale: 'fi-FI' });
    expect(session.token.length).toBeLessThan(200);
    expect(verifySession(SECRET, session.token, at(HOUR))).toMatchObject({
      ok: true,
      user: identified,
      locale: 'fi-FI',
    });
    expect(refreshSession(SECRET, session.token, { now: at(20 * HOUR) })).toMatchObject({
      ok: true,
      refreshed: true,
      user: identified,
    });
  });

  it('leave tokens made before identified consumers existed valid: the format is the same', () => {
    const old = forge(
      JSON.stringify({ u: 'c_AAAAAAAAAAAAAAAAAAAAAA', iat: NOW.getTime(), exp: NOW.getTime() + HOUR, l: 'sv-SE' }),
    );
    expect(verifySession(SECRET, old, at(1))).toMatchObject({
      ok: true,
      user: 'c_AAAAAAAAAAAAAAAAAAAAAA',
      locale: 'sv-SE',
    });
  });

  it.each(['i_short', `i_${'A'.repeat(23)}`, `u_${'A'.repeat(22)}`, `i_${'A'.repeat(21)}=`])(
    'refuse a signed payload whose user is %j',
    (user) => {
      const token = forge(JSON.stringify({ u: user, iat: NOW.getTime(), exp: NOW.getTime() + HOUR }));
      expect(verifySession(SECRET, token, at(1))).toMatchObject({ ok: false, code: 'session_invalid' });
      expect(() => signSession(SECRET, user, { now: NOW })).toThrow(TypeError);
    },
  );
});
