// npm run bench:chat — the consumer chat under load on real PostgreSQL, beside a bare Botkit
// web-adapter echo bot on the same machine in the same job (what the channel costs before Ombud
// does any work).
//
// Each run, on a fresh database:
//   load:     the real service as a child process (`node --import tsx bot/main.ts`); 200
//             consumers each get a session over HTTP, open a websocket, and send 5 messages one
//             after another (a mix of six languages: greetings, invoice questions, purchases they
//             did not make, asking for a person, case status), waiting for the answer to each
//             before the next. Two loads, one after the other, 200 new consumers each:
//               paced:    before each message a consumer pauses 0.5 to 1.5 s at random
//                         (BENCH_THINK_MS, 1000 on average): quicker than anyone reads an answer
//                         and types the next message, so still a crowd all typing at once; the
//                         target's figure (p99 <= 100 ms).
//               no pause: the next message goes the moment the answer arrives. A saturation
//                         test: with 200 consumers always waiting, latency is 200 / throughput
//                         (Little's law), so its p99 says how fast the machine is, not how a
//                         consumer is served; printed beside the paced figures, with the peer's.
//             Before both, 50 consumers warm the fresh service up (JIT, the connection pool),
//             paced like the first load; their figures are printed as the cold start's.
//             Latency: send -> first `message` frame. Lost: no answer in 5 s. Afterwards the
//             database is asked how many inbound messages were left unanswered.
//   history:  one consumer alone sends 20 messages into an empty conversation, and another into
//             a conversation that already holds 200 of their messages and 200 answers (docs/peers.md:
//             a long conversation must not make the bot slow). The 200 are written with the
//             product's own db functions: sent over the socket they would take ~3 minutes,
//             because a session may send 20 messages at once and then one a second.
//   memory:   the service's VmRSS every 100 ms from start to stop (the peak), and its VmHWM.
//   where the time goes: CPU per message of the service process and of its database's
//             backends (/proc), and transactions committed per message (pg_stat_database), over
//             the no-pause load.
//   peer:     bench/peers/botkit-echo.ts as a child process: the same two loads in the stock
//             frame format, its latencies and memory measured the same way.
// Figures are medians of BENCH_RUNS (3) runs; lost and late are the worst run.
// Env: BENCH_DATABASE_URL (else TEST_DATABASE_URL, else local postgres), BENCH_RUNS (3),
// BENCH_SOCKETS (200), BENCH_MESSAGES (5, at most 5), BENCH_THINK_MS (1000: the paced load's
// average pause); for diagnosis: BENCH_SERVICE_NODE_ARGS (node flags for the service,
// space-separated, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
import { loadavg } from 'node:os';
import pg from 'pg';
import {
  markHandled,
  openConversation,
  openDatabase,
  recordClassification,
  storeInbound,
  storeOutbound,
} from '../db/index.ts';
import { freePort, startNodeChild, waitUntil } from './lib/child-process.ts';
import { longConversation, scriptFor } from './lib/chat-mix.ts';
import {
  emptyTally,
  loopbackAddress,
  openConsumer,
  openSocket,
  runConsumers,
  type ChatTarget,
  type LoadResult,
  type PacingOptions,
} from './lib/chat-load.ts';
import { backendCpuBetween, backendCpuMs, processCpuMs } from './lib/proc-cpu.ts';
import { watchMemory } from './lib/proc-memory.ts';
import { ombudTarget, startOmbud, type Session } from './lib/ombud-target.ts';
import { median, percentile, printTable, round } from './lib/stats.ts';
import { ADMIN_URL, withFreshDatabase } from './lib/database.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 200);
const MESSAGES = Math.min(5, Number(process.env.BENCH_MESSAGES ?? 5));
const HISTORY = 200;
const HISTORY_MEASURED = 20;
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1_000);
const PACED: PacingOptions = { timeoutMs: 5_000, quietMs: 25, thinkMs: THINK_MS };
const NO_PAUSE: PacingOptions = { timeoutMs: 5_000, quietMs: 25, thinkMs: 0 };
/** Consumers that warm the service up (JIT, connection pool) before anything is measured. */
const WARMUP_SOCKETS = 50;
/** Consumer indices: the paced load's, the no-pause load's, the history's two, the warm-up's. */
const PACED_FIRST = 0;
const NO_PAUSE_FIRST = SOCKETS;
const HISTORY_FIRST = 2 * SOCKETS;
const WARMUP_FIRST = 2 * SOCKETS + 2;

/**
 * Transactions committed in `database` so far (pg_stat_database). A PostgreSQL 15 backend
 * reports its counts when it goes idle, but at most once a second; one that reported less than a
 * second ago waits 10 s (PGSTAT_IDLE_INTERVAL) before it tries again. So the figure is read
 * after 11 s without load.
 */
async function committedTransactions(database: string): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ commits: string }>(
      'SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = $1',
      [database],
    );
    return Number(rows[0]?.commits ?? 0);
  } finally {
    await admin.end();
  }
}

function peerTarget(port: number): ChatTarget {
  return {
    typing: false,
    connect: async (index) => {
      const user = `bench-consumer-${index}`;
      return {
        ws: await openSocket(`ws://127.0.0.1:${port}/`, loopbackAddress(index)),
        frame: (text: string) => JSON.stringify({ type: 'message', text, user, channel: 'socket' }),
      };
    },
  };
}

/** One consumer alone: `count` messages one after another; their latencies. */
async function alone(target: ReturnType<typeof ombudTarget>, index: number, session: Session, texts: string[]) {
  const tally = emptyTally();
  const consumer = await openConsumer(
    { typing: true, connect: (i) => target.socket(i, session) },
    index,
    NO_PAUSE,
    tally,
  );
  for (const text of texts) await consumer.send(text);
  consumer.close();
  return tally;
}

/** Writes `count` consumer messages, each with one answer, into the consumer's web conversation. */
async function seedHistory(url: string, consumerId: string, count: number): Promise<void> {
  const db = await openDatabase({ kind: 'postgres', url }, { poolSize: 2 });
  try {
    const start = Date.now() - count * 60_000;
    const conversationId = await openConversation(db, { consumerId, channel: 'web', at: new Date(start) });
    const texts = longConversation(count, 7);
    for (const [index, text] of texts.entries()) {
      const at = new Date(start + index * 60_000);
      const stored = await storeInbound(db, { conversationId, author: 'consumer', text, redactedText: text, at });
      await recordClassification(db, stored.message.id, { intent: 'invoice', confidence: 0.9, language: 'sv' });
      await storeOutbound(db, {
        conversationId,
        author: 'bot',
        text: 'Tack, jag har noterat det.',
        redactedText: 'Tack, jag har noterat det.',
        at,
      });
      await markHandled(db, stored.message.id, at);
    }
  } finally {
    await db.close();
  }
}

interface OmbudRun {
  /** The first messages a freshly started service answers (not part of the figures below it). */
  warmup: LoadResult;
  paced: LoadResult;
  load: LoadResult;
  /** CPU ms per message during the load: the service's process, and its database's backends. */
  serviceCpuMsPerMessage: number;
  databaseCpuMsPerMessage: number;
  /** Committed transactions per message (each autocommit statement is one; each that writes waits for a WAL flush). */
  transactionsPerMessage: number;
  history0: number[];
  history200: number[];
  historyLost: number;
  unansweredInDb: number;
  readyRssMb: number;
  peakRssMb: number;
  hwmMb: number;
}

async function runOmbud(): Promise<OmbudRun> {
  return withFreshDatabase(async (url) => {
    const { service, port, ready } = await startOmbud(
      { DATABASE_URL: url },
      (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean),
    );
    const memory = watchMemory(service.pid);
    try {
      await ready();
      const readyRssMb = memory.peakMb();
      const target = ombudTarget(port);
      const database = new URL(url).pathname.slice(1);
      const warmup = await runConsumers(target, {
        sockets: WARMUP_SOCKETS,
        messagesOf: (index) => scriptFor(index).slice(0, MESSAGES),
        pacing: PACED,
        firstIndex: WARMUP_FIRST,
      });
      const paced = await runConsumers(target, {
        sockets: SOCKETS,
        messagesOf: (index) => scriptFor(index).slice(0, MESSAGES),
        pacing: PACED,
        firstIndex: PACED_FIRST,
      });
      const transactionsBefore = await committedTransactions(database);
      const cpuBefore = processCpuMs(service.pid);
      const backendsBefore = backendCpuMs(database);
      const load = await runConsumers(target, {
        sockets: SOCKETS,
        messagesOf: (index) => scriptFor(index).slice(0, MESSAGES),
        pacing: NO_PAUSE,
        firstIndex: NO_PAUSE_FIRST,
      });
      const serviceCpuMsPerMessage = (processCpuMs(service.pid) - cpuBefore) / load.messages;
      const databaseCpuMsPerMessage = backendCpuBetween(backendsBefore, backendCpuMs(database)) / load.messages;
      const transactionsPerMessage = ((await committedTransactions(database)) - transactionsBefore) / load.messages;

      // History: the consumers after the load's ones get addresses of their own too.
      const freshIndex = HISTORY_FIRST;
      const fresh = await alone(
        target,
        freshIndex,
        await target.session(freshIndex),
        longConversation(HISTORY_MEASURED, 3),
      );
      const longIndex = HISTORY_FIRST + 1;
      const longSession = await target.session(longIndex);
      await seedHistory(url, longSession.user, HISTORY);
      const long = await alone(target, longIndex, longSession, longConversation(HISTORY_MEASURED, 3));

      const check = new pg.Client({ connectionString: url });
      await check.connect();
      const unanswered = await check.query<{ count: number }>(
        "SELECT count(*)::int AS count FROM messages WHERE direction = 'in' AND handled_at IS NULL",
      );
      const longConversations = await check.query<{ count: number; messages: number }>(
        'SELECT count(DISTINCT v.id)::int AS count, count(m.id)::int AS messages FROM conversations v JOIN messages m ON m.conversation_id = v.id WHERE v.consumer_id = $1',
        [longSession.user],
      );
      if (
        longConversations.rows[0]!.count !== 1 ||
        longConversations.rows[0]!.messages < 2 * HISTORY + HISTORY_MEASURED
      ) {
        throw new Error(`the long conversation is not what it should be: ${JSON.stringify(longConversations.rows[0])}`);
      }
      await check.end();

      const peakRssMb = memory.peakMb();
      const hwmMb = memory.highWaterMb();
      return {
        warmup,
        paced,
        load,
        serviceCpuMsPerMessage,
        databaseCpuMsPerMessage,
        transactionsPerMessage,
        history0: fresh.latencies,
        history200: long.latencies,
        historyLost: fresh.lost + long.lost,
        unansweredInDb: unanswered.rows[0]!.count,
        readyRssMb,
        peakRssMb,
        hwmMb,
      };
    } finally {
      await service.stop();
      memory.stop();
      const problems = service.stdout.filter((line) => /"level":(40|50|60)/.test(line));
      if (problems.length)
        process.stderr.write(
          `service warnings/errors (${problems.length}), first: ${problems.slice(0, 3).join('\n')}\n`,
        );
    }
  });
}

interface PeerRun {
  warmup: LoadResult;
  paced: LoadResult;
  load: LoadResult;
  cpuMsPerMessage: number;
  readyRssMb: number;
  peakRssMb: number;
  hwmMb: number;
}

async function runPeer(): Promise<PeerRun> {
  const port = await freePort();
  const peer = startNodeChild('bench/peers/botkit-echo.ts', { PORT: String(port) });
  const memory = watchMemory(peer.pid);
  try {
    await waitUntil(
      peer,
      () => peer.stdout.some((line) => /^ready \d+$/.test(line)),
      'the Botkit peer did not start',
      60_000,
    );
    const readyRssMb = memory.peakMb();
    const warmup = await runConsumers(peerTarget(port), {
      sockets: WARMUP_SOCKETS,
      messagesOf: (index) => scriptFor(index).slice(0, MESSAGES),
      pacing: PACED,
      firstIndex: WARMUP_FIRST,
    });
    const paced = await runConsumers(peerTarget(port), {
      sockets: SOCKETS,
      messagesOf: (index) => scriptFor(index).slice(0, MESSAGES),
      pacing: PACED,
      firstIndex: PACED_FIRST,
    });
    const cpuBefore = processCpuMs(peer.pid);
    const load = await runConsumers(peerTarget(port), {
      sockets: SOCKETS,
      messagesOf: (index) => scriptFor(index).slice(0, MESSAGES),
      pacing: NO_PAUSE,
      firstIndex: NO_PAUSE_FIRST,
    });
    const cpuMsPerMessage = (processCpuMs(peer.pid) - cpuBefore) / load.messages;
    return {
      warmup,
      paced,
      load,
      cpuMsPerMessage,
      readyRssMb,
      peakRssMb: memory.peakMb(),
      hwmMb: memory.highWaterMb(),
    };
  } finally {
    await peer.stop(5_000);
    memory.stop();
  }
}

const ms = (value: number) => round(value, 1);
const startLoad = loadavg();
process.stderr.write(`load average at start: ${startLoad.map((v) => v.toFixed(2)).join(' ')}\n`);

const ombudRuns: OmbudRun[] = [];
const peerRuns: PeerRun[] = [];
for (let run = 1; run <= RUNS; run++) {
  // Alternate who goes first, so that neither always meets a machine warmed (or busied) by the other.
  const order = run % 2 === 1 ? (['ombud', 'peer'] as const) : (['peer', 'ombud'] as const);
  for (const who of order) {
    process.stderr.write(
      `run ${run} of ${RUNS}: ${who === 'ombud' ? 'Ombud' : 'Botkit echo peer'} (${SOCKETS} sockets x ${MESSAGES} messages)...\n`,
    );
    if (who === 'ombud') {
      const result = await runOmbud();
      ombudRuns.push(result);
      const l = result.load;
      const p = result.paced;
      const w = result.warmup;
      process.stderr.write(
        `  warm-up (cold service, ${w.messages} messages): p50 ${ms(percentile(w.latencies, 50))} ms, p99 ${ms(percentile(w.latencies, 99))} ms, lost ${w.lost}\n` +
          `  paced: p50 ${ms(percentile(p.latencies, 50))} ms, p99 ${ms(percentile(p.latencies, 99))} ms, lost ${p.lost}, ${round(p.messages / p.seconds)} msgs/s\n` +
          `  paced p50/p99 by message 1..${MESSAGES}: ${p.byPosition.map((values) => `${ms(percentile(values, 50))}/${ms(percentile(values, 99))}`).join(', ')} ms\n` +
          `  no pause: p50 ${ms(percentile(l.latencies, 50))} ms, p99 ${ms(percentile(l.latencies, 99))} ms, max ${ms(Math.max(...l.latencies))} ms, ` +
          `lost ${l.lost}, errors ${l.errors}, late ${l.late}, ${round(l.messages / l.seconds)} msgs/s, ` +
          `CPU/msg ${round(result.serviceCpuMsPerMessage, 2)} ms + db ${round(result.databaseCpuMsPerMessage, 2)} ms, ` +
          `${round(result.transactionsPerMessage, 1)} transactions/msg, peak RSS ${round(result.peakRssMb)} MB; ` +
          `history 0: p99 ${ms(percentile(result.history0, 99))} ms, history 200: p99 ${ms(percentile(result.history200, 99))} ms\n` +
          `  p50/p99 by message 1..${MESSAGES}: ${l.byPosition.map((values) => `${ms(percentile(values, 50))}/${ms(percentile(values, 99))}`).join(', ')} ms\n`,
      );
    } else {
      const result = await runPeer();
      peerRuns.push(result);
      const l = result.load;
      const p = result.paced;
      const w = result.warmup;
      process.stderr.write(
        `  warm-up (cold service, ${w.messages} messages): p50 ${ms(percentile(w.latencies, 50))} ms, p99 ${ms(percentile(w.latencies, 99))} ms, lost ${w.lost}\n` +
          `  paced: p50 ${ms(percentile(p.latencies, 50))} ms, p99 ${ms(percentile(p.latencies, 99))} ms, lost ${p.lost}\n` +
          `  no pause: p50 ${ms(percentile(l.latencies, 50))} ms, p99 ${ms(percentile(l.latencies, 99))} ms, lost ${l.lost}, ${round(l.messages / l.seconds)} msgs/s, peak RSS ${round(result.peakRssMb)} MB\n`,
      );
    }
  }
}

const medOf = <R>(runs: R[], pick: (run: R) => number) => median(runs.map(pick));
const figures = {
  sockets: SOCKETS,
  messages: SOCKETS * MESSAGES,
  // the paced load (the target's figures)
  p50_ms: ms(medOf(ombudRuns, (r) => percentile(r.paced.latencies, 50))),
  p99_ms: ms(medOf(ombudRuns, (r) => percentile(r.paced.latencies, 99))),
  max_ms: ms(medOf(ombudRuns, (r) => Math.max(...r.paced.latencies))),
  paced_msgs_per_s: round(medOf(ombudRuns, (r) => r.paced.messages / r.paced.seconds)),
  // the no-pause load (saturation)
  no_pause_p50_ms: ms(medOf(ombudRuns, (r) => percentile(r.load.latencies, 50))),
  no_pause_p99_ms: ms(medOf(ombudRuns, (r) => percentile(r.load.latencies, 99))),
  no_pause_max_ms: ms(medOf(ombudRuns, (r) => Math.max(...r.load.latencies))),
  cold_p50_ms: ms(medOf(ombudRuns, (r) => percentile(r.warmup.latencies, 50))),
  cold_p99_ms: ms(medOf(ombudRuns, (r) => percentile(r.warmup.latencies, 99))),
  lost: Math.max(...ombudRuns.map((r) => r.warmup.lost + r.paced.lost + r.load.lost + r.historyLost)),
  errors: Math.max(...ombudRuns.map((r) => r.paced.errors + r.load.errors)),
  late: Math.max(...ombudRuns.map((r) => r.paced.late + r.load.late)),
  unanswered_in_db: Math.max(...ombudRuns.map((r) => r.unansweredInDb)),
  replies_per_message: round(
    medOf(ombudRuns, (r) => r.load.replies / r.load.latencies.length),
    2,
  ),
  msgs_per_s: round(medOf(ombudRuns, (r) => r.load.messages / r.load.seconds)),
  service_cpu_ms_per_msg: round(
    medOf(ombudRuns, (r) => r.serviceCpuMsPerMessage),
    2,
  ),
  db_cpu_ms_per_msg: round(
    medOf(ombudRuns, (r) => r.databaseCpuMsPerMessage),
    2,
  ),
  client_cpu_ms_per_msg: round(
    medOf(ombudRuns, (r) => r.load.clientCpuMs / r.load.messages),
    2,
  ),
  db_transactions_per_msg: round(
    medOf(ombudRuns, (r) => r.transactionsPerMessage),
    1,
  ),
  peak_rss_mb: round(medOf(ombudRuns, (r) => r.peakRssMb)),
  hwm_mb: round(medOf(ombudRuns, (r) => r.hwmMb)),
  ready_rss_mb: round(medOf(ombudRuns, (r) => r.readyRssMb)),
  history0_p50_ms: ms(medOf(ombudRuns, (r) => percentile(r.history0, 50))),
  history0_p99_ms: ms(medOf(ombudRuns, (r) => percentile(r.history0, 99))),
  history200_p50_ms: ms(medOf(ombudRuns, (r) => percentile(r.history200, 50))),
  history200_p99_ms: ms(medOf(ombudRuns, (r) => percentile(r.history200, 99))),
  peer_p50_ms: ms(medOf(peerRuns, (r) => percentile(r.paced.latencies, 50))),
  peer_p99_ms: ms(medOf(peerRuns, (r) => percentile(r.paced.latencies, 99))),
  peer_max_ms: ms(medOf(peerRuns, (r) => Math.max(...r.paced.latencies))),
  peer_no_pause_p50_ms: ms(medOf(peerRuns, (r) => percentile(r.load.latencies, 50))),
  peer_no_pause_p99_ms: ms(medOf(peerRuns, (r) => percentile(r.load.latencies, 99))),
  peer_no_pause_max_ms: ms(medOf(peerRuns, (r) => Math.max(...r.load.latencies))),
  peer_replies_per_message: round(
    medOf(peerRuns, (r) => r.load.replies / r.load.latencies.length),
    2,
  ),
  peer_cold_p50_ms: ms(medOf(peerRuns, (r) => percentile(r.warmup.latencies, 50))),
  peer_cold_p99_ms: ms(medOf(peerRuns, (r) => percentile(r.warmup.latencies, 99))),
  peer_lost: Math.max(...peerRuns.map((r) => r.warmup.lost + r.paced.lost + r.load.lost)),
  peer_msgs_per_s: round(medOf(peerRuns, (r) => r.load.messages / r.load.seconds)),
  peer_cpu_ms_per_msg: round(
    medOf(peerRuns, (r) => r.cpuMsPerMessage),
    2,
  ),
  peer_client_cpu_ms_per_msg: round(
    medOf(peerRuns, (r) => r.load.clientCpuMs / r.load.messages),
    2,
  ),
  peer_peak_rss_mb: round(medOf(peerRuns, (r) => r.peakRssMb)),
  peer_hwm_mb: round(medOf(peerRuns, (r) => r.hwmMb)),
  peer_ready_rss_mb: round(medOf(peerRuns, (r) => r.readyRssMb)),
  think_ms: THINK_MS,
  load_average: [startLoad, loadavg()].map((values) => round(values[0]!, 2)),
  runs: RUNS,
};

const ratio = (ours: number, theirs: number) => (theirs > 0 ? `${round(ours / theirs, 1)}x` : '');
console.log(
  `\nChat benchmark: ${SOCKETS} websocket consumers x ${MESSAGES} messages, each waiting for the answer before the next; ` +
    `paced: a pause of ${THINK_MS / 2} to ${(THINK_MS * 3) / 2} ms before each message; no pause: the next message at once (saturation). ` +
    `Median of ${RUNS} runs (PostgreSQL, fresh database per run); load average ${figures.load_average.join(' -> ')}\n`,
);
printTable(
  ['figure', 'Ombud', 'Botkit echo peer', 'ratio'],
  [
    [
      `warm-up, the first ${WARMUP_SOCKETS * MESSAGES} messages after start, paced: p50 / p99 (ms)`,
      `${figures.cold_p50_ms} / ${figures.cold_p99_ms}`,
      `${figures.peer_cold_p50_ms} / ${figures.peer_cold_p99_ms}`,
      '',
    ],
    ['paced: reply latency p50 (ms)', figures.p50_ms, figures.peer_p50_ms, ratio(figures.p50_ms, figures.peer_p50_ms)],
    ['paced: reply latency p99 (ms)', figures.p99_ms, figures.peer_p99_ms, ratio(figures.p99_ms, figures.peer_p99_ms)],
    ['paced: reply latency max (ms)', figures.max_ms, figures.peer_max_ms, ratio(figures.max_ms, figures.peer_max_ms)],
    ['paced: messages per second', figures.paced_msgs_per_s, '', ''],
    [
      'no pause: reply latency p50 (ms)',
      figures.no_pause_p50_ms,
      figures.peer_no_pause_p50_ms,
      ratio(figures.no_pause_p50_ms, figures.peer_no_pause_p50_ms),
    ],
    [
      'no pause: reply latency p99 (ms)',
      figures.no_pause_p99_ms,
      figures.peer_no_pause_p99_ms,
      ratio(figures.no_pause_p99_ms, figures.peer_no_pause_p99_ms),
    ],
    [
      'no pause: reply latency max (ms)',
      figures.no_pause_max_ms,
      figures.peer_no_pause_max_ms,
      ratio(figures.no_pause_max_ms, figures.peer_no_pause_max_ms),
    ],
    [
      'no pause: messages per second',
      figures.msgs_per_s,
      figures.peer_msgs_per_s,
      ratio(figures.msgs_per_s, figures.peer_msgs_per_s),
    ],
    [
      'no pause: CPU per message, service process (ms)',
      figures.service_cpu_ms_per_msg,
      figures.peer_cpu_ms_per_msg,
      ratio(figures.service_cpu_ms_per_msg, figures.peer_cpu_ms_per_msg),
    ],
    ['no pause: CPU per message, its PostgreSQL backends (ms)', figures.db_cpu_ms_per_msg, '', ''],
    [
      'no pause: CPU per message, the load generator (ms)',
      figures.client_cpu_ms_per_msg,
      figures.peer_client_cpu_ms_per_msg,
      '',
    ],
    ['no pause: database transactions per message', figures.db_transactions_per_msg, '', ''],
    ['messages lost, all loads, worst run (no answer in 5 s)', figures.lost, figures.peer_lost, ''],
    ['error frames / late frames, worst run', `${figures.errors} / ${figures.late}`, '', ''],
    ['inbound rows left unanswered in the db', figures.unanswered_in_db, '', ''],
    ['answer bubbles per message', figures.replies_per_message, figures.peer_replies_per_message, ''],
    [
      'peak RSS, sampled every 100 ms (MB)',
      figures.peak_rss_mb,
      figures.peer_peak_rss_mb,
      ratio(figures.peak_rss_mb, figures.peer_peak_rss_mb),
    ],
    ['VmHWM at the end (MB)', figures.hwm_mb, figures.peer_hwm_mb, ratio(figures.hwm_mb, figures.peer_hwm_mb)],
    [
      'RSS when ready, before load (MB)',
      figures.ready_rss_mb,
      figures.peer_ready_rss_mb,
      ratio(figures.ready_rss_mb, figures.peer_ready_rss_mb),
    ],
    [
      `one consumer alone, empty history: p50 / p99 of ${HISTORY_MEASURED} (ms)`,
      `${figures.history0_p50_ms} / ${figures.history0_p99_ms}`,
      '',
      '',
    ],
    [
      `one consumer alone, ${HISTORY} messages of history: p50 / p99 of ${HISTORY_MEASURED} (ms)`,
      `${figures.history200_p50_ms} / ${figures.history200_p99_ms}`,
      '',
      '',
    ],
  ],
);
console.log(JSON.stringify(figures));
