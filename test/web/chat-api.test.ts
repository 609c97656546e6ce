// The chat's HTTP API on the real HTTP service, on each driver.
import { request } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import express from 'express';
import { createHttpService, type HttpService } from '../../bot/http.ts';
import { mountChatApi } from '../../bot/web/routes.ts';
import { issueSession } from '../../bot/web/session.ts';
import { openConversation, storeInbound, storeOutbound } from '../../db/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { contextFor, openTestCase } from '../db/support.ts';

const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';
const OWN = 'http://localhost:3000';

describeEachDriver('the chat API', (current) => {
  let http: HttpService;
  let base: string;

  beforeAll(async () => {
    http = createHttpService({
      db: current().db,
      log: pino({ level: 'silent' }),
      mount: (app) => {
        app.use(express.json({ limit: '32kb' }));
        mountChatApi(app, { db: current().db, secrets: SECRET, allowedOrigins: [OWN, 'https://shop.example'] });
      },
    });
    base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  });
  afterAll(() => http.stop(1_000));

  async function newSession() {
    const response = await fetch(`${base}/api/chat/session`, { method: 'POST' });
    expect(response.status).toBe(201);
    return (await response.json()) as { user: string; token: string; expiresAt: string };
  }

  it('POST /api/chat/session answers {user, token, expiresAt} and the token opens the API', async () => {
    const session = await newSession();
    expect(session.user).toMatch(/^c_[A-Za-z0-9_-]{22}$/);
    expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
    const history = await fetch(`${base}/api/chat/history`, { headers: { authorization: `Bearer ${session.token}` } });
    expect(history.status).toBe(200);
    expect(await history.json()).toEqual({ messages: [] });
  });

  it('missing, forged and expired sessions are refused with 401 and the error body', async () => {
    const missing = await fetch(`${base}/api/chat/history`);
    expect(missing.status).toBe(401);
    expect((await missing.json()).error.code).toBe('session_missing');
    const session = await newSession();
    const forged = `${session.token.slice(0, -2)}${session.token.endsWith('AA') ? 'BB' : 'AA'}`;
    const bad = await fetch(`${base}/api/chat/history`, { headers: { authorization: `Bearer ${forged}` } });
    expect((await bad.json()).error.code).toBe('session_invalid');
    const old = issueSession(SECRET, { now: new Date(Date.now() - 48 * 3600_000) });
    const expired = await fetch(`${base}/api/chat/history`, { headers: { authorization: `Bearer ${old.token}` } });
    expect(expired.status).toBe(401);
    expect((await expired.json()).error.code).toBe('session_expired');
    const otherSecret = issueSession('another-secret-that-is-also-32-bytes-long!!', { now: new Date() });
    const wrongKey = await fetch(`${base}/api/chat/history`, {
      headers: { authorization: `Bearer ${otherSecret.token}` },
    });
    expect((await wrongKey.json()).error.code).toBe('session_invalid');
  });

  it("a consumer reads their own case; another consumer's case answers 404 like a missing one", async () => {
    const alice = await newSession();
    const bob = await newSession();
    const kase = await openTestCase(contextFor(current().db), 'merchant_disagreement', new Date(), alice.user);
    const own = await fetch(`${base}/api/cases/${kase.case.ref}`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(own.status).toBe(200);
    expect((await own.json()).case).toMatchObject({
      ref: kase.case.ref,
      tier: 'investigation',
      status: 'awaiting_merchant',
      invoiceState: 'paused',
    });
    const theirs = await fetch(`${base}/api/cases/${kase.case.ref}`, {
      headers: { authorization: `Bearer ${bob.token}` },
    });
    const missing = await fetch(`${base}/api/cases/OMB-00000000`, {
      headers: { authorization: `Bearer ${bob.token}` },
    });
    expect(theirs.status).toBe(404);
    expect((await theirs.json()).error.code).toBe('case_not_found');
    expect(missing.status).toBe(404);
  });

  it('history is the consumer’s own messages in order, with the case on replies that carry one', async () => {
    const alice = await newSession();
    const db = current().db;
    const conversation = await openConversation(db, { consumerId: alice.user, channel: 'web', at: new Date() });
    const kase = await openTestCase(contextFor(db), 'invoice', new Date(), alice.user);
    await storeInbound(db, {
      conversationId: conversation,
      author: 'consumer',
      text: 'fakturan är fel',
      redactedText: 'fakturan är fel',
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
    const response = await fetch(`${base}/api/chat/history`, { headers: { authorization: `Bearer ${alice.token}` } });
    const { messages } = await response.json();
    expect(messages.map((message: { direction: string; text: string }) => [message.direction, message.text])).toEqual([
      ['in', 'fakturan är fel'],
      ['out', 'Ärende skapat'],
    ]);
    expect(messages[1].case).toEqual({
      ref: kase.case.ref,
      tier: 'customer_service',
      status: 'queued',
      intent: 'invoice',
    });
    const bad = await fetch(`${base}/api/chat/history?after=-1`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(bad.status).toBe(400);
  });

  it('pages on origins that are not allowed are refused; allowed ones get CORS headers', async () => {
    const foreign = await fetch(`${base}/api/chat/session`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error.code).toBe('origin_not_allowed');
    const shop = await fetch(`${base}/api/chat/session`, {
      method: 'POST',
      headers: { origin: 'https://shop.example' },
    });
    expect(shop.status).toBe(201);
    expect(shop.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const preflight = await fetch(`${base}/api/chat/history`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('a page on the address the service was reached by is its own page, listed or not; the same host on another port or scheme is not', async () => {
    // base is http://127.0.0.1:PORT, the service's own origin (OWN) http://localhost:3000.
    const own = await fetch(`${base}/api/chat/session`, { method: 'POST', headers: { origin: base } });
    expect(own.status).toBe(201);
    expect(own.headers.get('access-control-allow-origin')).toBe(base);
    const port = Number(new URL(base).port);
    // A LAN address: what the browser writes as Host, the page's origin matches.
    const lan = await post('/api/chat/session', {
      host: `192.168.1.20:${port}`,
      origin: `http://192.168.1.20:${port}`,
    });
    expect(lan.status).toBe(201);
    for (const origin of [
      `http://127.0.0.1:${port + 1}`,
      `https://127.0.0.1:${port}`,
      `http://localhost:${port}`,
      'null',
    ]) {
      const refused = await fetch(`${base}/api/chat/session`, { method: 'POST', headers: { origin } });
      expect(refused.status, origin).toBe(403);
      expect((await refused.json()).error.code).toBe('origin_not_allowed');
    }
  });

  /** A request with a Host of our choosing (fetch writes Host itself). */
  function post(path: string, headers: Record<string, string>): Promise<{ status: number }> {
    const { hostname, port } = new URL(base);
    return new Promise((resolve, reject) => {
      request({ host: hostname, port, path, method: 'POST', headers }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      })
        .on('error', reject)
        .end();
    });
  }
});
