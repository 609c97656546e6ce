// Deciding how to build the model without touching held-out data:
// `npx tsx intents/cli/cv.ts [folds]` scores 5-fold cross-validation on the TRAINING corpus
// the way `npm run eval` scores the held-out files (routed macro-F1 per language, language
// detection, the most frequent confusions), so feature and lexicon changes can be judged
// without looking at held-out data.
import { crossValidate } from '../calibration.ts';
import { readTrainingSet } from '../corpus.ts';
import { score } from '../evaluation.ts';
import { LANGUAGES } from '../labels.ts';

// Piped into head, stop quietly when the reader goes away.
process.stdout.on('error', () => process.exit(0));
const grouped = process.argv.includes('--grouped');
const folds = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5);
const started = performance.now();
const outOfFold = crossValidate(readTrainingSet(), folds, 11, grouped).filter((p) => p.sample.source === 'corpus');
const f = (x: number) => x.toFixed(3);

function confusions(rows: typeof outOfFold, limit: number): string {
  const counts = new Map<string, number>();
  for (const p of rows)
    if (!p.correct)
      counts.set(`${p.sample.intent}->${p.predicted}`, (counts.get(`${p.sample.intent}->${p.predicted}`) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
}

const all = score(outOfFold.map((p) => ({ expected: p.sample.intent, predicted: p.predicted })));
console.log(
  `${folds}-fold CV on ${outOfFold.length} corpus rows (${((performance.now() - started) / 1000).toFixed(1)} s): ` +
    `accuracy ${f(all.accuracy)}, routed macro-F1 ${f(all.macroF1Routed)}`,
);
for (const language of LANGUAGES) {
  const rows = outOfFold.filter((p) => p.sample.language === language);
  const s = score(rows.map((p) => ({ expected: p.sample.intent, predicted: p.predicted })));
  const detection = rows.filter((p) => p.detected === language).length / rows.length;
  console.log(
    `  ${language}  acc ${f(s.accuracy)}  F1 routed ${f(s.macroF1Routed)}  lang ${f(detection)}  ${confusions(rows, 4)}`,
  );
}
console.log(`top confusions: ${confusions(outOfFold, 12)}`);
