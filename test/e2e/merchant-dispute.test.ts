// A dispute from both sides, end to end through the real service (bot/service.ts in this
// process; Slack through Bolt's HTTP receiver with signed requests and its Web API recorded by
// nock; a stand-in merchant with a webhook receiver and a mailbox; issue 17's "done when"):
// the merchant is told of the dispute once although its receiver failed twice, and by e-mail in
// its language; it contests through its API with a PDF; investigation sees both on the card,
// hears the consumer first (who answers by typing in the chat), decides in the merchant's favour,
// and the merchant is told the outcome by webhook and e-mail. Nothing personal reaches the merchant.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/log.ts';
import { startService, type RunningService } from '../../bot/service.ts';
import { CARD_ACTIONS } from '../../bot/slack/cards.ts';
import { MODALS } from '../../bot/slack/modals.ts';
import { issueSession } from '../../bot/web/session.ts';
import { addMerchant, caseEvents, findCaseByRef, openCase, runCaseCommand } from '../../db/index.ts';
import { addDays } from '../../routing/index.ts';
import { createServerDatabase, DRIVERS } from '../support/databases.ts';
import { startReceiver } from '../support/merchant-receiver.ts';
import { freePort } from '../support/process.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import {
  cardClick,
  postToSlackEndpoint,
  recordSlackApi,
  selectedValue,
  SIGNING_SECRET,
  SLACK_API,
  textValue,
  viewSubmission,
} from '../slack/support.ts';
import { until } from '../support/until.ts';

const SECRET = 'merchant-dispute-e2e-session-secret-0123456789';
const PUBLIC_URL = 'https://chat.example';
const INV_CHANNEL = 'C0INVESTIG';
const CARD_TS = '1764300000.000777';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const REASONING = 'The tracking record and the signed delivery receipt show the parcel arrived.';

const slack = recordSlackApi((call) => ({ channel: call.body.channel, ts: call.body.ts ?? CARD_TS }));

for (const kind of DRIVERS) {
  describe(`a dispute from both sides [${kind}]`, () => {
    let service: RunningService;
    let base: string;
    let dataDir: string;
    let drop = async () => {};
    let secret = '';
    let apiKey = '';
    const sink = startSmtpSink();
    // The merchant's receiver is down for the first two tries of its first event.
    const receiver = startReceiver({
      secret: () => secret,
      answer: (body, attempt) => (body.type === 'dispute.opened' && attempt <= 2 ? 503 : 200),
    });

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'ombud-merchant-dispute-'));
      const server = kind === 'postgres' ? await createServerDatabase() : undefined;
      if (server) drop = server.drop;
      const config = loadConfig({
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        SESSION_SECRET: SECRET,
        PUBLIC_URL,
        LOG_LEVEL: 'warn',
        SMTP_URL: (await sink).url,
        SLACK_BOT_TOKEN: 'xoxb-merchant-dispute-test',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${SLACK_API}/api/`,
        SLACK_BOT_ID: 'B0BOT',
        SLACK_BOT_USER_ID: 'U0BOT',
        SLACK_CHANNEL_CUSTOMER_SERVICE: 'C0CUSTSERV',
        SLACK_CHANNEL_INVESTIGATION: INV_CHANNEL,
        ...(server ? { DATABASE_URL: server.url } : {}),
      });
      service = await startService(config, createLogger('warn'));
      base = `http://127.0.0.1:${service.port}`;
    }, 120_000);

    afterAll(async () => {
      await service?.stop();
      await (await receiver).close();
      await (await sink).close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('opened once after two failed tries, contested with a PDF, seen on the card, the consumer heard first, decided, and told', async () => {
      const hook = await receiver;
      const mailbox = await sink;
      const registered = await service.db.transaction((tx) =>
        addMerchant(
          tx,
          { name: 'Nordsko AS', contactEmail: 'tvister@nordsko.example', language: 'sv', webhookUrl: hook.url },
          new Date(),
        ),
      );
      secret = registered.webhookSecret;
      apiKey = registered.apiKey;

      // The consumer's dispute, named as typed ("Nordsko"), with their chat session.
      const session = issueSession(SECRET, { now: new Date() });
      const opened = await openCase(
        { db: service.db, signal: service.signal },
        {
          type: 'open',
          actor: { kind: 'bot' },
          consumerId: session.user,
          intent: 'merchant_disagreement',
          language: 'sv',
          entities: {
            merchant: 'Nordsko',
            amountMinor: 89_900,
            currency: 'SEK',
            orderNumber: '77001',
            refundReason: 'returned',
          },
        },
        new Date(),
      );
      if (!opened.ok) throw new Error(opened.error.code);
      const ref = opened.stored.case.ref;

      // Told once: two refused tries, then one taken, all with the same id.
      await until(() => hook.accepted().some((r) => r.body.type === 'dispute.opened'), 'dispute.opened');
      const openings = hook.received.filter((r) => r.body.type === 'dispute.opened');
      expect(openings.map((r) => r.status)).toEqual([503, 503, 200]);
      expect(new Set(openings.map((r) => r.body.id)).size).toBe(1);
      expect(openings.every((r) => r.signatureValid)).toBe(true);
      expect(openings[2]!.body.data.dispute).toMatchObject({
        ref,
        status: 'needs_response',
        reason: 'returned',
        orderNumber: '77001',
        amount: 89_900,
        currency: 'SEK',
      });
      // And by e-mail, in Swedish, with the way to answer.
      await until(() => mailbox.mails.some((mail) => mail.subject.startsWith(`Ny tvist ${ref}`)), 'the opening e-mail');
      const first = mailbox.mails.find((mail) => mail.subject.startsWith(`Ny tvist ${ref}`))!;
      expect(first.to).toEqual(['tvister@nordsko.example']);
      expect(first.body).toContain('Hej Nordsko AS,');
      expect(first.body).toContain('Ordernummer: 77001');
      expect(first.body).toContain(`${PUBLIC_URL}/merchant`);

      // The merchant contests through its API, with a PDF.
      const auth = { authorization: `Bearer ${apiKey}` };
      const file = new FormData();
      file.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'kvitto.pdf');
      const uploaded = await fetch(`${base}/api/merchant/disputes/${ref}/evidence`, {
        method: 'POST',
        headers: auth,
        body: file,
      });
      expect(uploaded.status).toBe(201);
      const { id: evidenceId } = (await uploaded.json()) as { id: string };
      const contested = await fetch(`${base}/api/merchant/disputes/${ref}/response`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          action: 'contest',
          statement: 'The jacket never came back to our warehouse.',
          evidence: [evidenceId],
        }),
      });
      expect(contested.status).toBe(200);

      // The window ends unsettled: investigation's card shows the merchant's account and its file.
      const escalated = await runCaseCommand(
        { db: service.db, signal: service.signal },
        ref,
        { type: 'window_expired', actor: { kind: 'system' } },
        addDays(new Date(), 22),
      );
      expect(escalated.ok).toBe(true);
      // The window's end was decided 22 days ahead of the worker's clock: its events are written
      // due then. Bring them to now, as if those days had passed for the worker too.
      await service.db.query(
        'UPDATE outbox SET next_attempt_at = now() WHERE delivered_at IS NULL AND next_attempt_at > now()',
      );
      const cards = () =>
        slack.calls.filter(
          (call) =>
            call.body.channel === INV_CHANNEL &&
            JSON.stringify(call.body).includes(ref) &&
            JSON.stringify(call.body).includes('queued'),
        );
      await until(() => cards().length > 0, 'the card of the escalated dispute');
      const card = JSON.stringify(cards().at(-1)!.body);
      expect(card).toContain('The jacket never came back to our warehouse.');
      expect(card).toContain('Evidence');
      expect(card).toContain("Consumer's account: not asked yet");

      // Picked up from the card; the consumer is asked first, and answers by typing in the chat.
      const click = await postToSlackEndpoint(
        base,
        cardClick({ ref, actionId: CARD_ACTIONS.pickUp, channel: INV_CHANNEL, cardTs: CARD_TS, user: 'U0INGA' }),
      );
      expect(click.status).toBe(200);
      await until(async () => (await findCaseByRef(service.db, ref))!.case.status === 'assigned', 'the pickup');
      const values = (whom: string, question: string) => ({
        whom: selectedValue(whom, 'radio_buttons'),
        question: textValue(question),
        due: selectedValue(null),
      });
      const tooEarly = await postToSlackEndpoint(
        base,
        viewSubmission({
          ref,
          callbackId: MODALS.askForInfo,
          channel: INV_CHANNEL,
          cardTs: CARD_TS,
          user: 'U0INGA',
          values: values('merchant', 'Proof of the return, please.'),
        }),
      );
      expect(JSON.parse(tooEarly.text).errors.question).toMatch(/hears the consumer first/);
      const asked = await postToSlackEndpoint(
        base,
        viewSubmission({
          ref,
          callbackId: MODALS.askForInfo,
          channel: INV_CHANNEL,
          cardTs: CARD_TS,
          user: 'U0INGA',
          values: values('consumer', 'När och hur skickade du tillbaka jackan?'),
        }),
      );
      expect(asked).toEqual({ status: 200, text: '' });
      const typed = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
        body: JSON.stringify({
          type: 'message',
          text: 'Jag skickade den med PostNord den 2 december, kvittot har jag kvar.',
          user: session.user,
        }),
      });
      expect(typed.status).toBe(200);
      await until(
        async () => (await findCaseByRef(service.db, ref))!.case.dispute?.consumerAccountAt !== null,
        "the consumer's account",
      );

      // Then the decision, from the modal: the merchant's favour stands on its account.
      const decided = await postToSlackEndpoint(
        base,
        viewSubmission({
          ref,
          callbackId: MODALS.decide,
          channel: INV_CHANNEL,
          cardTs: CARD_TS,
          user: 'U0INGA',
          values: { decision: selectedValue('merchant_favour', 'radio_buttons'), reasoning: textValue(REASONING) },
        }),
      );
      expect(decided).toEqual({ status: 200, text: '' });
      const after = (await findCaseByRef(service.db, ref))!.case;
      expect(after).toMatchObject({ status: 'resolved', outcome: 'invoice_reactivated', invoiceState: 'reactivated' });
      expect(
        (await caseEvents(service.db, (await findCaseByRef(service.db, ref))!.id)).map((event) => event.type),
      ).toEqual(
        expect.arrayContaining(['merchant_responded', 'info_requested', 'info_received', 'investigation_decided']),
      );

      // The merchant hears the outcome, once, by webhook and by e-mail.
      await until(() => hook.accepted().some((r) => r.body.type === 'dispute.decided'), 'dispute.decided');
      expect(
        hook
          .accepted()
          .filter((r) => r.body.type === 'dispute.decided')
          .map((r) => r.body.data.dispute.status),
      ).toEqual(['won']);
      expect(hook.accepted().map((r) => r.body.type)).toEqual([
        'dispute.opened',
        'dispute.escalated',
        'fee.charged',
        'dispute.decided',
      ]);
      await until(
        () => mailbox.mails.some((mail) => mail.subject === `Tvist ${ref} är avslutad`),
        'the decision e-mail',
      );
      const last = mailbox.mails.find((mail) => mail.subject === `Tvist ${ref} är avslutad`)!;
      expect(last.body).toContain('den avgjordes till din fördel');
      expect(mailbox.mails.map((mail) => mail.subject)).toEqual([
        expect.stringMatching(new RegExp(`^Ny tvist ${ref}: svara senast `)),
        `Tvist ${ref} ligger nu hos vår utredningsavdelning`,
        `Tvist ${ref} är avslutad`,
      ]);
      // Nothing personal of the consumer's: not their id, not their words.
      for (const sent of [
        ...hook.received.map((r) => r.raw),
        ...mailbox.mails.map((mail) => `${mail.subject}\n${mail.body}`),
      ]) {
        expect(sent).not.toContain(session.user);
        expect(sent).not.toContain('PostNord');
      }
    }, 120_000);
  });
}
