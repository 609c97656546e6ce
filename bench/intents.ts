// npm run bench:intents: the local classifier against NLP.js (node-nlp) on one core, on the
// held-out texts (intents/corpus/heldout/*.jsonl and the Banking77 held-out part). Figures are
// medians of RUNS runs; model load times come from fresh child processes. Prints a table,
// then one JSON object as the last line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readHeldOutSet, readTrainingSet, type LabelledText } from '../intents/corpus.ts';
import { collapseToRouted, score, type Prediction } from '../intents/evaluation.ts';
import { createIntentService } from '../intents/index.ts';
import type { Intent } from '../intents/labels.ts';
import { loadClassifier } from '../intents/load.ts';
import { DEFAULT_MODEL_PATH } from '../intents/model-file.ts';
import { median, percentile, printTable, round } from './lib/stats.ts';
import { trainPeer } from './lib/intents-peer.ts';

const RUNS = 3;
/** Each throughput run loops over the held-out texts until at least this much time has passed. */
const THROUGHPUT_MS = 1_000;
const LOAD_CHILD = fileURLToPath(new URL('./lib/intents-load-child.ts', import.meta.url));

interface Speed {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** One run: a warm-up pass, a per-message latency pass, then a timed throughput loop. */
async function measure(rows: readonly LabelledText[], classify: (row: LabelledText) => unknown): Promise<Speed> {
  for (const row of rows) await classify(row);
  const latencies: number[] = [];
  for (const row of rows) {
    const started = performance.now();
    await classify(row);
    latencies.push(performance.now() - started);
  }
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < THROUGHPUT_MS) {
    for (const row of rows) await classify(row);
    count += rows.length;
  }
  return {
    perSecond: count / ((performance.now() - started) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

async function medianSpeed(rows: readonly LabelledText[], classify: (row: LabelledText) => unknown): Promise<Speed> {
  const runs: Speed[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measure(rows, classify));
  return {
    perSecond: median(runs.map((r) => r.perSecond)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
  };
}

interface Load {
  loadMs: number;
  rssDeltaMb: number;
  heapDeltaMb: number;
  arrayBuffersDeltaMb: number;
}

function medianLoad(kind: 'ours' | 'peer', path: string): Load {
  const runs: Load[] = [];
  for (let i = 0; i < RUNS; i++) {
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', LOAD_CHILD, kind, path], {
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`loading the ${kind} model in a child process failed: ${child.stderr}`);
    runs.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Load);
  }
  return {
    loadMs: median(runs.map((r) => r.loadMs)),
    rssDeltaMb: median(runs.map((r) => r.rssDeltaMb)),
    heapDeltaMb: median(runs.map((r) => r.heapDeltaMb)),
    arrayBuffersDeltaMb: median(runs.map((r) => r.arrayBuffersDeltaMb)),
  };
}

async function accuracy(rows: readonly LabelledText[], predict: (row: LabelledText) => Promise<Intent> | Intent) {
  const corpus: Prediction[] = [];
  const banking: Prediction[] = [];
  for (const row of rows) {
    const prediction = { expected: row.intent, predicted: await predict(row) };
    if (row.source === 'corpus') corpus.push(prediction);
    else banking.push(collapseToRouted(prediction));
  }
  return { corpus: score(corpus), banking77: score(banking) };
}

const training = readTrainingSet();
const heldOut = readHeldOutSet();
console.log(
  `${heldOut.length} held-out texts (${heldOut.filter((r) => r.source === 'corpus').length} of our corpus, ` +
    `${heldOut.filter((r) => r.source === 'banking77').length} Banking77); both classifiers trained on the same ${training.length} rows.`,
);

// Ours. loadClassifier() makes sure the model file is current before the child processes read it.
let started = performance.now();
const ours = loadClassifier({ onRetrain: (reason) => console.log(`training our model first: ${reason}`) });
const oursReadyMs = performance.now() - started;
const oursSpeed = await medianSpeed(heldOut, (row) => ours.classify(row.text));
const oursAccuracy = await accuracy(heldOut, (row) => ours.classify(row.text).intent);
const oursLoad = medianLoad('ours', DEFAULT_MODEL_PATH);
const service = createIntentService();
const serviceSpeed = await medianSpeed(heldOut, (row) => service.classifyLocal(row.text));

// The peer, told each message's true language (it cannot tell Nordic languages apart itself).
started = performance.now();
const peer = await trainPeer(training);
const peerTrainMs = performance.now() - started;
const peerSpeed = await medianSpeed(heldOut, (row) => peer.process(row.language, row.text));
const peerAccuracy = await accuracy(
  heldOut,
  async (row) => (await peer.process(row.language, row.text)).intent as Intent,
);
const scratch = mkdtempSync(join(tmpdir(), 'ombud-bench-'));
const peerModelPath = join(scratch, 'nlpjs-model.json');
writeFileSync(peerModelPath, peer.export(true));
const peerLoad = medianLoad('peer', peerModelPath);
rmSync(scratch, { recursive: true, force: true });

const f3 = (x: number) => x.toFixed(3);
console.log('');
printTable(
  [
    'classifier',
    'msgs/s',
    'p50 ms',
    'p99 ms',
    'load ms',
    'RSS MB',
    'heap+buffers MB',
    'accuracy',
    'F1 routed',
    'B77 accuracy',
    'B77 F1 routed',
  ],
  [
    [
      'ours (intent + language)',
      round(oursSpeed.perSecond),
      f3(oursSpeed.p50Ms),
      f3(oursSpeed.p99Ms),
      round(oursLoad.loadMs, 1),
      round(oursLoad.rssDeltaMb, 1),
      round(oursLoad.heapDeltaMb + oursLoad.arrayBuffersDeltaMb, 1),
      f3(oursAccuracy.corpus.accuracy),
      f3(oursAccuracy.corpus.macroF1Routed),
      f3(oursAccuracy.banking77.accuracy),
      f3(oursAccuracy.banking77.macroF1Routed),
    ],
    [
      'ours + entities (classifyLocal)',
      round(serviceSpeed.perSecond),
      f3(serviceSpeed.p50Ms),
      f3(serviceSpeed.p99Ms),
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ],
    [
      'NLP.js (node-nlp), true language given',
      round(peerSpeed.perSecond),
      f3(peerSpeed.p50Ms),
      f3(peerSpeed.p99Ms),
      round(peerLoad.loadMs, 1),
      round(peerLoad.rssDeltaMb, 1),
      round(peerLoad.heapDeltaMb + peerLoad.arrayBuffersDeltaMb, 1),
      f3(peerAccuracy.corpus.accuracy),
      f3(peerAccuracy.corpus.macroF1Routed),
      f3(peerAccuracy.banking77.accuracy),
      f3(peerAccuracy.banking77.macroF1Routed),
    ],
  ],
);
console.log(
  `\nOne core, single-threaded loop; medians of ${RUNS} runs. Load figures from a fresh process: time from file to ready, ` +
    `growth of RSS and of JS heap plus typed-array buffers. Accuracy and F1 on our held-out corpus; B77 = Banking77 held-out part ` +
    `(a prediction outside the routed intents counts as other). Our model ready in ${round(oursReadyMs)} ms here (training included if it had to); ` +
    `NLP.js trained in ${round(peerTrainMs)} ms.`,
);
console.log(
  `Targets: >= 20000 msgs/s ${oursSpeed.perSecond >= 20_000 ? 'met' : 'MISSED'}, p99 <= 1 ms ${oursSpeed.p99Ms <= 1 ? 'met' : 'MISSED'}, ` +
    `load <= 300 ms ${oursLoad.loadMs <= 300 ? 'met' : 'MISSED'}, accuracy >= NLP.js ${oursAccuracy.corpus.accuracy >= peerAccuracy.corpus.accuracy ? 'met' : 'MISSED'}.`,
);

console.log(
  JSON.stringify({
    runs: RUNS,
    held_out_texts: heldOut.length,
    ours_per_s: round(oursSpeed.perSecond),
    ours_p50_ms: round(oursSpeed.p50Ms, 4),
    ours_p99_ms: round(oursSpeed.p99Ms, 4),
    ours_load_ms: round(oursLoad.loadMs, 1),
    ours_load_rss_mb: round(oursLoad.rssDeltaMb, 1),
    ours_load_heap_mb: round(oursLoad.heapDeltaMb, 1),
    ours_load_array_buffers_mb: round(oursLoad.arrayBuffersDeltaMb, 1),
    ours_accuracy: round(oursAccuracy.corpus.accuracy, 4),
    ours_macro_f1_routed: round(oursAccuracy.corpus.macroF1Routed, 4),
    ours_banking77_accuracy: round(oursAccuracy.banking77.accuracy, 4),
    ours_banking77_macro_f1_routed: round(oursAccuracy.banking77.macroF1Routed, 4),
    ours_with_entities_per_s: round(serviceSpeed.perSecond),
    ours_with_entities_p99_ms: round(serviceSpeed.p99Ms, 4),
    peer: 'node-nlp 4.27.0',
    peer_train_ms: round(peerTrainMs),
    peer_per_s: round(peerSpeed.perSecond),
    peer_p50_ms: round(peerSpeed.p50Ms, 4),
    peer_p99_ms: round(peerSpeed.p99Ms, 4),
    peer_load_ms: round(peerLoad.loadMs, 1),
    peer_load_rss_mb: round(peerLoad.rssDeltaMb, 1),
    peer_load_heap_mb: round(peerLoad.heapDeltaMb, 1),
    peer_accuracy: round(peerAccuracy.corpus.accuracy, 4),
    peer_macro_f1_routed: round(peerAccuracy.corpus.macroF1Routed, 4),
    peer_banking77_accuracy: round(peerAccuracy.banking77.accuracy, 4),
    peer_banking77_macro_f1_routed: round(peerAccuracy.banking77.macroF1Routed, 4),
  }),
);
