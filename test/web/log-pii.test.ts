// A whole conversation full of personal data, through the real service at its most talkative
// log level, on PGlite and PostgreSQL: the consumer's card number, personal identity number,
// IBAN, e-mail and phone number reach the database (the consumer's own history shows them), and
// not one of them appears in a single log line, on stdout or stderr. The agent desk is on, its
// Web API a local stand-in for Slack: at this level the Slack client logs every request body
// (cards, thread posts), so what goes to Slack is in the logs too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../slack/support.ts';
import { startFakeSlack, type FakeSlackServer } from '../support/fake-slack-server.ts';
import { leakedVariants, variantMessages } from '../support/pii-variants.ts';
import { startServiceOnFreshDatabase, type ServiceProcess } from '../support/process.ts';

const PERSONAL = {
  card: '4111 1111 1111 1111',
  cardDigits: '4111111111111111',
  personnummer: '121212-1212',
  iban: 'SE45 5000 0000 0583 9825 7466',
  ibanCompact: 'SE4550000000058398257466',
  email: 'anna.svensson@example.se',
  phone: '070-123 45 67',
};

const CONVERSATION = [
  `Hej, det finns ett köp på min faktura som jag inte har gjort! Mitt kort ${PERSONAL.card} har också belastats`,
  `Mitt personnummer är ${PERSONAL.personnummer} och pengarna drogs från ${PERSONAL.iban}`,
  'Det var hos Elgiganten, 2 499 kr, den 3 november',
  `Ni når mig på ${PERSONAL.email} eller ${PERSONAL.phone}`,
  'confirm',
  'Jag vill prata med en människa',
  `{"type": "oops", "text": "${PERSONAL.card}"}`,
];

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`logs of a conversation full of personal data [${kind}]`, () => {
    let service: ServiceProcess;
    let slack: FakeSlackServer;
    let base: string;
    let stop = async () => {};

    beforeAll(async () => {
      slack = await startFakeSlack();
      const started = await startServiceOnFreshDatabase(kind, {
        LOG_LEVEL: 'trace',
        SLACK_API_URL: slack.url,
        SLACK_BOT_TOKEN: 'xoxb-log-pii-test',
        SLACK_SIGNING_SECRET: 'log-pii-test-signing-secret',
        SLACK_CHANNEL_CUSTOMER_SERVICE: 'C0CS',
        SLACK_BOT_ID: 'BBOT',
        SLACK_BOT_USER_ID: 'UBOT',
      });
      ({ service, base, stop } = started);
    }, 90_000);

    afterAll(async () => {
      await stop();
      await slack?.close();
    });

    it('keeps every piece of it out of the logs, masked or absent', async () => {
      const session = await (await fetch(`${base}/api/chat/session`, { method: 'POST' })).json();
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${session.token}` };
      for (const text of CONVERSATION) {
        const response = await fetch(`${base}/api/messages`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ type: 'message', text, user: session.user }),
        });
        expect(response.status).toBe(200);
      }
      // Bad input carrying personal data is refused, and its refusal is logged without it.
      const refused = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ type: 'message', text: `${PERSONAL.card} `.repeat(200), user: session.user }),
      });
      expect(refused.status).toBe(400);
      const wrongUser = await fetch(`${base}/api/messages?email=${encodeURIComponent(PERSONAL.email)}`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ type: 'message', text: PERSONAL.iban, user: 'someone-else' }),
      });
      expect(wrongUser.status).toBe(403);

      // The database keeps the originals: the consumer's own history shows what they wrote.
      const history = await (await fetch(`${base}/api/chat/history`, { headers })).json();
      const written = history.messages
        .filter((m: { direction: string }) => m.direction === 'in')
        .map((m: { text: string }) => m.text)
        .join('\n');
      expect(written).toContain(PERSONAL.card);
      expect(written).toContain(PERSONAL.email);

      await new Promise((resolve) => setTimeout(resolve, 300));
      const logs = [...service.stdout, ...service.stderr].join('\n');
      expect(service.stdout.length).toBeGreaterThan(CONVERSATION.length);
      for (const [what, value] of Object.entries(PERSONAL)) {
        expect(logs.includes(value), `${what} in the logs`).toBe(false);
      }
      expect(logs).not.toContain(session.token);
    });

    it('keeps personal data typed every way out of the logs and the thread in Slack: any space, dots, slashes, dashes, zero-width characters', async () => {
      const session = await (await fetch(`${base}/api/chat/session`, { method: 'POST' })).json();
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${session.token}` };
      const send = async (text: string) => {
        const response = await fetch(`${base}/api/messages`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ type: 'message', text, user: session.user }),
        });
        expect(response.status).toBe(200);
        return response.json() as Promise<{ case?: { ref: string } }[]>;
      };
      const ref = (await send('Jag vill prata med en människa om en faktura som jag inte känner igen')).find(
        (reply) => reply.case,
      )?.case?.ref;
      expect(ref).toMatch(/^OMB-/);
      await eventually(
        () =>
          slack.calls.some(
            (c) =>
              c.method === 'chat.postMessage' && c.status === 200 && !c.body.thread_ts && c.body.blocks?.includes(ref!),
          ),
        15_000,
      );
      // The card is up: each message after it goes to the card's thread.
      const messages = variantMessages();
      for (const { text } of messages) await send(text);
      const threadPosts = () =>
        slack.calls.filter(
          (c) =>
            c.method === 'chat.postMessage' &&
            c.status === 200 &&
            c.body.thread_ts &&
            c.body.text?.includes('Uppgifter'),
        );
      await eventually(() => threadPosts().length >= messages.length, 15_000);
      expect(threadPosts().map((c) => c.body.text)).toEqual(
        messages.map((m) => `:speech_balloon: _consumer:_ ${m.masked}`),
      );

      const history = await (await fetch(`${base}/api/chat/history`, { headers })).json();
      const written = history.messages
        .filter((m: { direction: string }) => m.direction === 'in')
        .map((m: { text: string }) => m.text);
      expect(written.slice(1)).toEqual(messages.map((m) => m.text));
      const toSlack = slack.calls.map((c) => JSON.stringify(c.body)).join('\n');
      for (const message of messages) expect(leakedVariants(toSlack, message.variants), 'to Slack').toEqual([]);

      // At this level the Slack client logs each request's body: the thread posts are in the logs.
      const logged = () => [...service.stdout, ...service.stderr].join('\n');
      await eventually(() => logged().includes(`:speech_balloon: _consumer:_ ${messages.at(-1)!.masked}`), 15_000);
      const logs = logged();
      for (const message of messages) expect(leakedVariants(logs, message.variants), 'in the logs').toEqual([]);
    }, 60_000);
  });
}
