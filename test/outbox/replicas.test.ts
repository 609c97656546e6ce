// Replicas as the processes they are, on PostgreSQL (PGlite is one process by design; the same
// rules run in-process on both drivers in delivery.test.ts): two replicas deliver every event
// once, and an event whose replica is killed mid-try is delivered by the other once the lease
// has run out.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../db/index.ts';
import { createServerDatabase } from '../support/databases.ts';
import { startFakeCore, type FakeCoreServer } from '../support/fake-core-server.ts';
import { REPO_ROOT } from '../support/process.ts';
import { at, contextFor, openTestCase } from '../db/support.ts';
import { SECRET } from './support.ts';

describe('outbox delivery by replica processes [postgres]', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function databaseWithEvents(count: number): Promise<{ db: Db; url: string }> {
    const server = await createServerDatabase();
    const db = await openDatabase({ kind: 'postgres', url: server.url });
    cleanups.push(async () => {
      await db.close();
      await server.drop();
    });
    await migrate(db);
    for (let index = 0; index < count; index++)
      await openTestCase(contextFor(db), 'unrecognized_purchase', at(index), `consumer-${index}`);
    return { db, url: server.url };
  }

  async function replica(url: string, core: FakeCoreServer, leaseSeconds: number): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/outbox/delivery-replica.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: url,
        CORE_WEBHOOK_URL: core.url,
        CORE_WEBHOOK_SECRET: SECRET,
        OUTBOX_LEASE_SECONDS: String(leaseSeconds),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`the replica exited with ${code} before it started`)));
    });
    return child;
  }

  it('two replicas deliver 120 events, each once', async () => {
    const { url } = await databaseWithEvents(120);
    const core = await startFakeCore({ secret: SECRET, delayMs: 5 });
    cleanups.push(() => core.close());
    await Promise.all([replica(url, core, 30), replica(url, core, 30)]);
    await core.waitForAccepted(120, 60_000);
    // A moment for a second delivery, should there be one.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(core.calls).toHaveLength(120);
    expect(core.acceptedCounts().size).toBe(120);
    expect(core.calls.every((call) => call.signatureValid)).toBe(true);
  }, 120_000);

  it('an event whose replica is killed mid-try is delivered by the other after the lease, and every event once', async () => {
    const LEASE_SECONDS = 3;
    const { db, url } = await databaseWithEvents(20);
    let held: string | undefined;
    const core = await startFakeCore({
      secret: SECRET,
      answer: ({ event, attempt }) => {
        if (held === undefined) held = event.id;
        return event.id === held && attempt === 1 ? 'silence' : 'ok';
      },
    });
    cleanups.push(() => core.close());
    const victim = await replica(url, core, LEASE_SECONDS);
    await core.waitForSilence();
    victim.kill('SIGKILL');
    await once(victim, 'exit');
    // Taken before the kill: the victim may have died before it marked one of them delivered, and
    // the survivor then sends it again (at least once; the receiver keeps it once by its id).
    const takenBeforeKill = new Set(core.acceptedCounts().keys());
    const { rows } = await db.query<{ last_attempt_at: Date }>('SELECT last_attempt_at FROM outbox WHERE id = $1', [
      held,
    ]);
    const claimedAt = rows[0]!.last_attempt_at.getTime();

    await replica(url, core, LEASE_SECONDS);
    await core.waitForAccepted(20, 60_000);
    const retried = core.calls.find((call) => call.event.id === held && call.attempt === 2)!;
    expect(retried.answer).toBe(200);
    // The receiver answered; the survivor records it a moment later.
    for (
      let waited = 0;
      (await db.query('SELECT 1 FROM outbox WHERE delivered_at IS NULL')).rows.length > 0;
      waited += 20
    ) {
      if (waited > 10_000) throw new Error('the events were not all marked delivered');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const second = await db.query<{ attempts: number; delivered_at: Date | null }>(
      'SELECT attempts, delivered_at FROM outbox WHERE id = $1',
      [held],
    );
    expect(second.rows[0]).toMatchObject({ attempts: 2, delivered_at: expect.any(Date) });
    expect(second.rows[0]!.delivered_at!.getTime()).toBeGreaterThanOrEqual(claimedAt + LEASE_SECONDS * 1000);
    const counts = core.acceptedCounts();
    expect(counts.size).toBe(20);
    for (const [id, count] of counts) if (!takenBeforeKill.has(id)) expect(count).toBe(1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
    const undelivered = await db.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM outbox WHERE delivered_at IS NULL',
    );
    expect(undelivered.rows[0]!.count).toBe(0);
  }, 120_000);
});
