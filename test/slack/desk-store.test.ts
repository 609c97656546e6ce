// The desk's own rows, on PGlite and PostgreSQL: a Slack event is taken by one caller (a retry,
// another replica) until it is finished, or until an unfinished claim's lease runs out; a note
// from one Slack message is kept once; a consumer message is claimed for the thread by one of
// several replicas at once.
import { expect, it } from 'vitest';
import {
  addCaseNote,
  caseNotes,
  caseNoteSummary,
  claimMirror,
  claimSlackEvent,
  consumerMessagesToMirror,
  EVENT_CLAIM_LEASE_SECONDS,
  finishSlackEvent,
  markHandled,
  mirrorPosted,
  notifyInTransaction,
  openCase,
  openConversation,
  sqlCardStore,
  storeInbound,
  unfinishedThreadMessages,
} from '../../db/index.ts';
import { describeEachDriver } from '../support/databases.ts';

describeEachDriver('the Slack desk store', (current) => {
  it('takes an event once: a retry or another replica is refused while it runs and after it is done', async () => {
    const db = current().db;
    const now = new Date();
    const claims = await Promise.all([1, 2, 3].map(() => claimSlackEvent(db, 'Ev-once', now)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await finishSlackEvent(db, 'Ev-once', now);
    const muchLater = new Date(now.getTime() + 10 * EVENT_CLAIM_LEASE_SECONDS * 1000);
    expect(await claimSlackEvent(db, 'Ev-once', muchLater)).toBe(false);
  });

  it('lets a retry take an event whose first claim was never finished, after the lease', async () => {
    const db = current().db;
    const now = new Date();
    expect(await claimSlackEvent(db, 'Ev-died', now)).toBe(true);
    expect(await claimSlackEvent(db, 'Ev-died', new Date(now.getTime() + 1_000))).toBe(false);
    expect(await claimSlackEvent(db, 'Ev-died', new Date(now.getTime() + (EVENT_CLAIM_LEASE_SECONDS + 1) * 1000))).toBe(
      true,
    );
  });

  it('keeps a thread message with its claim until it is finished, and gives an unfinished one to the recovery after the lease, a few times', async () => {
    const db = current().db;
    const now = new Date();
    const message = {
      channel: 'C0CS',
      ts: '1764000200.000001',
      threadTs: '1764000100.000001',
      user: 'U0ANNA',
      text: 'Your refund is on its way.',
    };
    const done = { ...message, ts: '1764000200.000002' };
    expect(await claimSlackEvent(db, 'Ev-journal-died', now, message)).toBe(true);
    expect(await claimSlackEvent(db, 'Ev-journal-done', now, done)).toBe(true);
    await finishSlackEvent(db, 'Ev-journal-done', now);
    const late = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    const unfinished = (at: Date) => unfinishedThreadMessages(db, { now: at, maxAttempts: 3 });

    // Within the lease its worker may still be at it; after, it is the recovery's, with what it needs.
    expect(await unfinished(late(1))).toEqual([]);
    expect(await unfinished(late(EVENT_CLAIM_LEASE_SECONDS + 1))).toEqual([
      { eventId: 'Ev-journal-died', message, attempts: 1 },
    ]);
    // Taken up again and left unfinished, twice: the third attempt is the last one read.
    expect(await claimSlackEvent(db, 'Ev-journal-died', late(EVENT_CLAIM_LEASE_SECONDS + 1))).toBe(true);
    expect(await unfinished(late(EVENT_CLAIM_LEASE_SECONDS + 2))).toEqual([]);
    expect(await claimSlackEvent(db, 'Ev-journal-died', late(3 * EVENT_CLAIM_LEASE_SECONDS))).toBe(true);
    expect(await unfinished(late(5 * EVENT_CLAIM_LEASE_SECONDS))).toEqual([]);
    // A finished event keeps no text.
    const { rows } = await db.query<{ thread_message: unknown }>(
      "SELECT thread_message FROM slack_events WHERE event_id = 'Ev-journal-done'",
    );
    expect(rows[0]!.thread_message).toBeNull();
  });

  it("keeps a note from one Slack message once, and summarises a case's notes", async () => {
    const db = current().db;
    const opened = await openCase(
      { db, signal: notifyInTransaction() },
      { type: 'open', actor: { kind: 'bot' }, consumerId: 'c-notes', intent: 'invoice', language: 'sv' },
      new Date(),
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const caseId = opened.stored.id;
    expect(await caseNoteSummary(db, caseId)).toEqual({ count: 0, latest: null });
    const note = {
      caseId,
      author: 'agent:U0ANNA',
      text: 'called, card 4111 1111 1111 1111',
      redactedText: 'called, card [card]',
      sourceRef: 'slack:C0CS:1.1',
      at: new Date(),
    };
    expect(await addCaseNote(db, note)).toEqual({ added: true });
    expect(await addCaseNote(db, note)).toEqual({ added: false });
    await addCaseNote(db, { ...note, text: 'second', redactedText: 'second', sourceRef: 'slack:C0CS:1.2' });
    expect((await caseNotes(db, caseId)).map((n) => n.text)).toEqual(['called, card 4111 1111 1111 1111', 'second']);
    const summary = await caseNoteSummary(db, caseId);
    expect(summary.count).toBe(2);
    expect(summary.latest?.redactedText).toBe('second');
  });

  it('gives a consumer message to one of three replicas for the thread, and not again once posted', async () => {
    const db = current().db;
    const now = new Date();
    const conversationId = await openConversation(db, { consumerId: 'c-mirror', channel: 'web', at: now });
    const opened = await openCase(
      { db, signal: notifyInTransaction() },
      {
        type: 'open',
        actor: { kind: 'bot' },
        consumerId: 'c-mirror',
        conversationId,
        intent: 'invoice',
        language: 'sv',
      },
      now,
    );
    if (!opened.ok) throw new Error(opened.error.code);
    const store = sqlCardStore(db);
    await store.claim(opened.stored.id, 'customer_service', 'C0CS', now);
    await store.posted(opened.stored.id, 'customer_service', '1764000000.000100', now);
    const later = new Date(now.getTime() + 1_000);
    const { message } = await storeInbound(db, {
      conversationId,
      author: 'consumer',
      text: 'hello',
      redactedText: 'hello',
      at: later,
    });
    await markHandled(db, message.id, later, opened.stored.id);

    const found = await consumerMessagesToMirror(db, { afterId: 0, now: later });
    const mine = found.filter((m) => m.messageId === message.id);
    expect(mine).toEqual([
      {
        messageId: message.id,
        caseId: opened.stored.id,
        caseRef: opened.stored.case.ref,
        redactedText: 'hello',
        channelId: 'C0CS',
        threadTs: '1764000000.000100',
      },
    ]);
    const claims = await Promise.all([1, 2, 3].map(() => claimMirror(db, mine[0]!, later)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await mirrorPosted(db, message.id, '1764000001.000001');
    expect(
      (await consumerMessagesToMirror(db, { afterId: 0, now: new Date(later.getTime() + 3_600_000) })).map(
        (m) => m.messageId,
      ),
    ).not.toContain(message.id);
  });
});
