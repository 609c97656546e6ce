import { expect, it } from 'vitest';
import {
  caseDescription,
  consumerHistory,
  latestConversation,
  markHandled,
  openConversation,
  recentMessages,
  storeInbound,
  storeOutbound,
  claimUnanswered,
} from '../../db/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { at, contextFor, MINUTE, openTestCase } from './support.ts';

describeEachDriver('conversations and messages', (current) => {
  it('an inbound message is stored before anything else, with its original and its redacted text', async () => {
    const db = current().db;
    const conversationId = await openConversation(db, {
      consumerId: 'c_alice',
      channel: 'web',
      language: 'sv',
      at: at(0),
    });
    const { message, duplicate } = await storeInbound(db, {
      conversationId,
      author: 'consumer',
      text: 'mitt kort 4111 1111 1111 1111 debiterades',
      redactedText: 'mitt kort [card] debiterades',
      at: at(MINUTE),
    });
    expect(duplicate).toBe(false);
    expect(message).toMatchObject({
      direction: 'in',
      text: 'mitt kort 4111 1111 1111 1111 debiterades',
      redactedText: 'mitt kort [card] debiterades',
      handledAt: null,
    });
    expect(await latestConversation(db, 'c_alice', 'web')).toBe(conversationId);
  });

  it('a retried message (same client id) is stored once', async () => {
    const db = current().db;
    const conversationId = await openConversation(db, { consumerId: 'c_bob', channel: 'app', at: at(0) });
    const input = {
      conversationId,
      author: 'consumer',
      text: 'hej',
      redactedText: 'hej',
      clientMessageId: 'm-1',
      at: at(MINUTE),
    };
    const first = await storeInbound(db, input);
    const again = await storeInbound(db, { ...input, at: at(2 * MINUTE) });
    expect(again).toEqual({ message: first.message, duplicate: true });
    expect(await recentMessages(db, conversationId)).toHaveLength(1);
  });

  it('a message left unanswered by a crash is claimed once, after its grace period; answered ones never', async () => {
    const db = current().db;
    // days before every other test's messages, so that the oldest-first claim sees only these
    const early = (ms: number) => at(-10 * 24 * 60 * MINUTE + ms);
    const conversationId = await openConversation(db, { consumerId: 'c_carol', channel: 'web', at: early(0) });
    const answered = await storeInbound(db, {
      conversationId,
      author: 'consumer',
      text: 'one',
      redactedText: 'one',
      at: early(MINUTE),
    });
    const lost = await storeInbound(db, {
      conversationId,
      author: 'consumer',
      text: 'two',
      redactedText: 'two',
      at: early(2 * MINUTE),
    });
    await markHandled(db, answered.message.id, early(MINUTE + 500));
    // still within the grace period: a live replica may be answering it
    expect(await claimUnanswered(db, early(2 * MINUTE + 1000), early(MINUTE), 60_000)).toBeUndefined();
    const claimed = await claimUnanswered(db, early(10 * MINUTE), early(9 * MINUTE), 60_000);
    expect(claimed).toMatchObject({ id: lost.message.id, consumerId: 'c_carol', channel: 'web', text: 'two' });
    // claimed: no other replica gets it while the lease runs; after it lapses, it is offered again
    expect(await claimUnanswered(db, early(10 * MINUTE + 1000), early(9 * MINUTE), 60_000)).toBeUndefined();
    expect((await claimUnanswered(db, early(12 * MINUTE), early(11 * MINUTE), 60_000))?.id).toBe(lost.message.id);
  });

  it("history is the consumer's own messages in order, replies that touched a case carry it, other consumers' never appear", async () => {
    const db = current().db;
    const mine = await openConversation(db, { consumerId: 'c_dave', channel: 'web', at: at(0) });
    const theirs = await openConversation(db, { consumerId: 'c_eve', channel: 'web', at: at(0) });
    const kase = await openTestCase(contextFor(db), 'unrecognized_purchase', at(0), 'c_dave');
    await storeInbound(db, {
      conversationId: mine,
      author: 'consumer',
      text: 'I did not buy this',
      redactedText: 'I did not buy this',
      at: at(MINUTE),
    });
    await storeInbound(db, {
      conversationId: theirs,
      author: 'consumer',
      text: 'secret of eve',
      redactedText: 'secret of eve',
      at: at(MINUTE),
    });
    await storeOutbound(db, {
      conversationId: mine,
      caseId: kase.id,
      author: 'bot',
      text: `Case ${kase.case.ref}`,
      redactedText: `Case ${kase.case.ref}`,
      at: at(2 * MINUTE),
    });
    const history = await consumerHistory(db, 'c_dave');
    expect(history.map((entry) => [entry.direction, entry.text])).toEqual([
      ['in', 'I did not buy this'],
      ['out', `Case ${kase.case.ref}`],
    ]);
    expect(history[1]!.case).toEqual({
      ref: kase.case.ref,
      tier: 'investigation',
      status: 'queued',
      intent: 'unrecognized_purchase',
    });
    expect(history[0]!.case).toBeUndefined();
    const after = await consumerHistory(db, 'c_dave', { afterId: history[0]!.id });
    expect(after.map((entry) => entry.id)).toEqual([history[1]!.id]);
  });

  it("what a case is about is the consumer's report, not the short answers after it nor what came after the case", async () => {
    const db = current().db;
    const conversationId = await openConversation(db, { consumerId: 'c_dora', channel: 'web', at: at(0) });
    const say = (text: string, minute: number) =>
      storeInbound(db, { conversationId, author: 'consumer', text, redactedText: text, at: at(minute * MINUTE) });
    await say('hej', 1);
    await say('Jag returnerade en jacka till Nordsko AB men fick ändå en faktura på 899 kr', 2);
    for (let minute = 3; minute < 30; minute++) await say(minute % 2 ? 'ja' : 'i början av november', minute);
    const later = 'Ett mycket längre meddelande som kom efter att ärendet öppnades och inte hör till det alls';
    await say(later, 40);
    // Past the latest 20 of the consumer's messages, the report is out of reach: what was said last is taken.
    expect(await caseDescription(db, { conversationId, openedAt: at(30 * MINUTE) })).toBe('i början av november');
    expect(await caseDescription(db, { conversationId, openedAt: at(12 * MINUTE) })).toBe(
      'Jag returnerade en jacka till Nordsko AB men fick ändå en faktura på 899 kr',
    );
    expect(await caseDescription(db, { conversationId: null, openedAt: at(30 * MINUTE) })).toBeNull();
  });

  it('the bot reads only the last messages of a long conversation, oldest first', async () => {
    const db = current().db;
    const conversationId = await openConversation(db, { consumerId: 'c_frank', channel: 'web', at: at(0) });
    for (let index = 0; index < 30; index++) {
      await storeInbound(db, {
        conversationId,
        author: 'consumer',
        text: `m${index}`,
        redactedText: `m${index}`,
        at: at(index * 1000),
      });
    }
    const recent = await recentMessages(db, conversationId, 5);
    expect(recent.map((message) => message.text)).toEqual(['m25', 'm26', 'm27', 'm28', 'm29']);
  });
});
