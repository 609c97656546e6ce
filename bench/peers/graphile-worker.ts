// The queue benchmark's peer: the same shape of work through graphile-worker 0.17 on the same
// PostgreSQL database. Tiers become task identifiers (a queueName would serialise its jobs,
// docs/peers.md); intake is add_job from 8 concurrent clients; the drain is one runner with
// concurrency 32 completing no-op jobs.
import { Logger, makeWorkerUtils, run, runMigrations } from 'graphile-worker';
import pg from 'pg';
import { cpuMeter, type CpuReading } from '../lib/proc-cpu.ts';

const quiet = new Logger(() => () => {});

export interface PeerRun {
  enqueuePerSecond: number;
  drainPerSecond: number;
  /** CPU of this process and of the database's backends during the drain. */
  drainCpu: CpuReading;
  completed: number;
}

export async function runGraphileWorker(options: {
  connectionString: string;
  jobs: number;
  tiers: readonly string[];
  clients: number;
  concurrency: number;
  /** The database's name, to find its backends' CPU time. */
  database: string;
}): Promise<PeerRun> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.concurrency + options.clients + 2,
  });
  // Dropping the database at the end cuts idle connections; that is expected, not a failure.
  pool.on('error', () => {});
  try {
    await runMigrations({ pgPool: pool, logger: quiet });
    const utils = await makeWorkerUtils({ pgPool: pool, logger: quiet });

    let next = 0;
    const enqueueStarted = performance.now();
    await Promise.all(
      Array.from({ length: options.clients }, async () => {
        for (let index = next++; index < options.jobs; index = next++) {
          await utils.addJob(options.tiers[index % options.tiers.length]!, { caseNumber: index });
        }
      }),
    );
    const enqueueSeconds = (performance.now() - enqueueStarted) / 1000;
    await utils.release();

    let completed = 0;
    let finish: () => void = () => {};
    const allDone = new Promise<void>((resolve) => (finish = resolve));
    const taskList = Object.fromEntries(options.tiers.map((tier) => [tier, async () => {}]));
    const drainStarted = performance.now();
    const meter = cpuMeter(options.database);
    const runner = await run({
      pgPool: pool,
      concurrency: options.concurrency,
      noHandleSignals: true,
      pollInterval: 1_000,
      taskList,
      logger: quiet,
    });
    runner.events.on('job:success', () => {
      completed += 1;
      if (completed === options.jobs) finish();
    });
    await allDone;
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const drainCpu = meter.read();
    await runner.stop();
    return {
      enqueuePerSecond: options.jobs / enqueueSeconds,
      drainPerSecond: options.jobs / drainSeconds,
      drainCpu,
      completed,
    };
  } finally {
    await pool.end();
  }
}
