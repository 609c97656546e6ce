// Run in a fresh process by bench/intents.ts: loads one model from its file and reports how
// long that took and what it cost in memory, as one JSON line on stdout.
//   node --import tsx bench/lib/intents-load-child.ts ours <model.json>
//   node --import tsx bench/lib/intents-load-child.ts peer <exported NLP.js model.json>
import { readFileSync } from 'node:fs';

const [kind, path] = process.argv.slice(2);
if (path === undefined || (kind !== 'ours' && kind !== 'peer'))
  throw new Error('usage: intents-load-child.ts ours|peer <file>');

// Code is imported before the clock starts: the figure is the model's load, not module loading.
const { IntentClassifier } = await import('../../intents/classifier.ts');
const { readModel } = await import('../../intents/model-file.ts');
const { createPeer } = await import('./intents-peer.ts');

globalThis.gc?.();
const before = process.memoryUsage();
const started = performance.now();
let classify: (text: string) => unknown;
if (kind === 'ours') {
  const classifier = new IntentClassifier(readModel(path));
  classify = (text) => classifier.classify(text);
} else {
  const peer = createPeer();
  peer.import(readFileSync(path, 'utf8'));
  classify = (text) => peer.process('en', text);
}
const loadMs = performance.now() - started;
await classify('hello');
globalThis.gc?.();
const after = process.memoryUsage();
const mb = (bytes: number) => bytes / 1024 / 1024;
// Typed arrays (our weights) live outside the JS heap: arrayBuffers counts them.
console.log(
  JSON.stringify({
    loadMs,
    rssDeltaMb: mb(after.rss - before.rss),
    heapDeltaMb: mb(after.heapUsed - before.heapUsed),
    arrayBuffersDeltaMb: mb(after.arrayBuffers - before.arrayBuffers),
  }),
);
