// npm run bench — the three benchmarks one after another on real PostgreSQL (each in its own
// process, as `npm run bench:<name>` runs it, so none inherits another's heap or connections),
// then one table of the headline figures beside their peers, and as the last line one JSON
// object nesting each benchmark's own last line: {"intents": {...}, "queue": {...}, "chat": {...}}.
// Every BENCH_* variable the three read passes through (BENCH_RUNS, BENCH_JOBS, BENCH_SOCKETS, ...).
import { spawn } from 'node:child_process';
import { printTable, round } from './lib/stats.ts';
import { REPO_ROOT } from './lib/child-process.ts';

const BENCHMARKS = ['intents', 'queue', 'chat'] as const;
type Name = (typeof BENCHMARKS)[number];
type Figures = Record<string, unknown>;

/** Runs one benchmark with its output passed through; resolves with its last line, parsed. */
function runBenchmark(name: Name): Promise<Figures> {
  return new Promise((resolve, reject) => {
    process.stderr.write(`\n== bench:${name}\n`);
    const child = spawn('npm', ['run', '-s', `bench:${name}`], {
      cwd: REPO_ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench:${name} exited with code ${code}`));
      const last = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(last) as Figures);
      } catch {
        reject(new Error(`bench:${name} did not end with a JSON line: ${last.slice(0, 200)}`));
      }
    });
  });
}

const results = {} as Record<Name, Figures>;
for (const name of BENCHMARKS) results[name] = await runBenchmark(name);

const num = (figures: Figures, key: string): number => {
  const value = figures[key];
  if (typeof value !== 'number') throw new Error(`a benchmark's last line lacks the number ${key}`);
  return value;
};
const ratio = (ours: number, peer: number) => (peer > 0 ? `${round(ours / peer, 2)}x` : '');
const { intents, queue, chat } = results;
const rows: [string, number | string, number | string, string][] = [
  [
    'classifier: messages/s, one core',
    num(intents, 'ours_per_s'),
    num(intents, 'peer_per_s'),
    ratio(num(intents, 'ours_per_s'), num(intents, 'peer_per_s')),
  ],
  [
    'classifier: p99 (ms)',
    num(intents, 'ours_p99_ms'),
    num(intents, 'peer_p99_ms'),
    ratio(num(intents, 'ours_p99_ms'), num(intents, 'peer_p99_ms')),
  ],
  [
    'classifier: model load (ms)',
    num(intents, 'ours_load_ms'),
    num(intents, 'peer_load_ms'),
    ratio(num(intents, 'ours_load_ms'), num(intents, 'peer_load_ms')),
  ],
  [
    'classifier: held-out accuracy',
    num(intents, 'ours_accuracy'),
    num(intents, 'peer_accuracy'),
    ratio(num(intents, 'ours_accuracy'), num(intents, 'peer_accuracy')),
  ],
  [
    'queue: intake per second',
    num(queue, 'intake_per_s'),
    num(queue, 'peer_enqueue_per_s'),
    ratio(num(queue, 'intake_per_s'), num(queue, 'peer_enqueue_per_s')),
  ],
  [
    'queue: pickups per second',
    num(queue, 'pickup_per_s'),
    num(queue, 'peer_drain_per_s'),
    ratio(num(queue, 'pickup_per_s'), num(queue, 'peer_drain_per_s')),
  ],
  ['queue: picked twice / lost', `${num(queue, 'picked_twice')} / ${num(queue, 'lost')}`, '', ''],
  [
    'chat, paced: reply p50 (ms)',
    num(chat, 'p50_ms'),
    num(chat, 'peer_p50_ms'),
    ratio(num(chat, 'p50_ms'), num(chat, 'peer_p50_ms')),
  ],
  [
    'chat, paced: reply p99 (ms)',
    num(chat, 'p99_ms'),
    num(chat, 'peer_p99_ms'),
    ratio(num(chat, 'p99_ms'), num(chat, 'peer_p99_ms')),
  ],
  [
    'chat, no pause: reply p99 (ms)',
    num(chat, 'no_pause_p99_ms'),
    num(chat, 'peer_no_pause_p99_ms'),
    ratio(num(chat, 'no_pause_p99_ms'), num(chat, 'peer_no_pause_p99_ms')),
  ],
  [
    'chat, no pause: messages per second',
    num(chat, 'msgs_per_s'),
    num(chat, 'peer_msgs_per_s'),
    ratio(num(chat, 'msgs_per_s'), num(chat, 'peer_msgs_per_s')),
  ],
  ['chat: messages lost', num(chat, 'lost'), num(chat, 'peer_lost'), ''],
  [
    'chat: peak memory of the service (MB)',
    num(chat, 'peak_rss_mb'),
    num(chat, 'peer_peak_rss_mb'),
    ratio(num(chat, 'peak_rss_mb'), num(chat, 'peer_peak_rss_mb')),
  ],
];
console.log(
  '\nAll benchmarks (peers: NLP.js for the classifier, graphile-worker 0.17 for the queue, a bare Botkit echo bot for the chat)\n',
);
printTable(['figure', 'Ombud', 'peer', 'ratio'], rows);
console.log(JSON.stringify({ intents, queue, chat }));
