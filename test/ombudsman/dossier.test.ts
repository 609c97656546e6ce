// The dossier, on PGlite and PostgreSQL: complete and in time order (a case with three
// conversations, two escalations and a dispute shows every one of them), as JSON and as a page,
// and only for the ombudsman: an agent's or a consumer's credentials get 401, a case never sent to
// the ombudsman 404.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addCaseNote, markHandled, openConversation, storeInbound, storeOutbound, type Db } from '../../db/index.ts';
import { redact } from '../../intents/redact.ts';
import { describeEachDriver } from '../support/databases.ts';
import { leakedVariants, variantMessages } from '../support/pii-variants.ts';
import {
  bearer,
  Clock,
  contextFor,
  CS,
  DAY,
  decidedForMerchant,
  INV,
  MERCHANT,
  newSession,
  OMBUDSMAN_TOKEN,
  open,
  postJson,
  run,
  SPEC,
  startTestService,
  type TestService,
} from './support.ts';

const T0 = new Date('2026-03-02T09:00:00.000Z');

async function say(
  db: Db,
  conversationId: string,
  caseId: number | null,
  direction: 'in' | 'out',
  author: string,
  text: string,
  at: Date,
) {
  if (direction === 'in') {
    const { message } = await storeInbound(db, { conversationId, author, text, redactedText: text, at });
    if (caseId !== null) await markHandled(db, message.id, at, caseId);
    return message.id;
  }
  return (await storeOutbound(db, { conversationId, caseId, author, text, redactedText: text, at })).id;
}

/**
 * The story: an invoice question in a web chat goes to customer service, is escalated to
 * investigation (1) with its dispute (returned goods still billed), the consumer asks for news
 * from the app (2nd conversation), the merchant answers without agreeing and its window ends
 * (escalated, fee), investigation decides for the
 * merchant; the consumer reopens in a new web chat (3rd), investigation escalates to the
 * specialist team (2), who answers and gives the final statement. Then the written request.
 */
async function longStory(db: Db, consumerId: string) {
  const context = contextFor(db);
  const clock = new Clock(T0);
  const a = await openConversation(db, { consumerId, channel: 'web', language: 'sv', at: clock.now });
  const unrelated = await openConversation(db, { consumerId, channel: 'web', language: 'sv', at: clock.tick() });
  await say(db, unrelated, null, 'in', 'consumer', 'How do I log in with BankID?', clock.tick());
  const m1 = await say(
    db,
    a,
    null,
    'in',
    'consumer',
    'My invoice from Zalando is for a jacket I sent back <b>twice</b>.',
    clock.tick(),
  );
  const opened = await open(context, consumerId, 'invoice', clock.tick(), { conversationId: a });
  const ref = opened.case.ref;
  await markHandled(db, m1, clock.now, opened.id);
  await say(db, a, opened.id, 'out', 'bot', 'I have passed this to customer service: case ' + ref, clock.now);
  await run(context, ref, { type: 'pick_up', actor: CS }, clock.tick());
  await say(db, a, opened.id, 'out', 'agent:cs-1', 'I am sending this to our investigation department.', clock.tick());
  await run(context, ref, { type: 'reply', actor: CS }, clock.now);
  await run(
    context,
    ref,
    {
      type: 'escalate',
      actor: CS,
      to: 'investigation',
      reason: 'buyer_protection',
      note: 'Returned item still billed.',
      kind: 'merchant_disagreement',
      merchant: 'Zalando',
      amountMinor: 129_900,
      currency: 'SEK',
      refundReason: 'returned',
    },
    clock.tick(),
  );

  const b = await openConversation(db, { consumerId, channel: 'app', language: 'sv', at: clock.tick() });
  await say(db, b, opened.id, 'in', 'consumer', 'Any news on my case?', clock.tick());
  await say(db, b, opened.id, 'out', 'bot', 'Your case is with the investigation department.', clock.tick());

  await run(
    context,
    ref,
    { type: 'merchant_responded', actor: MERCHANT, summary: 'The return never arrived at our warehouse.' },
    clock.tick(3 * 24 * 60 * 60_000),
  );
  await run(context, ref, { type: 'window_expired', actor: { kind: 'system' } }, clock.tick(18 * 24 * 60 * 60_000));
  await run(context, ref, { type: 'pick_up', actor: INV }, clock.tick());
  await run(context, ref, { type: 'request_info', actor: INV, from: 'consumer' }, clock.tick());
  await run(context, ref, { type: 'reply', actor: { kind: 'consumer', id: consumerId } }, clock.tick());
  await run(
    context,
    ref,
    { type: 'decide_investigation', actor: INV, decision: 'merchant_favour', reasoning: 'No proof of return.' },
    clock.tick(),
  );

  const c = await openConversation(db, { consumerId, channel: 'web', language: 'sv', at: clock.tick() });
  await say(db, c, opened.id, 'in', 'consumer', 'I have the post office receipt for the return!', clock.tick());
  await run(
    context,
    ref,
    { type: 'reopen', actor: { kind: 'consumer', id: consumerId }, reason: 'New proof of return.' },
    clock.now,
  );
  await run(context, ref, { type: 'pick_up', actor: INV }, clock.tick());
  await run(
    context,
    ref,
    {
      type: 'escalate',
      actor: INV,
      to: 'specialist',
      reason: 'outside_routine',
      note: 'Receipt from a foreign postal service.',
    },
    clock.tick(),
  );
  const note = 'Consumer read out card 4111 1111 1111 1111 on the phone; do not ask again.';
  await addCaseNote(db, {
    caseId: opened.id,
    author: 'agent:inv-1',
    text: note,
    redactedText: redact(note),
    at: clock.tick(),
  });
  await run(context, ref, { type: 'pick_up', actor: SPEC }, clock.tick());
  await say(db, c, opened.id, 'out', 'agent:spec-1', 'We checked the receipt with the postal service.', clock.tick());
  await run(context, ref, { type: 'reply', actor: SPEC }, clock.now);
  await run(
    context,
    ref,
    { type: 'resolve', actor: SPEC, outcome: 'answered', note: 'Receipt is for another parcel.' },
    clock.tick(),
  );
  await run(
    context,
    ref,
    { type: 'issue_final_statement', actor: SPEC, text: 'The invoice stands: the receipt is for another parcel.' },
    clock.tick(),
  );
  return { ref, caseId: opened.id, conversations: [a, b, c], unrelated };
}

describeEachDriver('the ombudsman dossier', (current) => {
  let service: TestService;
  let withoutDesk: TestService;
  beforeAll(async () => {
    service = await startTestService(current().db);
    withoutDesk = await startTestService(current().db, { ombudsman: false });
  });
  afterAll(async () => {
    await service.stop();
    await withoutDesk.stop();
  });
  const omb = bearer(OMBUDSMAN_TOKEN);

  it('shows all three conversations, both escalations, the dispute, the decisions and the final statement, in time order', async () => {
    const alice = newSession();
    const story = await longStory(current().db, alice.user);
    const filed = await postJson(
      `${service.base}/api/ombudsman/requests`,
      { caseRef: story.ref, statement: 'The receipt proves I returned it.', desiredOutcome: 'Cancel the invoice.' },
      bearer(alice.token),
    );
    expect(filed.status).toBe(201);

    const response = await fetch(`${service.base}/api/ombudsman/cases/${story.ref}/dossier`, { headers: omb });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const dossier = await response.json();

    expect(dossier.conversations.map((v: any) => [v.id, v.channel])).toEqual([
      [story.conversations[0], 'web'],
      [story.conversations[1], 'app'],
      [story.conversations[2], 'web'],
    ]);
    expect(dossier.conversations.map((v: any) => v.messages.map((m: any) => m.text))).toEqual([
      [
        'My invoice from Zalando is for a jacket I sent back <b>twice</b>.',
        `I have passed this to customer service: case ${story.ref}`,
        'I am sending this to our investigation department.',
        // the receipt of the written request, in the case's own conversation
        `Tack. Din begäran i ärende ${story.ref} har skickats till kundombudet. Du får svaret i chatten.`,
      ],
      ['Any news on my case?', 'Your case is with the investigation department.'],
      ['I have the post office receipt for the return!', 'We checked the receipt with the postal service.'],
    ]);
    // The consumer's conversation about something else is not one of this case's conversations
    // nor in its timeline; it is among their other contacts (issue 18, item 6).
    expect(JSON.stringify({ conversations: dossier.conversations, timeline: dossier.timeline })).not.toContain(
      'BankID',
    );
    expect(dossier.earlierContacts.map((v: any) => v.messages.map((m: any) => m.text))).toEqual([
      ['How do I log in with BankID?'],
    ]);

    const escalations = dossier.events.filter((e: any) => e.type === 'escalated');
    expect(escalations.map((e: any) => [e.actor, e.data.from, e.data.to, e.reason])).toEqual([
      ['agent:cs-1', 'customer_service', 'investigation', 'buyer_protection'],
      ['agent:inv-1', 'investigation', 'specialist', 'outside_routine'],
    ]);
    expect(dossier.dispute).toMatchObject({
      kind: 'merchant_disagreement',
      merchant: 'Zalando',
      amountMinor: 129_900,
      currency: 'SEK',
      refundReason: 'returned',
      settlementClaim: null,
      merchantAnswer: 'responded',
      disputeFeeCharged: true,
      decision: 'merchant_favour',
      decisionReasoning: 'No proof of return.',
    });
    expect(dossier.dispute.merchantWindowEndsAt).toBeTruthy();
    expect(dossier.dispute.escalatedAt).toBeTruthy();
    expect(dossier.decisions.map((e: any) => e.type)).toEqual(['investigation_decided', 'resolved', 'resolved']);
    expect(dossier.finalStatements).toEqual([
      { text: 'The invoice stands: the receipt is for another parcel.', by: 'agent:spec-1', at: expect.any(String) },
    ]);
    expect(dossier.request).toMatchObject({
      statement: 'The receipt proves I returned it.',
      desiredOutcome: 'Cancel the invoice.',
      proof: 'session',
    });
    expect(dossier.case).toMatchObject({
      ref: story.ref,
      tier: 'ombudsman',
      status: 'queued',
      ombudsmanFromTier: 'specialist',
    });

    // One timeline, oldest first, with everything in it.
    const times = dossier.timeline.map((entry: any) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((x, y) => x - y));
    const label = (entry: any) =>
      entry.kind === 'message'
        ? `msg:${entry.message.text.slice(0, 12)}`
        : entry.kind === 'event'
          ? entry.event.type
          : entry.kind;
    const key = dossier.timeline
      .map(label)
      .filter(
        (l: string) =>
          l.startsWith('msg:') ||
          [
            'note',
            'escalated',
            'dispute_opened',
            'dispute_escalated',
            'dispute_fee_charged',
            'investigation_decided',
            'reopened',
            'final_statement_issued',
            'request',
            'ombudsman_requested',
          ].includes(l),
      );
    expect(key).toEqual([
      'msg:My invoice f',
      'msg:I have passe',
      'msg:I am sending',
      'dispute_opened',
      'escalated',
      'msg:Any news on ',
      'msg:Your case is',
      'dispute_escalated',
      'dispute_fee_charged',
      'investigation_decided',
      'msg:I have the p',
      'reopened',
      'escalated',
      'note',
      'msg:We checked t',
      'final_statement_issued',
      'request',
      'msg:Tack. Din be',
      'ombudsman_requested',
    ]);
    // the agents' internal notes are part of how the case was handled, masked as they were kept
    expect(dossier.notes.map((n: any) => [n.author, n.text])).toEqual([
      ['agent:inv-1', redact('Consumer read out card 4111 1111 1111 1111 on the phone; do not ask again.')],
    ]);
    expect(JSON.stringify(dossier)).not.toContain('4111 1111 1111 1111');
    expect(dossier.events.length).toBeGreaterThan(20);
    expect(dossier.timeline.filter((entry: any) => entry.kind === 'event')).toHaveLength(dossier.events.length);
  });

  it('the page shows the same, escaped and in order, for the ombudsman only', async () => {
    const alice = newSession();
    const story = await longStory(current().db, alice.user);
    await postJson(
      `${service.base}/api/ombudsman/requests`,
      { caseRef: story.ref, statement: 'Look at <script>the receipt</script>.', desiredOutcome: 'Cancel it.' },
      bearer(alice.token),
    );
    const response = await fetch(`${service.base}/ombudsman/cases/${story.ref}`, { headers: omb });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await response.text();
    expect(html).toContain(`Dossier for case ${story.ref}`);
    expect(html).toContain('&lt;b&gt;twice&lt;/b&gt;');
    expect(html).toContain('Look at &lt;script&gt;the receipt&lt;/script&gt;.');
    expect(html).not.toContain('<script>the receipt');
    expect(html).toContain('Conversations (3)');
    const timeline = html.slice(html.indexOf('id="omb-timeline-h"'));
    const order = [
      'My invoice from Zalando',
      'dispute_opened',
      'from: customer_service',
      'Any news on my case?',
      'dispute_fee_charged',
      'investigation_decided',
      'post office receipt',
      'from: investigation',
      'final_statement_issued',
      'written request to the ombudsman',
    ];
    const positions = order.map((text) => timeline.indexOf(text));
    expect(order.filter((_, index) => positions[index]! < 0)).toEqual([]);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(html).toContain('Merchant&#39;s window ends');
    expect(html).toContain('<th scope="row">Refund reason</th><td>returned the goods</td>');
    expect(html).toMatch(/<th scope="row">Amount<\/th><td>SEK\s1,299\.00<\/td>/);
    expect(html).toContain('id="omb-decide"');
  });

  it("shows the merchant's settlement claim and how the consumer answered it, its terms masked", async () => {
    const alice = newSession();
    const context = contextFor(current().db);
    const clock = new Clock(T0);
    const opened = await open(context, alice.user, 'merchant_disagreement', clock.now);
    const ref = opened.case.ref;
    await run(
      context,
      ref,
      { type: 'record_refund_reason', actor: { kind: 'consumer', id: alice.user }, reason: 'not_received' },
      clock.tick(),
    );
    await run(
      context,
      ref,
      {
        type: 'merchant_settlement_claimed',
        actor: MERCHANT,
        amountMinor: 89_900,
        currency: 'SEK',
        terms: 'Refunded; call us on 070-123 45 67.',
      },
      clock.tick(4 * DAY),
    );
    await run(
      context,
      ref,
      { type: 'consumer_confirmed_settlement', actor: { kind: 'consumer', id: alice.user } },
      clock.tick(DAY),
    );
    await run(
      context,
      ref,
      { type: 'issue_final_statement', actor: INV, text: 'The shop refunded you; the invoice runs on as credited.' },
      clock.tick(),
    );
    const filed = await postJson(
      `${service.base}/api/ombudsman/requests`,
      { caseRef: ref, statement: 'Only part came back.', desiredOutcome: 'The rest.' },
      bearer(alice.token),
    );
    expect(filed.status).toBe(201);

    const dossier = await (await fetch(`${service.base}/api/ombudsman/cases/${ref}/dossier`, { headers: omb })).json();
    expect(dossier.dispute).toMatchObject({
      refundReason: 'not_received',
      merchantAnswer: 'settled',
      disputeFeeCharged: false,
    });
    expect(dossier.dispute.settlementClaim).toMatchObject({
      status: 'confirmed',
      amountMinor: 89_900,
      currency: 'SEK',
      claimedBy: 'merchant',
    });
    expect(dossier.decisions.map((e: any) => e.type)).toEqual(['merchant_settled', 'resolved']);

    const html = await (await fetch(`${service.base}/ombudsman/cases/${ref}`, { headers: omb })).text();
    expect(html).toContain('<td>goods never received</td>');
    expect(html).toMatch(/the merchant says it refunded SEK\s899\.00 \(2026-03-06\); the consumer confirmed it/);
    expect(html).not.toContain('070-123 45 67');
  });

  it('shows the masked copy of what the consumer wrote: personal data typed every way (any space, dots, slashes, dashes, zero-width characters) is not in it', async () => {
    const alice = newSession();
    const clock = new Clock(T0);
    const conversationId = await openConversation(current().db, {
      consumerId: alice.user,
      channel: 'web',
      language: 'sv',
      at: clock.now,
    });
    const decided = await decidedForMerchant(contextFor(current().db), alice.user, clock, { conversationId });
    const messages = variantMessages();
    for (const { text } of messages) {
      // As the chat keeps a consumer's message: the original, and its masked copy for leaving the database.
      const { message } = await storeInbound(current().db, {
        conversationId,
        author: 'consumer',
        text,
        redactedText: redact(text),
        at: clock.tick(),
      });
      await markHandled(current().db, message.id, clock.now, decided.id);
    }
    expect(
      (
        await postJson(
          `${service.base}/api/ombudsman/requests`,
          { caseRef: decided.case.ref, statement: 'See my messages.', desiredOutcome: 'Cancel it.' },
          bearer(alice.token),
        )
      ).status,
    ).toBe(201);

    const dossier = await (
      await fetch(`${service.base}/api/ombudsman/cases/${decided.case.ref}/dossier`, { headers: omb })
    ).json();
    const fromConsumer = dossier.conversations
      .flatMap((v: any) => v.messages)
      .filter((m: any) => m.direction === 'in')
      .map((m: any) => m.text);
    expect(fromConsumer).toEqual(messages.map((m) => m.masked));
    const html = await (await fetch(`${service.base}/ombudsman/cases/${decided.case.ref}`, { headers: omb })).text();
    for (const message of messages) {
      expect(leakedVariants(JSON.stringify(dossier), message.variants), 'in the dossier').toEqual([]);
      expect(leakedVariants(html, message.variants), 'on its page').toEqual([]);
    }
  });

  it("an agent's or a consumer's credentials get 401 not_the_ombudsman; no credentials 401 ombudsman_token_missing; a wrong token 401 — on the JSON, the page and the queue", async () => {
    const alice = newSession();
    const bob = newSession();
    const decided = await decidedForMerchant(contextFor(current().db), alice.user, new Clock(T0));
    expect(
      (
        await postJson(
          `${service.base}/api/ombudsman/requests`,
          { caseRef: decided.case.ref, statement: 's', desiredOutcome: 'd' },
          bearer(alice.token),
        )
      ).status,
    ).toBe(201);
    const urls = [`/api/ombudsman/cases/${decided.case.ref}/dossier`, `/api/ombudsman/cases`];
    const credentials: [string, Record<string, string>][] = [
      ['the case’s own consumer', bearer(alice.token)],
      ['another consumer', bearer(bob.token)],
      ['an agent’s Slack token', bearer('xoxb-1234-5678-abcdefabcdef')],
      ['a wrong token of the right length', bearer(OMBUDSMAN_TOKEN.replace(/.$/, 'X'))],
      [
        'a malformed header',
        { authorization: `Basic ${Buffer.from(`ombudsman:${OMBUDSMAN_TOKEN}`).toString('base64')}` },
      ],
    ];
    for (const url of urls) {
      for (const [who, headers] of credentials) {
        const response = await fetch(`${service.base}${url}`, { headers });
        expect(response.status, `${who} on ${url}`).toBe(401);
        const body = await response.json();
        expect(body.error.code).toBe('not_the_ombudsman');
        expect(JSON.stringify(body)).not.toContain(decided.case.consumerId);
      }
      const none = await fetch(`${service.base}${url}`);
      expect(none.status).toBe(401);
      expect((await none.json()).error.code).toBe('ombudsman_token_missing');
    }
    const page = await fetch(`${service.base}/ombudsman/cases/${decided.case.ref}`, { headers: bearer(alice.token) });
    expect(page.status).toBe(401);
    // A browser's visit without a token gets the sign-in page, with nothing of the case in it.
    const signIn = await fetch(`${service.base}/ombudsman/cases/${decided.case.ref}`);
    expect(signIn.status).toBe(200);
    const signInHtml = await signIn.text();
    expect(signInHtml).toContain('id="omb-sign-in"');
    expect(signInHtml).not.toContain(decided.case.ref);
    expect(signInHtml).not.toContain('parcel');
  });

  it('only cases sent to the ombudsman have a dossier: any other reference is 404', async () => {
    const alice = newSession();
    const notRequested = await decidedForMerchant(contextFor(current().db), alice.user, new Clock(T0));
    for (const ref of [notRequested.case.ref, 'OMB-00000000', 'bad ref!']) {
      const response = await fetch(`${service.base}/api/ombudsman/cases/${encodeURIComponent(ref)}/dossier`, {
        headers: omb,
      });
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe('case_not_found');
    }
  });

  it('without OMBUDSMAN_TOKEN and without an ombudsman account nobody opens a dossier, whatever they send', async () => {
    const response = await fetch(`${withoutDesk.base}/api/ombudsman/cases`, { headers: omb });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('ombudsman_desk_off');
  });

  it('the queue lists the cases at the ombudsman, with the tier they came from', async () => {
    const alice = newSession();
    const decided = await decidedForMerchant(contextFor(current().db), alice.user, new Clock(T0));
    await postJson(
      `${service.base}/api/ombudsman/requests`,
      { caseRef: decided.case.ref, statement: 's', desiredOutcome: 'd' },
      bearer(alice.token),
    );
    const list = await (await fetch(`${service.base}/api/ombudsman/cases`, { headers: omb })).json();
    expect(list.cases).toContainEqual(
      expect.objectContaining({ ref: decided.case.ref, status: 'queued', fromTier: 'investigation', decision: null }),
    );
  });
});
