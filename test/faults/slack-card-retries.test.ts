// Slack busy, then broken, then well: the real service (its own process, the agent desk on, its
// Web API pointed at a local stand-in for Slack) opens a case for a consumer; Slack answers the
// card's post with 429 (Retry-After: 1), then 500, then takes it. The client waits and retries,
// and the agents see one card for the case, posted once, even after the catch-up scans that
// look for missing cards have run. (test/slack/slack-errors.test.ts holds the same for a card's
// update in-process; bench/faults.ts does it for 30 cases with failures at random.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerDatabase } from '../support/databases.ts';
import { startFakeSlack, type FakeSlackServer } from '../support/fake-slack-server.ts';
import { startReadyService, type ServiceProcess } from '../support/process.ts';

let slack: FakeSlackServer;
let service: ServiceProcess;
let base: string;
let drop: () => Promise<void>;

beforeAll(async () => {
  // A card is a post outside any thread; its first two attempts fail.
  slack = await startFakeSlack({
    answer: ({ method, body }) => {
      if (method !== 'chat.postMessage' || body.thread_ts) return 'ok';
      const cardPosts = slack.calls.filter((call) => call.method === 'chat.postMessage' && !call.body.thread_ts).length;
      return cardPosts === 0 ? 429 : cardPosts === 1 ? 500 : 'ok';
    },
  });
  const database = await createServerDatabase();
  drop = database.drop;
  service = await startReadyService({
    DATABASE_URL: database.url,
    SESSION_SECRET: 'slack-faults-test-secret-0123456789abcdef',
    LOG_LEVEL: 'warn',
    SLACK_API_URL: slack.url,
    SLACK_BOT_TOKEN: 'xoxb-faults-test',
    SLACK_SIGNING_SECRET: 'faults-test-signing-secret',
    SLACK_CHANNEL_CUSTOMER_SERVICE: 'C0CS',
    SLACK_BOT_ID: 'BBOT',
    SLACK_BOT_USER_ID: 'UBOT',
  });
  base = `http://127.0.0.1:${service.port}`;
}, 90_000);

afterAll(async () => {
  service?.child.kill('SIGTERM');
  await service?.exited;
  await slack?.close();
  await drop?.();
});

describe('Slack answering 429, then 500, then success [postgres]', () => {
  it("posts the new case's card once, after both failures", async () => {
    const session = (await (await fetch(`${base}/api/chat/session`, { method: 'POST' })).json()) as {
      user: string;
      token: string;
    };
    const response = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text: 'Jag vill prata med en människa om min faktura, beloppet på den stämmer inte alls',
        user: session.user,
      }),
    });
    // The consumer's answer does not wait for Slack.
    expect(response.status).toBe(200);
    const replies = (await response.json()) as { case?: { ref: string; tier: string } }[];
    const ref = replies.find((reply) => reply.case)?.case?.ref;
    expect(ref).toMatch(/^OMB-/);

    const deadline = Date.now() + 45_000;
    while (!slack.cardPostsByRef().has(ref!) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    // Past a few catch-up scans (every second): a card that was missing would be posted again now.
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const cardAttempts = slack.calls.filter((call) => call.method === 'chat.postMessage' && !call.body.thread_ts);
    expect(cardAttempts.map((call) => call.status)).toEqual([429, 500, 200]);
    expect(cardAttempts.every((call) => call.body.channel === 'C0CS' && call.body.blocks?.includes(ref!))).toBe(true);
    expect([...slack.cardPostsByRef()]).toEqual([[ref, 1]]);
    expect(service.child.exitCode).toBeNull();
  }, 60_000);
});
