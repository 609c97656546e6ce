// The probe's message through the real service (its composition root in this process) on each
// driver: "ref", 1,990 spaces and "! 1", 1,996 characters and so under the 2,000 limit, took 11 s
// to answer and held the whole process meanwhile (/healthz waited as long); after a kill in the
// middle of it, the restarted service answered the stored message again and froze once more.
// Now it is answered within a second, over the webhook and by the recovery of unanswered
// messages alike, and /healthz keeps answering while it is worked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestJson } from '../../bench/lib/chat-load.ts';
import { watchHealth } from '../../bench/lib/health-watch.ts';
import { issueSession } from '../../bot/web/session.ts';
import { consumerHistory, openConversation, storeInbound } from '../../db/index.ts';
import { redact } from '../../intents/redact.ts';
import { FUZZ_SECRET, startFuzzService, type FuzzService } from '../fuzz/support.ts';
import { DRIVERS } from '../support/databases.ts';
import { PROBE_TEXT } from '../support/fuzz-inputs.ts';

for (const kind of DRIVERS) {
  describe(`the probe's 1,996-character message [${kind}]`, () => {
    let fuzz: FuzzService;
    beforeAll(async () => {
      fuzz = await startFuzzService(kind);
    });
    afterAll(() => fuzz?.stop());

    it('over the webhook, is answered within a second, and /healthz answers meanwhile', async () => {
      const consumer = issueSession(FUZZ_SECRET, { now: new Date() });
      const health = watchHealth(fuzz.base);
      const started = performance.now();
      const answer = await requestJson<{ text: string }[]>(`${fuzz.base}/api/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${consumer.token}` },
        body: { type: 'message', text: PROBE_TEXT.text, user: consumer.user },
      });
      const answeredMs = performance.now() - started;
      const healthMs = await health.stop();
      expect(answer.status).toBe(200);
      expect(answer.body.map((reply) => reply.text.length > 0)).toContain(true);
      expect(answeredMs).toBeLessThan(1_000);
      expect(healthMs).toBeLessThan(500);
    });

    it('left unanswered by a crash, is answered by the recovery, and /healthz answers meanwhile', async () => {
      const { db } = fuzz.service;
      const consumer = issueSession(FUZZ_SECRET, { now: new Date() });
      // Stored minutes ago and never answered: what a replica killed mid-message leaves behind.
      const past = new Date(Date.now() - 5 * 60_000);
      const conversationId = await openConversation(db, { consumerId: consumer.user, channel: 'app', at: past });
      const health = watchHealth(fuzz.base);
      await storeInbound(db, {
        conversationId,
        author: 'consumer',
        text: PROBE_TEXT.text,
        redactedText: redact(PROBE_TEXT.text),
        at: past,
      });
      // The recovery looks every 10 s.
      const deadline = Date.now() + 25_000;
      let replies: { text: string }[] = [];
      while (replies.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        replies = (await consumerHistory(db, consumer.user)).filter((message) => message.direction === 'out');
      }
      const healthMs = await health.stop();
      expect(replies.map((reply) => reply.text.length > 0)).toContain(true);
      expect(healthMs).toBeLessThan(500);
    }, 40_000);
  });
}
