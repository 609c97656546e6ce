// The real Bolt receiver on a real express server: only requests signed with our secret, and
// not older than five minutes, reach a handler.
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp, mountSlack } from '../../bot/slack/app.ts';
import { appHomeOpened, jsonBody } from './payloads.ts';
import { BOT_TOKEN, CLIENT_OPTIONS, listen, postToSlackEndpoint, SIGNING_SECRET, signature } from './support.ts';

const handled: string[] = [];
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  const slack = createSlackApp({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    botId: 'B1',
    botUserId: 'UBOT',
    clientOptions: CLIENT_OPTIONS,
  });
  slack.event('app_home_opened', async ({ event }) => {
    handled.push(event.user);
  });
  const app = express();
  mountSlack(app, slack);
  // As in the service: a JSON parser for the other routes comes after Slack's.
  app.use(express.json());
  app.use((_req, res) => {
    res.status(404).end();
  });
  server = await listen(app);
});

afterAll(async () => {
  await server?.close();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('the Slack endpoint', () => {
  it('answers a signed url_verification with its challenge', async () => {
    const response = await postToSlackEndpoint(
      server.baseUrl,
      jsonBody({ type: 'url_verification', challenge: 'c-42', token: 'x' }),
    );
    expect(response.status).toBe(200);
    expect(response.text).toContain('c-42');
  });

  it('accepts a signed event and runs its handler', async () => {
    const response = await postToSlackEndpoint(server.baseUrl, appHomeOpened('USIGNED'));
    expect(response.status).toBe(200);
    await settle();
    expect(handled).toContain('USIGNED');
  });

  it('acknowledges a signed event whose user is not a Slack id (a lone surrogate) and runs no handler', async () => {
    for (const user of ['\ud800', 'U-1', 'u1', 'U1%E0%A4%A']) {
      const response = await postToSlackEndpoint(server.baseUrl, appHomeOpened(user));
      expect(response.status, user).toBe(200);
    }
    await settle();
    expect(handled.filter((user) => !/^[A-Z0-9]+$/.test(user))).toEqual([]);
  });

  it('refuses an unsigned event with 401 and runs no handler', async () => {
    const response = await postToSlackEndpoint(server.baseUrl, { ...appHomeOpened('UUNSIGNED'), signature: null });
    expect(response.status).toBe(401);
    await settle();
    expect(handled).not.toContain('UUNSIGNED');
  });

  it('refuses an event signed with another secret with 401', async () => {
    const request = appHomeOpened('UWRONG');
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await postToSlackEndpoint(server.baseUrl, {
      ...request,
      timestamp,
      signature: signature(request.body, timestamp, 'another-secret'),
    });
    expect(response.status).toBe(401);
    await settle();
    expect(handled).not.toContain('UWRONG');
  });

  it('refuses a body changed after signing with 401', async () => {
    const original = appHomeOpened('UORIGINAL');
    const timestamp = Math.floor(Date.now() / 1000);
    const tampered = appHomeOpened('UTAMPERED');
    const response = await postToSlackEndpoint(server.baseUrl, {
      ...tampered,
      timestamp,
      signature: signature(original.body, timestamp),
    });
    expect(response.status).toBe(401);
    await settle();
    expect(handled).not.toContain('UTAMPERED');
  });

  it('refuses a replayed request (correctly signed, timestamp older than five minutes) with 401', async () => {
    const timestamp = Math.floor(Date.now() / 1000) - 6 * 60;
    const response = await postToSlackEndpoint(server.baseUrl, { ...appHomeOpened('UREPLAYED'), timestamp });
    expect(response.status).toBe(401);
    await settle();
    expect(handled).not.toContain('UREPLAYED');
  });

  it('refuses a correctly signed request stamped more than five minutes ahead with 401 and the same body as a bad signature', async () => {
    const unsigned = await postToSlackEndpoint(server.baseUrl, { ...appHomeOpened('UNOSIGNATURE'), signature: null });
    const timestamp = Math.floor(Date.now() / 1000) + 6 * 60;
    const response = await postToSlackEndpoint(server.baseUrl, { ...appHomeOpened('UFUTURE'), timestamp });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.text)).toEqual(JSON.parse(unsigned.text));
    expect(JSON.parse(response.text).error.code).toBe('slack_signature_invalid');
    await settle();
    expect(handled).not.toContain('UFUTURE');
  });

  it('takes a correctly signed request stamped within five minutes either way (clocks drift)', async () => {
    const ahead = await postToSlackEndpoint(server.baseUrl, {
      ...appHomeOpened('UAHEAD'),
      timestamp: Math.floor(Date.now() / 1000) + 4 * 60,
    });
    const behind = await postToSlackEndpoint(server.baseUrl, {
      ...appHomeOpened('UBEHIND'),
      timestamp: Math.floor(Date.now() / 1000) - 4 * 60,
    });
    expect([ahead.status, behind.status]).toEqual([200, 200]);
    await settle();
    expect(handled).toEqual(expect.arrayContaining(['UAHEAD', 'UBEHIND']));
  });

  it('refuses an unsigned url_verification too', async () => {
    const response = await postToSlackEndpoint(server.baseUrl, {
      ...jsonBody({ type: 'url_verification', challenge: 'c-43' }),
      signature: null,
    });
    expect(response.status).toBe(401);
    expect(response.text).not.toContain('c-43');
  });
});
