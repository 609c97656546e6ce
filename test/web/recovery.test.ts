// Every inbound message is stored before the bot answers; after a crash between the two, the
// restarted service answers it. The database here holds what a crash leaves: a message stored
// minutes ago and never answered. Then the real service starts on it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signSession } from '../../bot/web/session.ts';
import { migrate, openConversation, openDatabase, storeInbound, type Db } from '../../db/index.ts';
import { createServerDatabase } from '../support/databases.ts';
import { freePort, startServiceProcess, type ServiceProcess } from '../support/process.ts';

const SECRET = 'recovery-test-secret-of-at-least-32-chars';
const started: ServiceProcess[] = [];
afterAll(() => {
  for (const service of started) service.child.kill('SIGKILL');
});

/** A request for a person that says what it is about: it opens a case at once. */
const RECOVERED = 'Jag vill prata med en människa om min faktura, beloppet på den stämmer inte alls';

async function leaveUnanswered(db: Db, consumerId: string) {
  await migrate(db);
  const past = new Date(Date.now() - 5 * 60_000);
  const conversationId = await openConversation(db, { consumerId, channel: 'app', at: past });
  await storeInbound(db, { conversationId, author: 'consumer', text: RECOVERED, redactedText: RECOVERED, at: past });
}

async function historyEventually(port: number, token: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${port}/api/chat/history`, {
      headers: { authorization: `Bearer ${token}` },
    }).catch(() => undefined);
    if (response?.status === 200) {
      const { messages } = await response.json();
      if (messages.some((message: { direction: string }) => message.direction === 'out') || Date.now() > deadline)
        return messages;
    }
    if (Date.now() > deadline) throw new Error('the service never answered');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`a message left unanswered by a crash [${kind}]`, () => {
    it("is answered by the restarted service: the handoff is in the consumer's history", async () => {
      const consumer = signSession(SECRET, 'c_recoveryconsumer000001', { now: new Date() });
      let env: Record<string, string>;
      let drop = async () => {};
      if (kind === 'pglite') {
        const dataDir = mkdtempSync(join(tmpdir(), 'ombud-recovery-'));
        const db = await openDatabase({ kind: 'pglite', dataDir });
        await leaveUnanswered(db, consumer.user);
        await db.close();
        env = { DATA_DIR: dataDir };
      } else {
        const server = await createServerDatabase();
        const db = await openDatabase({ kind: 'postgres', url: server.url });
        await leaveUnanswered(db, consumer.user);
        await db.close();
        env = { DATABASE_URL: server.url };
        drop = server.drop;
      }
      try {
        const service = startServiceProcess(
          { ...env, SESSION_SECRET: SECRET, LOG_LEVEL: 'info' },
          { port: await freePort() },
        );
        started.push(service);
        const messages = await historyEventually(service.port, consumer.token);
        expect(messages[0]).toMatchObject({ direction: 'in', text: RECOVERED });
        const handoff = messages.find((message: { case?: unknown }) => message.case);
        expect(handoff.case).toMatchObject({ tier: 'customer_service', status: 'queued', intent: 'human_agent' });
        expect((await service.waitForLog(/answered a message left unanswered/)).messageId).toBeGreaterThan(0);
        service.child.kill('SIGTERM');
        expect((await service.exited).code).toBe(0);
      } finally {
        await drop();
      }
    }, 60_000);
  });
}
