// Delivery of outgoing events to the payments core (bot/outbox/), against a stand-in receiver:
// at least once, signed, the same id and body on every try, a case's events in order, a
// refusal stopped and shown, shared by replicas without sending anything twice.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createHttpService } from '../../bot/http.ts';
import { createLogger } from '../../bot/log.ts';
import { createMetrics } from '../../bot/metrics.ts';
import { deliverDueEvents, startOutboxDelivery, type OutboxDeliveryOptions } from '../../bot/outbox/index.ts';
import { claimOutboxEvents, failingDeliveries, retryStoppedEvent, type Db } from '../../db/index.ts';
import { describeEachDriver } from '../support/databases.ts';
import { startFakeCore, type FakeCoreAnswer, type FakeCoreServer } from '../support/fake-core-server.ts';
import { at, contextFor, openTestCase } from '../db/support.ts';
import { caseWithTwoEvents, SECRET } from './support.ts';
import { until } from '../support/until.ts';

/** Waits short enough for a test; the service keeps DELIVERY_DEFAULTS (10 s, 2 s doubling to 15 min). */
const FAST = { timeoutMs: 400, backoff: { firstMs: 20, maxMs: 80 }, intervalMs: 20 };

/** Every event in the outbox, oldest first, with its case's reference. */
async function outboxRows(db: Db) {
  const { rows } = await db.query<{
    id: string;
    type: string;
    ref: string;
    attempts: number;
    delivered_at: Date | null;
    stopped_at: Date | null;
  }>(
    'SELECT o.id, o.type, c.ref, o.attempts, o.delivered_at, o.stopped_at FROM outbox o JOIN cases c ON c.id = o.case_id ORDER BY o.seq',
  );
  return rows;
}

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describeEachDriver('outgoing events delivered to the payments core', (current) => {
  let core: FakeCoreServer | undefined;
  const stops: (() => Promise<void>)[] = [];
  const receivers = () => ({ core: { url: core!.url, secret: SECRET } });
  const startCore = async (
    answer?: (call: { attempt: number; event: { id: string; type: string } }) => FakeCoreAnswer,
  ) => {
    core = await startFakeCore({ secret: SECRET, answer });
    return core;
  };

  beforeEach(async () => {
    // Each test counts the events it made: the ones of earlier tests are out of the way.
    await current().db.query('DELETE FROM outbox');
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    await core?.close();
    core = undefined;
  });

  it('each event arrives once at a receiver that fails the first two tries (500, then no answer): signed, the same id and body on every try, each case in order', async () => {
    const refs = [
      (await caseWithTwoEvents(current().db, 'consumer-a', 'charged_back')).case.ref,
      (await caseWithTwoEvents(current().db, 'consumer-b', 'reactivated')).case.ref,
      (await caseWithTwoEvents(current().db, 'consumer-c', 'charged_back')).case.ref,
    ];
    const written = await outboxRows(current().db);
    expect(written).toHaveLength(6);
    const stand = await startCore(({ attempt }) => (attempt === 1 ? 500 : attempt === 2 ? 'silence' : 'ok'));
    const worker = startOutboxDelivery({ db: current().db, receivers: receivers(), ...FAST });
    stops.push(() => worker.stop());
    await stand.waitForAccepted(6);
    // The receiver answered; the worker records it a moment later.
    await until(
      async () => (await outboxRows(current().db)).every((row) => row.delivered_at !== null),
      'the events to be marked delivered',
    );
    await worker.stop();

    expect([...stand.acceptedCounts().values()]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(new Set(stand.acceptedCounts().keys())).toEqual(new Set(written.map((row) => row.id)));
    for (const row of written) {
      const tries = stand.calls.filter((call) => call.event.id === row.id);
      expect(tries.map((call) => call.answer)).toEqual([500, 'silence', 200]);
      expect(tries.every((call) => call.signatureValid)).toBe(true);
      expect(new Set(tries.map((call) => call.raw)).size).toBe(1);
      const body = JSON.parse(tries[0]!.raw);
      expect(Object.keys(body)).toEqual(['id', 'type', 'created', 'data']);
      expect(body).toMatchObject({ id: row.id, type: row.type, data: { caseRef: row.ref } });
    }
    // A case's later event is first tried only after its earlier one was taken.
    for (const ref of refs) {
      const [first, second] = written.filter((row) => row.ref === ref);
      const firstTaken = stand.calls.find((call) => call.event.id === first!.id && call.answer === 200)!;
      const secondTried = stand.calls.find((call) => call.event.id === second!.id)!;
      expect(first!.type).toBe('invoice.paused');
      expect(['invoice.reactivated', 'invoice.charged_back']).toContain(second!.type);
      expect(secondTried.arrived).toBeGreaterThan(firstTaken.answered);
    }
    const after = await outboxRows(current().db);
    expect(after.map((row) => [row.delivered_at !== null, row.attempts])).toEqual(Array(6).fill([true, 3]));
    expect(await failingDeliveries(current().db)).toEqual([]);
  });

  it('an event the receiver refuses (400) is stopped after three tries, shown on /metrics, and holds back its case until an operator retries it', async () => {
    const ref = (await caseWithTwoEvents(current().db, 'consumer-d', 'charged_back')).case.ref;
    const [paused, charged] = await outboxRows(current().db);
    let refusing = true;
    const stand = await startCore(({ event }) => (refusing && event.type === 'invoice.paused' ? 400 : 'ok'));
    const worker = startOutboxDelivery({ db: current().db, receivers: receivers(), ...FAST });
    stops.push(() => worker.stop());
    await until(
      async () => (await outboxRows(current().db))[0]!.stopped_at !== null,
      'the refused event to be stopped',
    );

    const log = createLogger('silent');
    const http = createHttpService({
      db: current().db,
      log,
      mount: (app) => createMetrics({ db: current().db }).mount(app),
    });
    stops.push(() => http.stop(1_000));
    const port = await http.listen(0, '127.0.0.1');
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(sample(metrics, 'ombud_outbox_failing{destination="core",state="stopped"}')).toBe(1);
    expect(sample(metrics, 'ombud_outbox_failing{destination="core",state="retrying"}')).toBe(0);
    expect(sample(metrics, 'ombud_outbox_pending{destination="core"}')).toBe(2);
    expect(sample(metrics, 'ombud_outbox_oldest_pending_seconds{destination="core"}')).toBeGreaterThan(0);

    expect(stand.calls.map((call) => [call.event.type, call.answer])).toEqual([
      ['invoice.paused', 400],
      ['invoice.paused', 400],
      ['invoice.paused', 400],
    ]);
    const [failing] = await failingDeliveries(current().db);
    expect(failing).toMatchObject({
      id: paused!.id,
      caseRef: ref,
      type: 'invoice.paused',
      attempts: 3,
      nextAttemptAt: null,
    });
    expect(failing!.lastError).toBe('HTTP 400: {"error":"refused with 400"}');

    refusing = false;
    expect(await retryStoppedEvent(current().db, charged!.id, new Date())).toBe(false);
    expect(await retryStoppedEvent(current().db, paused!.id, new Date())).toBe(true);
    await stand.waitForAccepted(2);
    expect(stand.calls.slice(3).map((call) => [call.event.id, call.answer])).toEqual([
      [paused!.id, 200],
      [charged!.id, 200],
    ]);
    await until(
      async () => (await outboxRows(current().db)).every((row) => row.delivered_at !== null),
      'the retried events to be marked delivered',
    );
    const cleared = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(sample(cleared, 'ombud_outbox_pending{destination="core"}')).toBe(0);
    expect(sample(cleared, 'ombud_outbox_failing{destination="core",state="stopped"}')).toBe(0);
  });

  it('two replicas share the events and deliver each once (SKIP LOCKED)', async () => {
    for (let index = 0; index < 30; index++) {
      await openTestCase(contextFor(current().db), 'unrecognized_purchase', at(index), `consumer-r${index}`);
    }
    // A slow receiver keeps both replicas' tries in flight at once.
    core = await startFakeCore({ secret: SECRET, delayMs: 15 });
    const stand = core;
    const options: OutboxDeliveryOptions = { db: current().db, receivers: receivers(), timeoutMs: 5_000, batch: 4 };
    const replica = () => deliverDueEvents(options);
    const [one, two] = await Promise.all([replica(), replica()]);
    expect(one.delivered + two.delivered).toBe(30);
    expect(one.delivered).toBeGreaterThan(0);
    expect(two.delivered).toBeGreaterThan(0);
    expect(stand.calls).toHaveLength(30);
    expect([...stand.acceptedCounts().values()].every((count) => count === 1)).toBe(true);
    expect(stand.acceptedCounts().size).toBe(30);
  });

  it('an event whose replica died mid-try is sent by another replica once the lease has run out, not before', async () => {
    await openTestCase(contextFor(current().db), 'unrecognized_purchase', at(0), 'consumer-k');
    const stand = await startCore(() => 'ok');
    const claimedAt = new Date();
    // The dead replica's claim: taken, never answered.
    const [taken] = await claimOutboxEvents(current().db, {
      destinations: ['core'],
      now: claimedAt,
      leaseSeconds: 30,
      limit: 10,
    });
    expect(taken).toBeDefined();
    const survivor = (now: Date) =>
      deliverDueEvents({ db: current().db, receivers: receivers(), now: () => now, timeoutMs: 5_000 });

    expect(await survivor(new Date(claimedAt.getTime() + 29_000))).toMatchObject({ delivered: 0 });
    expect(stand.calls).toHaveLength(0);
    expect(await survivor(new Date(claimedAt.getTime() + 30_000))).toMatchObject({ delivered: 1 });
    expect(stand.calls.map((call) => [call.event.id, call.answer])).toEqual([[taken!.id, 200]]);
    expect((await outboxRows(current().db))[0]).toMatchObject({ attempts: 2 });
  });
});
