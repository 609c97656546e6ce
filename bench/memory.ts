// npm run bench:memory — the service's resident memory on the embedded default (PGlite, what a
// plain `npm start` runs) beside the same service on PostgreSQL, in the same job.
//
// Each run starts the real service as a child process (`node --import tsx bot/main.ts`) on a
// fresh database (a new DATA_DIR; a new PostgreSQL database), waits until it is ready, then 200
// consumers each open a session and a websocket and send 5 messages (the chat benchmark's mix,
// six languages; a pause of 0.1 to 0.3 s before each): 1,000 messages. The service's VmRSS is
// read from /proc: when ready, right after the 1,000th answer, after 10 s with nothing to do,
// and its peak (every 100 ms) and VmHWM. On PostgreSQL the database server's memory is its own
// processes' and not counted; on PGlite the database is inside the service, so it is.
// Figures are medians of BENCH_RUNS (3) runs.
// Env: BENCH_RUNS (3), BENCH_SOCKETS (200), BENCH_DATABASE_URL (else TEST_DATABASE_URL, else
// local postgres).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConsumers, type LoadResult } from './lib/chat-load.ts';
import { scriptFor } from './lib/chat-mix.ts';
import { withFreshDatabase } from './lib/database.ts';
import { ombudTarget, startOmbud } from './lib/ombud-target.ts';
import { watchMemory } from './lib/proc-memory.ts';
import { median, printTable, round } from './lib/stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 200);
const MESSAGES = 5;
const IDLE_MS = 10_000;
/** The target: at most this much after 1,000 messages on the embedded default. */
const TARGET_MB = 300;

type Driver = 'pglite' | 'postgres';

interface MemoryRun {
  readyMb: number;
  afterLoadMb: number;
  afterIdleMb: number;
  peakMb: number;
  hwmMb: number;
  answered: number;
  lost: number;
  seconds: number;
}

async function measure(env: Record<string, string>): Promise<MemoryRun> {
  const { service, port, ready } = await startOmbud(env);
  const memory = watchMemory(service.pid);
  try {
    await ready();
    const readyMb = memory.currentMb();
    const load: LoadResult = await runConsumers(ombudTarget(port), {
      sockets: SOCKETS,
      messagesOf: (index) => scriptFor(index).slice(0, MESSAGES),
      pacing: { timeoutMs: 10_000, quietMs: 25, thinkMs: 200 },
    });
    const afterLoadMb = memory.currentMb();
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return {
      readyMb,
      afterLoadMb,
      afterIdleMb: memory.currentMb(),
      peakMb: memory.peakMb(),
      hwmMb: memory.highWaterMb(),
      answered: load.messages - load.lost,
      lost: load.lost,
      seconds: load.seconds,
    };
  } finally {
    await service.stop();
    memory.stop();
  }
}

async function run(driver: Driver): Promise<MemoryRun> {
  if (driver === 'postgres') return withFreshDatabase((url) => measure({ DATABASE_URL: url }));
  const dataDir = mkdtempSync(join(tmpdir(), 'ombud-bench-memory-'));
  try {
    return await measure({ DATA_DIR: dataDir });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const runs: Record<Driver, MemoryRun[]> = { pglite: [], postgres: [] };
for (let index = 0; index < RUNS; index++) {
  // Alternating, so that a slow spell of the machine falls on both.
  for (const driver of ['pglite', 'postgres'] as const) {
    const result = await run(driver);
    runs[driver].push(result);
    process.stderr.write(
      `run ${index + 1}/${RUNS} ${driver}: ready ${round(result.readyMb)} MB, after ${result.answered} answers ${round(result.afterLoadMb)} MB, idle ${round(result.afterIdleMb)} MB, peak ${round(result.peakMb)} MB (${round(result.seconds, 1)} s, lost ${result.lost})\n`,
    );
  }
}

const med = (driver: Driver, pick: (run: MemoryRun) => number) => round(median(runs[driver].map(pick)));
const rows: [string, keyof MemoryRun][] = [
  ['RSS when ready (MB)', 'readyMb'],
  [`RSS after ${SOCKETS * MESSAGES} messages (MB)`, 'afterLoadMb'],
  [`RSS after ${IDLE_MS / 1000} s idle (MB)`, 'afterIdleMb'],
  ['peak RSS, sampled every 100 ms (MB)', 'peakMb'],
  ['VmHWM (MB)', 'hwmMb'],
];
process.stdout.write(
  `\nservice memory, medians of ${RUNS} runs, ${SOCKETS} consumers x ${MESSAGES} messages (the database server's own processes not counted on PostgreSQL)\n\n`,
);
printTable(
  ['figure', 'embedded PGlite', 'PostgreSQL', 'PGlite / PostgreSQL'],
  rows.map(([label, key]) => {
    const pglite = med('pglite', (r) => r[key]);
    const postgres = med('postgres', (r) => r[key]);
    return [label, pglite, postgres, postgres > 0 ? `${round(pglite / postgres, 2)}x` : '-'];
  }),
);
const afterLoad = med('pglite', (r) => r.afterLoadMb);
process.stdout.write(
  `\nembedded default after ${SOCKETS * MESSAGES} messages: ${afterLoad} MB (target <= ${TARGET_MB} MB: ${afterLoad <= TARGET_MB ? 'met' : 'missed'})\n`,
);
const lost = Math.max(...runs.pglite.map((r) => r.lost), ...runs.postgres.map((r) => r.lost));
process.stdout.write(
  `${JSON.stringify({
    bench: 'memory',
    runs: RUNS,
    messages: SOCKETS * MESSAGES,
    pglite_ready_mb: med('pglite', (r) => r.readyMb),
    pglite_after_load_mb: afterLoad,
    pglite_after_idle_mb: med('pglite', (r) => r.afterIdleMb),
    pglite_peak_mb: med('pglite', (r) => r.peakMb),
    postgres_ready_mb: med('postgres', (r) => r.readyMb),
    postgres_after_load_mb: med('postgres', (r) => r.afterLoadMb),
    postgres_after_idle_mb: med('postgres', (r) => r.afterIdleMb),
    postgres_peak_mb: med('postgres', (r) => r.peakMb),
    worst_lost: lost,
    target_mb: TARGET_MB,
  })}\n`,
);
