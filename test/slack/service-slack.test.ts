// The real service with Slack switched on: the desk is mounted on the service's own HTTP server,
// and Bolt's receiver verifies every request's signature there.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServiceOnNewDatabase, type ServiceProcess } from '../support/process.ts';

const SIGNING_SECRET = 'service-slack-signing-secret';
let service: ServiceProcess;
let stopService: () => Promise<void>;

beforeAll(async () => {
  const started = await startServiceOnNewDatabase({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_CHANNEL_CUSTOMER_SERVICE: 'C0CUSTOMER',
    SLACK_BOT_ID: 'B0BOT',
    SLACK_BOT_USER_ID: 'U0BOT',
  });
  service = started.service;
  stopService = started.stop;
}, 90_000);

afterAll(() => stopService());

function signed(body: string, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    'content-type': 'application/json',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature,
  };
}

describe('the service with Slack on', () => {
  it('says so at start: the desk connects in the background (Slack is not reachable from the test)', async () => {
    const line = await service.waitForLog(/^Ombud is running/);
    expect(line.msg).toMatch(
      /Slack agent desk: connecting in the background( \(last failure [^)]*\))? \(requests at \/slack\/events\)/,
    );
  });

  it('answers a correctly signed request at /slack/events and refuses unsigned and replayed ones with 401', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' });
    const url = `http://127.0.0.1:${service.port}/slack/events`;
    const good = await fetch(url, { method: 'POST', headers: signed(body), body });
    expect(good.status).toBe(200);
    expect(await good.text()).toContain('abc123');
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    const replayed = await fetch(url, {
      method: 'POST',
      headers: signed(body, Math.floor(Date.now() / 1000) - 6 * 60),
      body,
    });
    expect(replayed.status).toBe(401);
  });

  it('still serves the consumer chat beside it', async () => {
    const session = await fetch(`http://127.0.0.1:${service.port}/api/chat/session`, { method: 'POST' });
    expect(session.status).toBe(201);
  });
});
