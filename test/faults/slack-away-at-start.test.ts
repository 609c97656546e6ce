// Slack away when the service starts, and again later. The real service (its own process, the
// desk on over HTTP, the bot's ids left to auth.test) is pointed at a port where Slack is not
// listening yet: connections are refused for the first seconds, then the stand-in answers 503
// for a while, then it works. The service serves consumers at once all the same: /healthz and
// /readyz answer, a chat message opens a case, the start line says the desk is connecting,
// /metrics says it is down, and an event Slack sends before the desk knows the bot is asked
// again (503) rather than dropped. Once Slack answers, the card the case became due for is
// posted, once. Then Slack fails again (503) for longer than a call's retries while the consumer
// writes on: the desk marks Slack unreachable, leaves it alone, and once it is back puts each
// message into the card's thread, once. (The outages are seconds instead of Slack's minutes: the
// desk's waits grow to 30 s, which would make this test wait as long for nothing.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS } from '../support/databases.ts';
import { startFakeSlack, type FakeSlackServer } from '../support/fake-slack-server.ts';
import { freePort, startServiceOnFreshDatabase, type ServiceProcess } from '../support/process.ts';
import { eventually, jsonBody, postToSlackEndpoint, SIGNING_SECRET } from '../slack/support.ts';

const CHANNEL = 'C0CS';
/** Connections refused from the start for this long at least; then 503 for `UNAVAILABLE_MS`. */
const REFUSED_MS = 6_000;
const UNAVAILABLE_MS = 3_000;
/** The later outage: longer than a call's own retries (about ten seconds), so the desk sees it. */
const LATER_OUTAGE_MS = 15_000;

for (const kind of DRIVERS) {
  describe(`Slack refusing when the service starts and failing later [${kind}]`, () => {
    let slackPort: number;
    let slack: FakeSlackServer | undefined;
    let service: ServiceProcess;
    let base: string;
    let stop: () => Promise<void>;
    let startedAt: number;
    /** 503 to every call until then (the stand-in's clock). */
    let failingUntil = 0;

    beforeAll(async () => {
      slackPort = await freePort();
      startedAt = Date.now();
      const started = await startServiceOnFreshDatabase(kind, {
        SESSION_SECRET: 'slack-away-test-secret-0123456789abcdef',
        LOG_LEVEL: 'info',
        SLACK_API_URL: `http://127.0.0.1:${slackPort}/api/`,
        SLACK_BOT_TOKEN: 'xoxb-slack-away-test',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_CHANNEL_CUSTOMER_SERVICE: CHANNEL,
      });
      service = started.service;
      base = started.base;
      stop = started.stop;
    }, 90_000);

    afterAll(async () => {
      await stop?.();
      await slack?.close();
    });

    const metrics = async () => (await fetch(`${base}/metrics`)).text();
    async function say(session: { user: string; token: string }, text: string) {
      const response = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text, user: session.user }),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { text: string; case?: { ref: string } }[];
    }

    it('serves consumers while Slack refuses, posts the due card once when Slack is back, and mirrors what was written during a later outage once', async () => {
      // Slack refuses connections: nothing listens on its port yet.
      expect(slack).toBeUndefined();
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const line = await service.waitForLog(/^Ombud is running/);
      expect(line.msg).toContain('Slack agent desk: connecting in the background');

      const session = (await (await fetch(`${base}/api/chat/session`, { method: 'POST' })).json()) as {
        user: string;
        token: string;
      };
      // The consumer asks for a person (the bot may ask what it is about first); each answer comes at once.
      let ref: string | undefined;
      for (const text of [
        'I want to talk to a human',
        'The amount on my invoice is wrong, I was charged twice.',
        'human',
      ]) {
        const askedAt = Date.now();
        const replies = await say(session, text);
        expect(Date.now() - askedAt).toBeLessThan(5_000);
        expect(replies.length).toBeGreaterThan(0);
        ref = replies.find((reply) => reply.case)?.case?.ref;
        if (ref) break;
      }
      expect(ref).toMatch(/^OMB-/);

      expect(await metrics()).toMatch(/^ombud_slack_desk_up 0$/m);
      expect(await metrics()).toMatch(/^ombud_slack_desk_state\{state="connecting"\} 1$/m);
      // Bolt cannot take an event before it knows the bot: Slack is asked to send it again.
      const early = await postToSlackEndpoint(
        base,
        jsonBody({ type: 'url_verification', challenge: 'early', token: 'x' }),
      );
      expect(early.status).toBe(503);
      expect(JSON.parse(early.text).error.code).toBe('slack_desk_connecting');

      // Slack comes up, answering 503 at first.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, startedAt + REFUSED_MS - Date.now())));
      // The 503s last UNAVAILABLE_MS from the first call Slack receives: the service's backoff after
      // refused connections may wait longer than that before it calls again, and a clock started
      // before Slack was up could run out before any call came (a flaky test, not a lost 503).
      failingUntil = Number.POSITIVE_INFINITY;
      slack = await startFakeSlack({
        port: slackPort,
        answer: () => {
          if (failingUntil === Number.POSITIVE_INFINITY) failingUntil = Date.now() + UNAVAILABLE_MS;
          return Date.now() < failingUntil ? 503 : 'ok';
        },
      });
      await eventually(() => slack!.cardPostsByRef().has(ref!), 40_000);
      expect(slack.calls.some((call) => call.status === 503)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 3_000)); // catch-up scans would post a missing card again now
      expect([...slack.cardPostsByRef()]).toEqual([[ref, 1]]);
      expect(await metrics()).toMatch(/^ombud_slack_desk_up 1$/m);
      const verified = await postToSlackEndpoint(
        base,
        jsonBody({ type: 'url_verification', challenge: 'later', token: 'x' }),
      );
      expect(verified.status).toBe(200);
      expect(verified.text).toContain('later');
      const card = slack.calls.find(
        (call) => call.method === 'chat.postMessage' && call.status === 200 && !call.body.thread_ts,
      )!;
      expect(card.body.channel).toBe(CHANNEL);

      // Slack fails again while the consumer writes on.
      failingUntil = Date.now() + LATER_OUTAGE_MS;
      const written = ['Hello? Is anyone there?', 'Thank you, I will wait for the person.'];
      for (const text of written) await say(session, text);
      let sawUnreachable = false;
      while (Date.now() < failingUntil) {
        sawUnreachable ||= /^ombud_slack_desk_state\{state="unreachable"\} 1$/m.test(await metrics());
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(sawUnreachable).toBe(true);
      // While away, Slack was left alone: a few attempts, not one every scan.
      const failedDuringOutage = slack.calls.filter((call) => call.status === 503).length;
      expect(failedDuringOutage).toBeLessThan(40);

      const mirrored = (text: string) =>
        slack!.calls.filter(
          (call) =>
            call.method === 'chat.postMessage' &&
            call.status === 200 &&
            call.body.thread_ts === card.ts &&
            call.body.text?.includes(text),
        );
      await eventually(() => written.every((text) => mirrored(text).length > 0), 40_000);
      await new Promise((resolve) => setTimeout(resolve, 2_000)); // mirror scans run twice a second
      for (const text of written) expect(mirrored(text)).toHaveLength(1);
      expect(slack.cardPostsByRef().get(ref!)).toBe(1);
      expect([...slack.cardPostsByRef().values()].every((posts) => posts === 1)).toBe(true);
      expect(await metrics()).toMatch(/^ombud_slack_desk_up 1$/m);
      expect(service.child.exitCode).toBeNull();
    }, 150_000);
  });
}
