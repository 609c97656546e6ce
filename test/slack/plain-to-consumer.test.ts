// What an agent or the ombudsman writes in Slack reaches the consumer as plain text, by every
// way it goes there: a message in the card's thread, the Reply and Ask for info modals, the
// ombudsman's decision. Links keep their real address, mentions become names (asked of Slack
// once) or are left out, entities are decoded, emphasis goes. The consumer's conversation keeps
// that plain text (their chat and history read it); the text as typed stays in Slack and, for a
// decision, on the case. Through Bolt's real receiver with signed requests, on PGlite and PostgreSQL.
import express from 'express';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  caseEvents,
  consumerHistory,
  notifyInTransaction,
  sqlCardStore,
  type DecisionContext,
  type StoredCase,
} from '../../db/index.ts';
import { createSlackApp, mountSlack } from '../../bot/slack/app.ts';
import { MODALS, registerCaseModals } from '../../bot/slack/modals.ts';
import { registerThreadReplies, SENT_REACTION } from '../../bot/slack/threads.ts';
import { describeEachDriver } from '../support/databases.ts';
import {
  heldCase,
  ombudsmanDecideForm,
  onCard,
  selectedValue as choice,
  textValue as text,
  toOmbudsman,
} from './payloads.ts';
import {
  BOT_TOKEN,
  CLIENT_OPTIONS,
  eventually,
  listen,
  postToSlackEndpoint,
  recordSlackApi,
  SIGNING_SECRET,
} from './support.ts';

const CS = 'C0CS';
const OMB = 'C0OMB';
/** The people Slack knows; anyone else is user_not_found. */
const PEOPLE: Record<string, { display_name: string; real_name: string }> = {
  U0ANNA: { display_name: 'Anna B', real_name: 'Anna Berg' },
  U0CARL: { display_name: '', real_name: 'Carl Dahl' },
  U0DORA: { display_name: 'Dora', real_name: 'Dora Ek' },
};

const { calls } = recordSlackApi((call) => {
  if (call.method !== 'users.info') return {};
  const profile = PEOPLE[call.body.user!];
  return profile
    ? { user: { id: call.body.user, real_name: profile.real_name, profile } }
    : { ok: false, error: 'user_not_found' };
});

const posted = (method: string) => calls.filter((c) => c.method === method);

describeEachDriver("an agent's Slack text reaches the consumer as plain text", (current) => {
  let context: DecisionContext;
  let server: Awaited<ReturnType<typeof listen>>;
  const store = () => sqlCardStore(current().db);

  beforeAll(async () => {
    context = { db: current().db, signal: notifyInTransaction() };
    const slack = createSlackApp({
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      botId: 'B1',
      botUserId: 'UBOT',
      clientOptions: CLIENT_OPTIONS,
    });
    const channelTiers = { [CS]: 'customer_service', [OMB]: 'ombudsman' } as const;
    registerThreadReplies(slack, { context, channelTiers, store: store() });
    registerCaseModals(slack, { context, channelTiers });
    const app = express();
    mountSlack(app, slack);
    server = await listen(app);
  });
  afterAll(async () => {
    await server?.close();
  });

  let cards = 0;
  /** The held case, its card in the customer service channel at `cardTs`. */
  async function heldWithCard(): Promise<StoredCase & { cardTs: string }> {
    const now = new Date();
    const stored = await heldCase(context, { at: now });
    const cardTs = `1764000000.${String(++cards).padStart(6, '0')}`;
    await store().claim(stored.id, 'customer_service', CS, now);
    await store().posted(stored.id, 'customer_service', cardTs, now);
    return { ...stored, cardTs };
  }

  const toConsumer = async (stored: StoredCase) =>
    (await consumerHistory(context.db, stored.case.consumerId)).filter((m) => m.direction === 'out').map((m) => m.text);

  it('a thread message: link with its address, mentions by name or left out, entities decoded, emphasis gone', async () => {
    const stored = await heldWithCard();
    const typed =
      '*Hi!* <@U0ANNA> here &amp; <@U0CARL> helps too, not <@U0GONE>. <!here> See <https://evil.example/x|our page> or `OMB-REF` &lt;b&gt;';
    await postToSlackEndpoint(server.baseUrl, onCard(CS, stored.cardTs).threadMessage(typed).request);
    await eventually(() => posted('reactions.add').length === 1);
    expect(posted('reactions.add')[0]!.body.name).toBe(SENT_REACTION);
    expect(await toConsumer(stored)).toEqual([
      'Hi! Anna B here & Carl Dahl helps too, not. See our page (https://evil.example/x) or OMB-REF <b>',
    ]);
  });

  it('asks Slack for a name once, however many messages mention the person', async () => {
    const stored = await heldWithCard();
    let sent = 0;
    for (const message of ['Thanks, <@U0DORA> will check.', '<@U0DORA> has checked: all paid.']) {
      await postToSlackEndpoint(server.baseUrl, onCard(CS, stored.cardTs).threadMessage(message).request);
      sent++;
      await eventually(() => posted('reactions.add').length === sent);
    }
    expect(await toConsumer(stored)).toEqual(['Thanks, Dora will check.', 'Dora has checked: all paid.']);
    expect(posted('users.info').map((c) => c.body.user)).toEqual(['U0DORA']);
  });

  it('a thread message with nothing for the consumer is not sent, and the agent is told why', async () => {
    const stored = await heldWithCard();
    await postToSlackEndpoint(server.baseUrl, onCard(CS, stored.cardTs).threadMessage('<!channel>').request);
    await eventually(() => posted('chat.postEphemeral').length === 1);
    expect(posted('chat.postEphemeral')[0]!.body.text).toMatch(/^Not sent to the consumer: it holds only mentions/);
    expect(await toConsumer(stored)).toEqual([]);
  });

  it("the Reply modal: plain text to the consumer, the same (masked) in the card's thread", async () => {
    const stored = await heldWithCard();
    const typed =
      'Your *refund* is _on its way_: see <https://shop.example/r?a=1&b=2|the refund page>. Card 4111 1111 1111 1111.';
    const shown =
      'Your refund is on its way: see the refund page (https://shop.example/r?a=1&b=2). Card 4111 1111 1111 1111.';
    await postToSlackEndpoint(
      server.baseUrl,
      onCard(CS, stored.cardTs).submission(stored.case.ref, MODALS.reply, { text: text(typed) }),
    );
    await eventually(() => posted('chat.postMessage').length === 1);
    expect(await toConsumer(stored)).toEqual([shown]);
    const thread = posted('chat.postMessage')[0]!.body.text!;
    expect(thread).toContain(
      'to the consumer: Your refund is on its way: see the refund page (https://shop.example/r?a=1&amp;b=2). Card [card]',
    );
  });

  it('a Reply of only mentions is refused in the modal; nothing is sent', async () => {
    const stored = await heldWithCard();
    const answer = await postToSlackEndpoint(
      server.baseUrl,
      onCard(CS, stored.cardTs).submission(stored.case.ref, MODALS.reply, { text: text('<!here>') }),
    );
    expect(JSON.parse(answer.text).errors.text).toMatch(/Only mentions of the desk/);
    expect(await toConsumer(stored)).toEqual([]);
  });

  it('Ask for info: the question as plain text', async () => {
    const stored = await heldWithCard();
    const typed = 'Which *e-mail* did you use at <https://shop.example|shop.example>?';
    await postToSlackEndpoint(
      server.baseUrl,
      onCard(CS, stored.cardTs).submission(stored.case.ref, MODALS.askForInfo, {
        question: text(typed),
        due: choice(null),
      }),
    );
    await eventually(() => posted('chat.postMessage').length === 1);
    expect(await toConsumer(stored)).toEqual(['Which e-mail did you use at https://shop.example?']);
  });

  it("the ombudsman's decision: the consumer reads the reasoning as plain text; the case keeps it as typed", async () => {
    const stored = await heldWithCard();
    await toOmbudsman(context, stored);
    const reasoning = "The shop's *own* delivery terms (<https://shop.example/terms|terms &amp; conditions>) were met.";
    await postToSlackEndpoint(
      server.baseUrl,
      onCard(OMB, stored.cardTs).submission(
        stored.case.ref,
        MODALS.ombudsmanDecide,
        ombudsmanDecideForm({ decision: 'upheld', reasoning: reasoning }),
        'U0OMB',
      ),
    );
    await eventually(() => posted('chat.update').length >= 1);
    const told = await toConsumer(stored);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(
      "The shop's own delivery terms (terms & conditions (https://shop.example/terms)) were met.",
    );
    expect(told[0]).not.toMatch(/[<>*]|&amp;/);
    const decided = (await caseEvents(context.db, stored.id)).find((e) => e.type === 'ombudsman_decided');
    expect(decided?.reason).toBe(reasoning);
  });
});
