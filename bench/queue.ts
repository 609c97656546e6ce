// npm run bench:queue — the tier queues on real PostgreSQL, beside graphile-worker on the same
// database in the same run.
//   intake: 8 concurrent clients open cases (case row + events + timer + change signal), each in
//           one transaction; measured with the coalesced signal (the service's choice) and with a
//           NOTIFY inside every transaction (the alternative), to show what the choice buys.
//   pickup: 32 concurrent agents (8 per tier) drain 20,000 queued cases spread over 4 tiers with
//           pickNextCase (SKIP LOCKED + version + event). Afterwards it counts cases picked twice
//           and cases lost (never picked).
//   peer:   graphile-worker 0.17: add_job from 8 clients, then a runner with concurrency 32
//           completing no-op jobs, 4 task identifiers for the 4 tiers.
// Each figure is the median of BENCH_RUNS (3) runs, each on a fresh database.
// Env: BENCH_DATABASE_URL (else TEST_DATABASE_URL, else local postgres), BENCH_JOBS (20000), BENCH_RUNS (3).
import { loadavg } from 'node:os';
import {
  coalescedNotify,
  commitDecision,
  findCaseById,
  migrate,
  notifyInTransaction,
  openCase,
  openDatabase,
  pickNextCase,
  type CaseSignal,
  type Db,
  type StoredCase,
} from '../db/index.ts';
import { decide, policyWith, TIERS, type Command, type Decided, type Tier } from '../routing/index.ts';
import { median, printTable, round } from './lib/stats.ts';
import { runGraphileWorker } from './peers/graphile-worker.ts';
import { withFreshDatabase } from './lib/database.ts';
import { cpuMeter, type CpuReading } from './lib/proc-cpu.ts';

const JOBS = Number(process.env.BENCH_JOBS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const INTAKE_CLIENTS = 8;
const AGENTS = 32;
// No open-case cap, as the peer's workers have none (with the default cap of 5 a pickup counts
// at most 5 of the agent's cases; without one it counts none).
const policy = policyWith({ maxOpenCasesPerAgent: Infinity });
const INTAKE_INTENTS = ['invoice', 'login', 'human_agent', 'unrecognized_purchase'] as const;

async function parallel(clients: number, total: number, task: (index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let index = next++; index < total; index = next++) await task(index);
    }),
  );
}

async function intake(db: Db, signal: CaseSignal, count: number): Promise<{ perSecond: number; ids: number[] }> {
  const ids: number[] = [];
  const context = { db, signal, policy };
  const started = performance.now();
  await parallel(INTAKE_CLIENTS, count, async (index) => {
    const result = await openCase(
      context,
      {
        type: 'open',
        actor: { kind: 'bot' },
        consumerId: `consumer-${index}`,
        intent: INTAKE_INTENTS[index % 4]!,
        language: 'sv',
      },
      new Date(),
    );
    if (!result.ok) throw new Error(`open refused: ${result.error.code}`);
    ids.push(result.stored.id);
  });
  await signal.flush();
  return { perSecond: count / ((performance.now() - started) / 1000), ids };
}

/** Untimed set-up: moves a case up the ladder through routing, so the four tiers have queues. */
async function moveToTier(db: Db, signal: CaseSignal, id: number, tier: Tier) {
  const stored = (await findCaseById(db, id))!;
  const agent = { kind: 'agent', id: 'setup', tier: 'customer_service' } as const;
  const consumer = { kind: 'consumer', id: stored.case.consumerId } as const;
  const steps: Command[] =
    tier === 'specialist'
      ? [
          { type: 'pick_up', actor: agent },
          { type: 'escalate', actor: agent, to: 'specialist', reason: 'technical_fault' },
        ]
      : [
          { type: 'pick_up', actor: agent },
          { type: 'issue_final_statement', actor: agent, text: 'Our final statement.' },
          { type: 'resolve', actor: agent, outcome: 'answered' },
          { type: 'request_ombudsman', actor: consumer, statement: 'I disagree.', desiredOutcome: 'A review.' },
        ];
  let current: StoredCase = stored;
  const now = new Date();
  for (const step of steps) {
    const decision = decide(current.case, step, now, policy);
    if (!decision.ok) throw new Error(`set-up step ${step.type} refused: ${decision.error.code}`);
    current = await db.transaction((tx) => commitDecision(tx, signal, current, decision as Decided, now));
  }
}

async function drain(
  db: Db,
  signal: CaseSignal,
  total: number,
  database: string,
): Promise<{ perSecond: number; cpu: CpuReading }> {
  const context = { db, signal, policy };
  let picked = 0;
  const started = performance.now();
  const meter = cpuMeter(database);
  await Promise.all(
    Array.from({ length: AGENTS }, async (_, index) => {
      const tier = TIERS[index % TIERS.length]!;
      for (;;) {
        const result = await pickNextCase(context, tier, `agent-${index}`, new Date());
        if (!result.ok) {
          if (result.error.code === 'queue_empty') return;
          throw new Error(`pickup refused: ${result.error.code}`);
        }
        picked += 1;
      }
    }),
  );
  await signal.flush();
  if (picked !== total) process.stderr.write(`warning: picked ${picked} of ${total}\n`);
  return { perSecond: total / ((performance.now() - started) / 1000), cpu: meter.read() };
}

interface RunFigures {
  intakePerSecond: number;
  intakeNotifyInTxPerSecond: number;
  pickupPerSecond: number;
  /** CPU ms per pickup: the agents' process, and the database's backends. */
  pickupCpuMs: number;
  pickupDbCpuMs: number;
  pickedTwice: number;
  lost: number;
  peerEnqueuePerSecond: number;
  peerDrainPerSecond: number;
  peerDrainCpuMs: number;
  peerDrainDbCpuMs: number;
}

async function oneRun(run: number): Promise<RunFigures> {
  const ours = await withFreshDatabase(async (url, name) => {
    const db = await openDatabase({ kind: 'postgres', url }, { poolSize: AGENTS + 4 });
    try {
      await migrate(db);
      const coalesced = coalescedNotify(db);
      const inTx = await intake(db, notifyInTransaction(), Math.min(JOBS, 5_000));
      const measured = await intake(db, coalesced, JOBS);
      // The notify-in-transaction sample is set aside: resolve nothing, just leave the queue it made.
      await db.query(
        "UPDATE cases SET status = 'resolved', outcome = 'answered', assignee = NULL WHERE id = ANY($1::bigint[])",
        [inTx.ids],
      );
      const csIds = [];
      for (const id of measured.ids) {
        const row = await db.query<{ tier: string }>('SELECT tier FROM cases WHERE id = $1', [id]);
        if (row.rows[0]!.tier === 'customer_service') csIds.push(id);
      }
      const quarter = Math.floor(JOBS / 4);
      const toSpecialist = csIds.slice(0, quarter);
      const toOmbudsman = csIds.slice(quarter, 2 * quarter);
      await parallel(INTAKE_CLIENTS, toSpecialist.length, (index) =>
        moveToTier(db, coalesced, toSpecialist[index]!, 'specialist'),
      );
      await parallel(INTAKE_CLIENTS, toOmbudsman.length, (index) =>
        moveToTier(db, coalesced, toOmbudsman[index]!, 'ombudsman'),
      );
      const queued = await db.query<{ count: number }>(
        "SELECT count(*)::int AS count FROM cases WHERE status = 'queued'",
      );
      const total = queued.rows[0]!.count;
      const drained = await drain(db, coalesced, total, name);
      const check = await db.query<{ picked_twice: number; lost: number }>(
        `SELECT (SELECT count(*)::int FROM (SELECT case_id FROM case_events WHERE type = 'picked_up' AND actor LIKE 'agent:agent-%'
                                            GROUP BY case_id HAVING count(*) > 1) twice) AS picked_twice,
                (SELECT count(*)::int FROM cases WHERE id = ANY($1::bigint[]) AND status = 'queued') AS lost`,
        [measured.ids],
      );
      const tiers = await db.query<{ tier: string; count: number }>(
        'SELECT tier, count(*)::int AS count FROM cases WHERE id = ANY($1::bigint[]) GROUP BY tier ORDER BY tier',
        [measured.ids],
      );
      process.stderr.write(
        `run ${run}: ${total} cases drained over ${tiers.rows.map((row) => `${row.tier} ${row.count}`).join(', ')}\n`,
      );
      return {
        intakePerSecond: measured.perSecond,
        intakeNotifyInTxPerSecond: inTx.perSecond,
        pickupPerSecond: drained.perSecond,
        pickupCpuMs: drained.cpu.processMs / total,
        pickupDbCpuMs: drained.cpu.databaseMs / total,
        pickedTwice: check.rows[0]!.picked_twice,
        lost: check.rows[0]!.lost + (JOBS - measured.ids.length),
      };
    } finally {
      await db.close();
    }
  });
  const peer = await withFreshDatabase((url, database) =>
    runGraphileWorker({
      connectionString: url,
      database,
      jobs: JOBS,
      tiers: TIERS,
      clients: INTAKE_CLIENTS,
      concurrency: AGENTS,
    }),
  );
  return {
    ...ours,
    peerEnqueuePerSecond: peer.enqueuePerSecond,
    peerDrainPerSecond: peer.drainPerSecond,
    peerDrainCpuMs: peer.drainCpu.processMs / JOBS,
    peerDrainDbCpuMs: peer.drainCpu.databaseMs / JOBS,
  };
}

const loadBefore = loadavg()[0]!;
const runs: RunFigures[] = [];
for (let run = 1; run <= RUNS; run++) {
  process.stderr.write(`run ${run} of ${RUNS} (${JOBS} cases)...\n`);
  runs.push(await oneRun(run));
}
const med = (pick: (run: RunFigures) => number) => median(runs.map(pick));
const figures = {
  intake_per_s: round(med((r) => r.intakePerSecond)),
  intake_notify_in_tx_per_s: round(med((r) => r.intakeNotifyInTxPerSecond)),
  pickup_per_s: round(med((r) => r.pickupPerSecond)),
  picked_twice: Math.max(...runs.map((r) => r.pickedTwice)),
  lost: Math.max(...runs.map((r) => r.lost)),
  peer_enqueue_per_s: round(med((r) => r.peerEnqueuePerSecond)),
  peer_drain_per_s: round(med((r) => r.peerDrainPerSecond)),
  pickup_cpu_ms: round(
    med((r) => r.pickupCpuMs),
    3,
  ),
  pickup_db_cpu_ms: round(
    med((r) => r.pickupDbCpuMs),
    3,
  ),
  peer_drain_cpu_ms: round(
    med((r) => r.peerDrainCpuMs),
    3,
  ),
  peer_drain_db_cpu_ms: round(
    med((r) => r.peerDrainDbCpuMs),
    3,
  ),
  load_average: [round(loadBefore, 2), round(loadavg()[0]!, 2)],
  jobs: JOBS,
  runs: RUNS,
};
console.log(
  `\nQueue benchmark: ${JOBS} cases over 4 tiers, ${INTAKE_CLIENTS} intake clients, ${AGENTS} agents, median of ${RUNS} runs (PostgreSQL, fresh database per run); load average ${figures.load_average.join(' -> ')}\n`,
);
printTable(
  ['figure', 'Ombud', 'graphile-worker 0.17.3', 'ratio'],
  [
    [
      'intake per second (open case + events + timer)',
      figures.intake_per_s,
      figures.peer_enqueue_per_s,
      `${round(figures.intake_per_s / figures.peer_enqueue_per_s, 2)}x`,
    ],
    ['  same, NOTIFY in every transaction (per second)', figures.intake_notify_in_tx_per_s, '', ''],
    [
      'pickups per second (claim, routing, versioned write + event)',
      figures.pickup_per_s,
      figures.peer_drain_per_s,
      `${round(figures.pickup_per_s / figures.peer_drain_per_s, 2)}x`,
    ],
    [
      "  CPU per pickup, agents' process (ms)",
      figures.pickup_cpu_ms,
      figures.peer_drain_cpu_ms,
      `${round(figures.pickup_cpu_ms / figures.peer_drain_cpu_ms, 2)}x`,
    ],
    [
      '  CPU per pickup, PostgreSQL backends (ms)',
      figures.pickup_db_cpu_ms,
      figures.peer_drain_db_cpu_ms,
      `${round(figures.pickup_db_cpu_ms / figures.peer_drain_db_cpu_ms, 2)}x`,
    ],
    ['cases picked twice (all runs)', figures.picked_twice, '', ''],
    ['cases lost (all runs)', figures.lost, '', ''],
  ],
);
console.log(JSON.stringify(figures));
