// POST /api/chat/session with an identity token, on the real HTTP service and each driver: the
// same person gets the same consumer on every device (their history and cases with it), and a
// token that is refused opens no session and writes nothing.
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import express from 'express';
import { SignJWT, type JWTPayload } from 'jose';
import { createHttpService, type HttpService } from '../../bot/http.ts';
import { identityVerifier } from '../../bot/web/identity.ts';
import { mountChatApi } from '../../bot/web/routes.ts';
import { identifiedConsumerId, issueSession, verifySession } from '../../bot/web/session.ts';
import { identifiedConsumer, openConversation, storeInbound, storeOutbound } from '../../db/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { contextFor, openTestCase } from '../db/support.ts';

const SESSION_SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';
const IDENTITY_SECRET = 'the-apps-backend-shares-this-secret-0123456789';
const OWN = 'http://localhost:3000';

const seconds = () => Math.floor(Date.now() / 1000);
function identityToken(claims: JWTPayload = {}, secret = IDENTITY_SECRET): Promise<string> {
  return new SignJWT({ sub: 'app-user-1', iss: 'https://app.example', iat: seconds(), exp: seconds() + 300, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(secret));
}

describeEachDriver('identified chat sessions', (current) => {
  let http: HttpService;
  let withoutIdentity: HttpService;
  let base: string;
  let baseWithoutIdentity: string;

  beforeAll(async () => {
    const db = current().db;
    const mount = (identity: boolean) => (app: express.Express) => {
      app.use(express.json({ limit: '32kb' }));
      mountChatApi(app, {
        db,
        secrets: SESSION_SECRET,
        allowedOrigins: [OWN],
        ...(identity ? { identity: identityVerifier({ secret: IDENTITY_SECRET, issuer: 'https://app.example' }) } : {}),
      });
    };
    http = createHttpService({ db, log: pino({ level: 'silent' }), mount: mount(true) });
    base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
    withoutIdentity = createHttpService({ db, log: pino({ level: 'silent' }), mount: mount(false) });
    baseWithoutIdentity = `http://127.0.0.1:${await withoutIdentity.listen(0, '127.0.0.1')}`;
  });
  afterAll(async () => {
    await http.stop(1_000);
    await withoutIdentity.stop(1_000);
  });

  function openSession(body: unknown, headers: Record<string, string> = {}, at = base) {
    return fetch(`${at}/api/chat/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }

  async function consumerRows(): Promise<number> {
    const { rows } = await current().db.query<{ n: number }>('SELECT count(*)::int AS n FROM consumers');
    return rows[0]!.n;
  }

  it('the same person on two devices is the same consumer, with their history and their case', async () => {
    // the phone: a token the app's backend signed a moment ago
    const phone = await openSession({ identityToken: await identityToken(), locale: 'sv-SE' });
    expect(phone.status).toBe(201);
    const onPhone = (await phone.json()) as { user: string; token: string; expiresAt: string };
    expect(onPhone.user).toBe(identifiedConsumerId('https://app.example', 'app-user-1'));
    expect(verifySession(SESSION_SECRET, onPhone.token, new Date())).toMatchObject({
      ok: true,
      user: onPhone.user,
      locale: 'sv-SE',
    });

    const db = current().db;
    const conversation = await openConversation(db, { consumerId: onPhone.user, channel: 'app', at: new Date() });
    const kase = await openTestCase(contextFor(db), 'merchant_disagreement', new Date(), onPhone.user);
    await storeInbound(db, {
      conversationId: conversation,
      author: 'consumer',
      text: 'Skorna kom aldrig',
      redactedText: 'Skorna kom aldrig',
      at: new Date(),
    });
    await storeOutbound(db, {
      conversationId: conversation,
      caseId: kase.id,
      author: 'bot',
      text: 'Ärende skapat',
      redactedText: 'Ärende skapat',
      at: new Date(),
    });

    // the web, later: another token (another iat and exp) of the same user
    const web = await openSession({
      identityToken: await identityToken({ iat: seconds() + 1, exp: seconds() + 600, jti: 'web' }),
    });
    expect(web.status).toBe(201);
    const onWeb = (await web.json()) as { user: string; token: string };
    expect(onWeb.user).toBe(onPhone.user);
    expect(onWeb.token).not.toBe(onPhone.token);
    const history = await (
      await fetch(`${base}/api/chat/history`, { headers: { authorization: `Bearer ${onWeb.token}` } })
    ).json();
    expect(
      history.messages.map((message: { direction: string; text: string }) => `${message.direction}: ${message.text}`),
    ).toEqual(['in: Skorna kom aldrig', 'out: Ärende skapat']);
    const seen = await fetch(`${base}/api/cases/${kase.case.ref}`, {
      headers: { authorization: `Bearer ${onWeb.token}` },
    });
    expect(seen.status).toBe(200);
    expect((await seen.json()).case).toMatchObject({
      ref: kase.case.ref,
      intent: 'merchant_disagreement',
      invoiceState: 'paused',
    });

    // who the app vouched for is kept for the company's own systems, under the derived id
    expect(await identifiedConsumer(db, onPhone.user)).toMatchObject({
      issuer: 'https://app.example',
      subject: 'app-user-1',
    });
    // another user of the app is another consumer, who sees none of it
    const other = (await (await openSession({ identityToken: await identityToken({ sub: 'app-user-2' }) })).json()) as {
      user: string;
      token: string;
    };
    expect(other.user).not.toBe(onPhone.user);
    expect(
      (await fetch(`${base}/api/cases/${kase.case.ref}`, { headers: { authorization: `Bearer ${other.token}` } }))
        .status,
    ).toBe(404);
  });

  it('without a token the session is anonymous, as before, and writes nothing', async () => {
    const before = await consumerRows();
    for (const body of [{}, { identityToken: null }, { locale: 'de-DE' }]) {
      const response = await openSession(body);
      expect(response.status).toBe(201);
      expect((await response.json()).user).toMatch(/^c_[A-Za-z0-9_-]{22}$/);
    }
    expect(await consumerRows()).toBe(before);
  });

  it('a locale that is no language tag, or a body that is no object, is refused and opens no session', async () => {
    for (const body of [
      { locale: 42 },
      { locale: ['sv-SE'] },
      { locale: 'svenska bitte' },
      { locale: '' },
      ['sv-SE'],
    ]) {
      const response = await openSession(body);
      const answer = await response.json();
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(answer.error.code).toBe('invalid_request');
      expect(answer.error.message).toMatch(/locale|JSON object/);
      expect(answer).not.toHaveProperty('token');
    }
    // A tag of a language the bot does not speak is the app's to send; the conversation then tells.
    for (const locale of ['pt-BR', 'sv_se', 'de-CH-1996']) {
      const response = await openSession({ locale });
      expect(response.status, locale).toBe(201);
    }
    const keptAs = verifySession(
      SESSION_SECRET,
      (await (await openSession({ locale: 'sv_se' })).json()).token,
      Date.now(),
    );
    expect(keptAs.ok && keptAs.locale).toBe('sv-SE');
  });

  it('an expired, forged, unsigned or malformed token is refused with its code, and nothing is written', async () => {
    const before = await consumerRows();
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ sub: 'app-user-3', iss: 'https://app.example', exp: seconds() + 300 }),
    ).toString('base64url');
    const cases: [unknown, number, string][] = [
      [await identityToken({ sub: 'app-user-3', iat: seconds() - 900, exp: seconds() - 600 }), 401, 'identity_expired'],
      [
        await identityToken({ sub: 'app-user-3' }, 'a-secret-that-is-not-the-apps-at-all-012345'),
        401,
        'identity_invalid',
      ],
      [`${header}.${payload}.`, 401, 'identity_invalid'],
      [await identityToken({ sub: 'app-user-3', iss: 'https://elsewhere.example' }), 401, 'identity_invalid'],
      ['', 401, 'identity_invalid'],
      [4711, 401, 'identity_invalid'],
      [`${await identityToken({ sub: 'app-user-3' })}${'x'.repeat(5_000)}`, 401, 'identity_invalid'],
    ];
    for (const [token, status, code] of cases) {
      const response = await openSession({ identityToken: token });
      const body = await response.json();
      expect(response.status, JSON.stringify(token).slice(0, 60)).toBe(status);
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(/identity token/);
      expect(body).not.toHaveProperty('token');
    }
    expect(await consumerRows()).toBe(before);
    expect(
      await identifiedConsumer(current().db, identifiedConsumerId('https://app.example', 'app-user-3')),
    ).toBeUndefined();
  });

  it('renewing a session with a token for another consumer is refused (identity_mismatch); the same consumer renews, an anonymous one signs in', async () => {
    const alice = (await (await openSession({ identityToken: await identityToken({ sub: 'alice' }) })).json()) as {
      user: string;
      token: string;
    };
    const before = await consumerRows();
    const mixedUp = await openSession(
      { identityToken: await identityToken({ sub: 'mallory' }) },
      { authorization: `Bearer ${alice.token}` },
    );
    expect(mixedUp.status).toBe(403);
    expect((await mixedUp.json()).error.code).toBe('identity_mismatch');
    expect(await consumerRows()).toBe(before);

    const renewed = await openSession(
      { identityToken: await identityToken({ sub: 'alice', jti: 'renew' }) },
      { authorization: `Bearer ${alice.token}` },
    );
    expect(renewed.status).toBe(201);
    expect((await renewed.json()).user).toBe(alice.user);

    const anonymous = issueSession(SESSION_SECRET, { now: new Date() });
    const signedIn = await openSession(
      { identityToken: await identityToken({ sub: 'bob' }) },
      { authorization: `Bearer ${anonymous.token}` },
    );
    expect(signedIn.status).toBe(201);
    expect((await signedIn.json()).user).toBe(identifiedConsumerId('https://app.example', 'bob'));
  });

  it('a service without IDENTITY_SECRET or IDENTITY_JWKS_URL refuses a token rather than open an anonymous session in its place', async () => {
    const before = await consumerRows();
    const response = await openSession({ identityToken: await identityToken() }, {}, baseWithoutIdentity);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('identity_not_configured');
    expect(await consumerRows()).toBe(before);
  });
});
