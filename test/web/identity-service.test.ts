// Identified consumers on the real service process, on each database: one identity token opens two
// sessions (a phone and a laptop) for the same consumer, the second sees the conversation and the
// case the first opened through the real dialog; the key server of IDENTITY_JWKS_URL is out of
// reach the whole time, which neither stops the start nor HS256 tokens; neither the token nor
// the app's id of the user reaches the logs.
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../bot/dialog/catalogue.ts';
import { DRIVERS } from '../support/databases.ts';
import { startServiceOnFreshDatabase, type ServiceProcess } from '../support/process.ts';

const IDENTITY_SECRET = 'the-apps-backend-shares-this-secret-0123456789';
/** An app that uses e-mail addresses as its user ids: they must stay out of the logs all the same. */
const SUBJECT = 'anna.svensson@example.com';

interface Reply {
  text: string;
  quick_replies?: { title: string; payload: string }[];
  case?: { ref: string; tier: string; status: string; intent: string };
}

const seconds = () => Math.floor(Date.now() / 1000);

for (const kind of DRIVERS) {
  describe(`identified consumers on the real service [${kind}]`, () => {
    let service: ServiceProcess;
    let base: string;
    let stop: () => Promise<void>;

    beforeAll(async () => {
      const started = await startServiceOnFreshDatabase(kind, {
        IDENTITY_SECRET,
        // .invalid never resolves (RFC 6761): the service must start without reaching it
        IDENTITY_JWKS_URL: 'https://keys.invalid/.well-known/jwks.json',
        LOG_LEVEL: 'info',
      });
      service = started.service;
      base = started.base;
      stop = started.stop;
    }, 90_000);
    afterAll(() => stop?.());

    async function openSession(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
      const response = await fetch(`${base}/api/chat/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }

    async function send(session: { user: string; token: string }, text: string): Promise<Reply[]> {
      const response = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
        body: JSON.stringify({ type: 'message', text, user: session.user }),
      });
      if (response.status !== 200)
        throw new Error(
          `status ${response.status}: ${await response.text()}; log: ${service.stdout.slice(-5).join(' | ')}`,
        );
      return response.json();
    }

    it('the same identity token on two devices opens the same consumer, who finds the conversation and the case there', async () => {
      const token = await new SignJWT({ sub: SUBJECT, iat: seconds(), exp: seconds() + 600 })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(IDENTITY_SECRET));

      const phone = await openSession({ identityToken: token, locale: 'en-GB' });
      expect(phone.status).toBe(201);
      const onPhone = phone.body as { user: string; token: string };
      expect(onPhone.user).toMatch(/^i_[A-Za-z0-9_-]{22}$/);
      const answer = await send(onPhone, 'How do I pay my invoice?');
      expect(answer.map((reply) => reply.text)).toContain(t('en', 'helped_question'));
      const handoff = await send(onPhone, 'helped_no');
      const kase = handoff.find((reply) => reply.case)?.case;
      expect(kase).toMatchObject({ tier: 'customer_service', status: 'queued', intent: 'invoice' });

      const laptop = await openSession({ identityToken: token });
      expect(laptop.status).toBe(201);
      const onLaptop = laptop.body as { user: string; token: string };
      expect(onLaptop.user).toBe(onPhone.user);
      const history = (await (
        await fetch(`${base}/api/chat/history`, { headers: { authorization: `Bearer ${onLaptop.token}` } })
      ).json()) as {
        messages: { direction: string; text: string; case?: { ref: string } }[];
      };
      expect(history.messages.filter((message) => message.direction === 'in').map((message) => message.text)).toEqual([
        'How do I pay my invoice?',
        'helped_no',
      ]);
      expect(history.messages.some((message) => message.case?.ref === kase!.ref)).toBe(true);
      const seen = await fetch(`${base}/api/cases/${kase!.ref}`, {
        headers: { authorization: `Bearer ${onLaptop.token}` },
      });
      expect(seen.status).toBe(200);
      expect(((await seen.json()) as { case: unknown }).case).toMatchObject({
        ref: kase!.ref,
        tier: 'customer_service',
        intent: 'invoice',
      });

      // what the laptop writes joins the same consumer's conversation
      await send(onLaptop, 'Thanks!');
      const after = (await (
        await fetch(`${base}/api/chat/history`, { headers: { authorization: `Bearer ${onPhone.token}` } })
      ).json()) as {
        messages: { direction: string; text: string }[];
      };
      expect(after.messages.filter((message) => message.direction === 'in').map((message) => message.text)).toEqual([
        'How do I pay my invoice?',
        'helped_no',
        'Thanks!',
      ]);

      const logs = [...service.stdout, ...service.stderr].join('\n');
      expect(logs).toContain(onPhone.user);
      expect(logs).not.toContain(SUBJECT);
      expect(logs).not.toContain(token.split('.')[2]);
    }, 60_000);

    it('a key server out of reach answers identity_unavailable (503) for RS256 tokens; anonymous sessions go on', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const token = await new SignJWT({ sub: 'user-1', exp: seconds() + 300 })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .sign(privateKey);
      const refused = await openSession({ identityToken: token });
      expect(refused.status).toBe(503);
      expect((refused.body.error as { code: string }).code).toBe('identity_unavailable');
      const anonymous = await openSession({});
      expect(anonymous.status).toBe(201);
      expect(anonymous.body.user).toMatch(/^c_/);
    }, 20_000);
  });
}
