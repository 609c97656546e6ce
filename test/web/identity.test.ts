// Identity tokens as the app's backend signs them, verified as the session route verifies them:
// HS256 with a shared secret, RS256 and ES256 with keys from a local stand-in for the app's JWKS
// endpoint, and every way a token can be wrong.
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityVerifier, MAX_IDENTITY_TOKEN_CHARS, type IdentityVerifier } from '../../bot/web/identity.ts';
import { identifiedConsumerId, isConsumerId, isIdentifiedConsumerId } from '../../bot/web/session.ts';

const SECRET = 'the-apps-backend-shares-this-secret-0123456789';
const NOW = new Date('2026-03-02T10:00:00.000Z');
const SECONDS = Math.floor(NOW.getTime() / 1000);

function hs256(claims: JWTPayload, secret = SECRET, alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));
}

/** Claims a good token has: a subject and an expiry five minutes ahead, issued now. */
const fresh = (extra: JWTPayload = {}): JWTPayload => ({
  sub: 'user-4711',
  iat: SECONDS,
  exp: SECONDS + 300,
  ...extra,
});

/** A stand-in for the app's JWKS endpoint, counting its fetches; `mode` makes it fail. */
class KeyServer {
  keys: JWK[] = [];
  fetches = 0;
  mode: 'ok' | 'error' | 'hang' = 'ok';
  private server?: Server;
  url = '';

  async start() {
    this.server = createServer((req, res) => {
      this.fetches += 1;
      if (this.mode === 'hang') return; // never answers: the verifier's timeout must end the wait
      if (this.mode === 'error') {
        res.writeHead(500).end('down');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.keys }));
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/.well-known/jwks.json`;
  }

  stop() {
    this.server?.closeAllConnections();
    this.server?.close();
  }
}

describe('consumer ids of identified consumers', () => {
  it('are derived from (issuer, subject): the same pair always gives the same id, another pair another', () => {
    const id = identifiedConsumerId('https://app.example', 'user-4711');
    expect(id).toBe(identifiedConsumerId('https://app.example', 'user-4711'));
    expect(id).toMatch(/^i_[A-Za-z0-9_-]{22}$/);
    expect(isConsumerId(id) && isIdentifiedConsumerId(id)).toBe(true);
    const others = [
      identifiedConsumerId('https://app.example', 'user-4712'),
      identifiedConsumerId('https://other.example', 'user-4711'),
      identifiedConsumerId('', 'user-4711'),
      // the parts are kept apart: no shifting of characters between issuer and subject
      identifiedConsumerId('https://app.example/', 'ser-4711'),
      identifiedConsumerId('https://app.exampleu', 'ser-4711'),
    ];
    expect(new Set([id, ...others]).size).toBe(6);
  });

  it('cannot be taken for anonymous ones, nor anonymous ones for them', () => {
    expect(isIdentifiedConsumerId('c_AAAAAAAAAAAAAAAAAAAAAA')).toBe(false);
    expect(isConsumerId('c_AAAAAAAAAAAAAAAAAAAAAA')).toBe(true);
    expect(isConsumerId('x_AAAAAAAAAAAAAAAAAAAAAA')).toBe(false);
  });
});

describe('HS256 tokens (IDENTITY_SECRET)', () => {
  const verifier = identityVerifier({ secret: SECRET })!;

  it('a good token gives the consumer of its subject; a later token of the same subject the same consumer', async () => {
    const first = await verifier.verify(await hs256(fresh()), NOW);
    expect(first).toEqual({
      ok: true,
      consumerId: identifiedConsumerId('', 'user-4711'),
      issuer: '',
      subject: 'user-4711',
    });
    const later = new Date(NOW.getTime() + 3_600_000);
    const second = await verifier.verify(
      await hs256(fresh({ iat: SECONDS + 3_600, exp: SECONDS + 3_900, jti: 'x' })),
      later,
    );
    expect(second.ok && second.consumerId).toBe(identifiedConsumerId('', 'user-4711'));
    const other = await verifier.verify(await hs256(fresh({ sub: 'user-4712' })), NOW);
    expect(other.ok && other.consumerId).not.toBe(identifiedConsumerId('', 'user-4711'));
  });

  it('the issuer is part of who the consumer is', async () => {
    const check = await verifier.verify(await hs256(fresh({ iss: 'https://app.example' })), NOW);
    expect(check).toMatchObject({
      ok: true,
      issuer: 'https://app.example',
      consumerId: identifiedConsumerId('https://app.example', 'user-4711'),
    });
  });

  it('expired is identity_expired; within the minute of clock tolerance it is still good', async () => {
    expect(await verifier.verify(await hs256(fresh({ iat: SECONDS - 600, exp: SECONDS - 61 })), NOW)).toMatchObject({
      ok: false,
      code: 'identity_expired',
    });
    expect(await verifier.verify(await hs256(fresh({ iat: SECONDS - 600, exp: SECONDS - 30 })), NOW)).toMatchObject({
      ok: true,
    });
  });

  it('signed with another secret is identity_invalid', async () => {
    const check = await verifier.verify(await hs256(fresh(), 'somebody-elses-secret-that-is-long-enough-too'), NOW);
    expect(check).toMatchObject({ ok: false, code: 'identity_invalid' });
  });

  it('a token changed after signing (another subject) is identity_invalid', async () => {
    const [header, , signature] = (await hs256(fresh())).split('.');
    const payload = Buffer.from(JSON.stringify(fresh({ sub: 'admin' }))).toString('base64url');
    expect(await verifier.verify(`${header}.${payload}.${signature}`, NOW)).toMatchObject({
      ok: false,
      code: 'identity_invalid',
    });
  });

  it('alg none (unsigned) is identity_invalid', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(fresh())).toString('base64url');
    expect(await verifier.verify(`${header}.${payload}.`, NOW)).toMatchObject({ ok: false, code: 'identity_invalid' });
    expect(await verifier.verify(`${header}.${payload}`, NOW)).toMatchObject({ ok: false, code: 'identity_invalid' });
  });

  it('another algorithm, even with the right secret (HS512, HS384), is identity_invalid', async () => {
    expect(await verifier.verify(await hs256(fresh(), SECRET, 'HS512'), NOW)).toMatchObject({
      ok: false,
      code: 'identity_invalid',
    });
    expect(await verifier.verify(await hs256(fresh(), SECRET, 'HS384'), NOW)).toMatchObject({
      ok: false,
      code: 'identity_invalid',
    });
  });

  it('an RS256 token is identity_invalid when only a secret is configured', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT(fresh()).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    expect(await verifier.verify(token, NOW)).toMatchObject({ ok: false, code: 'identity_invalid' });
  });

  it('without sub or without exp it is identity_invalid', async () => {
    const { sub: _sub, ...noSubject } = fresh();
    const { exp: _exp, ...noExpiry } = fresh();
    expect(await verifier.verify(await hs256(noSubject), NOW)).toMatchObject({ ok: false, code: 'identity_invalid' });
    expect(await verifier.verify(await hs256(noExpiry), NOW)).toMatchObject({ ok: false, code: 'identity_invalid' });
  });

  it('a subject that is not a plain string of 1 to 255 characters is identity_invalid', async () => {
    for (const sub of ['', 'a'.repeat(256), 'line\nbreak', 4711, ['user-4711']]) {
      const check = await verifier.verify(await hs256(fresh({ sub: sub as string })), NOW);
      expect(check, JSON.stringify(sub)).toMatchObject({ ok: false, code: 'identity_invalid' });
    }
    expect(await verifier.verify(await hs256(fresh({ sub: 'a'.repeat(255) })), NOW)).toMatchObject({ ok: true });
  });

  it('not yet valid (nbf), issued in the future (iat) or expiring more than 24 hours ahead is identity_invalid', async () => {
    expect(await verifier.verify(await hs256(fresh({ nbf: SECONDS + 120 })), NOW)).toMatchObject({
      ok: false,
      code: 'identity_invalid',
    });
    expect(await verifier.verify(await hs256(fresh({ iat: SECONDS + 120, exp: SECONDS + 600 })), NOW)).toMatchObject({
      ok: false,
      code: 'identity_invalid',
    });
    expect(await verifier.verify(await hs256(fresh({ exp: SECONDS + 25 * 3_600 })), NOW)).toMatchObject({
      ok: false,
      code: 'identity_invalid',
    });
    // the same within the tolerance, and a day exactly
    expect(
      await verifier.verify(
        await hs256(fresh({ nbf: SECONDS + 30, iat: SECONDS + 30, exp: SECONDS + 24 * 3_600 })),
        NOW,
      ),
    ).toMatchObject({ ok: true });
  });

  it('an oversized token, an empty one and anything that is not a string are identity_invalid', async () => {
    const padded = await hs256(fresh({ pad: 'x'.repeat(MAX_IDENTITY_TOKEN_CHARS) }));
    expect(padded.length).toBeGreaterThan(MAX_IDENTITY_TOKEN_CHARS);
    for (const token of [padded, '', 'not.a.jwt', 'a.b', 4711, { sub: 'user-4711' }, ['x']]) {
      expect(await verifier.verify(token, NOW)).toMatchObject({ ok: false, code: 'identity_invalid' });
    }
  });

  it('with IDENTITY_ISSUER and IDENTITY_AUDIENCE set, a token for another issuer or audience is identity_invalid', async () => {
    const strict = identityVerifier({ secret: SECRET, issuer: 'https://app.example', audience: 'ombud' })!;
    const good = fresh({ iss: 'https://app.example', aud: ['ombud', 'other'] });
    expect(await strict.verify(await hs256(good), NOW)).toMatchObject({ ok: true, issuer: 'https://app.example' });
    for (const claims of [
      { ...good, iss: 'https://other.example' },
      { ...good, aud: 'another-service' },
      fresh({ aud: 'ombud' }),
      fresh({ iss: 'https://app.example' }),
    ]) {
      expect(await strict.verify(await hs256(claims), NOW), JSON.stringify(claims)).toMatchObject({
        ok: false,
        code: 'identity_invalid',
      });
    }
  });

  it('without IDENTITY_SECRET and IDENTITY_JWKS_URL there is no verifier: the service takes no tokens', () => {
    expect(identityVerifier({})).toBeUndefined();
  });
});

describe('RS256 and ES256 tokens (IDENTITY_JWKS_URL)', () => {
  const keyServer = new KeyServer();
  let rsa: CryptoKey;
  let ec: CryptoKey;
  let rsaPublic: CryptoKey;
  let verifier: IdentityVerifier;

  beforeAll(async () => {
    await keyServer.start();
    const rsaPair = await generateKeyPair('RS256', { extractable: true });
    const ecPair = await generateKeyPair('ES256', { extractable: true });
    rsa = rsaPair.privateKey;
    rsaPublic = rsaPair.publicKey;
    ec = ecPair.privateKey;
    keyServer.keys = [
      { ...(await exportJWK(rsaPair.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ecPair.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    verifier = identityVerifier({ jwksUrl: keyServer.url })!;
  });
  afterAll(() => keyServer.stop());

  const sign = (key: CryptoKey, alg: string, kid: string, claims = fresh()) =>
    new SignJWT(claims).setProtectedHeader({ alg, kid }).sign(key);

  it('fetches no key before the first token, then one fetch serves many tokens', async () => {
    const lazy = identityVerifier({ jwksUrl: keyServer.url })!;
    const before = keyServer.fetches;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(keyServer.fetches).toBe(before);
    for (let index = 0; index < 3; index++) {
      expect(await lazy.verify(await sign(rsa, 'RS256', 'rsa-1'), NOW)).toMatchObject({
        ok: true,
        consumerId: identifiedConsumerId('', 'user-4711'),
      });
    }
    expect(keyServer.fetches).toBe(before + 1);
  });

  it('accepts RS256 and ES256 tokens by the published keys', async () => {
    expect(await verifier.verify(await sign(rsa, 'RS256', 'rsa-1'), NOW)).toMatchObject({
      ok: true,
      subject: 'user-4711',
    });
    expect(await verifier.verify(await sign(ec, 'ES256', 'ec-1', fresh({ sub: 'user-9' })), NOW)).toMatchObject({
      ok: true,
      subject: 'user-9',
    });
  });

  it('a key that is not published (an unknown kid, or a known kid with another key) is identity_invalid', async () => {
    const { privateKey: stranger } = await generateKeyPair('RS256');
    expect(await verifier.verify(await sign(stranger, 'RS256', 'rsa-1'), NOW)).toMatchObject({
      ok: false,
      code: 'identity_invalid',
    });
    expect(await verifier.verify(await sign(stranger, 'RS256', 'rsa-unknown'), NOW)).toMatchObject({
      ok: false,
      code: 'identity_invalid',
    });
  });

  it('expired is identity_expired', async () => {
    const token = await sign(ec, 'ES256', 'ec-1', fresh({ iat: SECONDS - 900, exp: SECONDS - 300 }));
    expect(await verifier.verify(token, NOW)).toMatchObject({ ok: false, code: 'identity_expired' });
  });

  it('HS256 signed with the public key as its secret (the algorithm confusion attack) is identity_invalid', async () => {
    const publicJwk = JSON.stringify(await exportJWK(rsaPublic));
    const forged = await new SignJWT(fresh())
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
      .sign(new TextEncoder().encode(publicJwk));
    expect(await verifier.verify(forged, NOW)).toMatchObject({ ok: false, code: 'identity_invalid' });
  });

  it('an oversized token is refused without asking the key server, however well signed', async () => {
    const unused = identityVerifier({ jwksUrl: keyServer.url })!;
    const before = keyServer.fetches;
    const token = await sign(rsa, 'RS256', 'rsa-1', fresh({ pad: 'x'.repeat(MAX_IDENTITY_TOKEN_CHARS) }));
    expect(await unused.verify(token, NOW)).toMatchObject({ ok: false, code: 'identity_invalid' });
    expect(keyServer.fetches).toBe(before);
  });

  it('a key server that fails or does not answer is identity_unavailable (503), not the token’s fault', async () => {
    const down = new KeyServer();
    await down.start();
    try {
      down.mode = 'error';
      const failing = identityVerifier({ jwksUrl: down.url })!;
      expect(await failing.verify(await sign(rsa, 'RS256', 'rsa-1'), NOW)).toMatchObject({
        ok: false,
        code: 'identity_unavailable',
      });
      down.mode = 'hang';
      const hanging = identityVerifier({ jwksUrl: down.url })!;
      const started = Date.now();
      expect(await hanging.verify(await sign(rsa, 'RS256', 'rsa-1'), NOW)).toMatchObject({
        ok: false,
        code: 'identity_unavailable',
      });
      expect(Date.now() - started).toBeLessThan(6_000);
    } finally {
      down.stop();
    }
    const nobody = identityVerifier({ jwksUrl: 'http://127.0.0.1:9/jwks.json' })!;
    expect(await nobody.verify(await sign(rsa, 'RS256', 'rsa-1'), NOW)).toMatchObject({
      ok: false,
      code: 'identity_unavailable',
    });
  }, 15_000);

  it('with both a secret and keys, each algorithm is checked by its own key source', async () => {
    const both = identityVerifier({ secret: SECRET, jwksUrl: keyServer.url })!;
    expect(await both.verify(await hs256(fresh()), NOW)).toMatchObject({ ok: true });
    expect(await both.verify(await sign(rsa, 'RS256', 'rsa-1'), NOW)).toMatchObject({ ok: true });
    // the same person, whichever way the app signs
    const viaSecret = await both.verify(await hs256(fresh()), NOW);
    const viaKey = await both.verify(await sign(ec, 'ES256', 'ec-1'), NOW);
    expect(viaSecret.ok && viaKey.ok && viaSecret.consumerId === viaKey.consumerId).toBe(true);
  });
});
