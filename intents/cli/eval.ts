// npm run eval [-- --json] [-- --set fresh]: scores the model on held-out data it was never
// trained on (intents/corpus/heldout/<lang>.jsonl and intents/corpus/banking77/heldout.jsonl), or
// with --set fresh (fresh2, ...) on a fresh held-out set (intents/corpus/fresh*/<lang>.jsonl),
// each written before the change it measures and scored once after it.
import { DEFAULT_CONFIDENCE_THRESHOLD } from '../classifier.ts';
import { readFreshSet, readHeldOutSet, type LabelledText } from '../corpus.ts';
import { collapseToRouted, score, type Prediction, type Scores } from '../evaluation.ts';
import { LANGUAGES, type Intent } from '../labels.ts';
import { loadClassifier } from '../load.ts';

/** The issue's target: macro-F1 over the routed intents, overall and in every language. */
const TARGET_MACRO_F1_ROUTED = 0.95;

const asJson = process.argv.includes('--json');
const classifier = loadClassifier({ onRetrain: (reason) => console.error(`training a model first: ${reason}`) });

interface Judged extends Prediction, LabelledText {
  confidence: number;
  detected: string;
}

const setArg = process.argv.indexOf('--set');
const set = setArg >= 0 ? process.argv[setArg + 1] : 'heldout';
if (set !== 'heldout' && !/^fresh[0-9]*$/.test(set ?? '')) {
  console.error(`--set must be heldout, fresh, fresh2, ...: not ${set}`);
  process.exit(2);
}
const judged: Judged[] = (set === 'heldout' ? readHeldOutSet() : readFreshSet(undefined, set)).map((row) => {
  const result = classifier.classify(row.text);
  return {
    ...row,
    expected: row.intent,
    predicted: result.intent,
    confidence: result.confidence,
    detected: result.language,
  };
});
const ours = judged.filter((j) => j.source === 'corpus');
const banking = judged.filter((j) => j.source === 'banking77');

const share = (rows: Judged[], test: (j: Judged) => boolean) =>
  rows.length > 0 ? rows.filter(test).length / rows.length : 0;
const languageAccuracy = (rows: Judged[]) => share(rows, (j) => j.detected === j.language);

/** The most frequent mistakes, "expected -> predicted", for the report on a missed target. */
function topConfusions(rows: Judged[], limit = 5): { confusion: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const j of rows) {
    if (j.expected !== j.predicted)
      counts.set(`${j.expected} -> ${j.predicted}`, (counts.get(`${j.expected} -> ${j.predicted}`) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([confusion, count]) => ({ confusion, count }));
}

const perLanguage = LANGUAGES.map((language) => {
  const rows = ours.filter((j) => j.language === language);
  const scores = score(rows);
  return {
    language,
    count: rows.length,
    accuracy: scores.accuracy,
    macroF1Routed: scores.macroF1Routed,
    languageAccuracy: languageAccuracy(rows),
    topConfusions: topConfusions(rows),
  };
}).filter((l) => l.count > 0);

const answered = ours.filter((j) => j.confidence >= DEFAULT_CONFIDENCE_THRESHOLD);
const threshold = {
  threshold: DEFAULT_CONFIDENCE_THRESHOLD,
  answeredShare: answered.length / Math.max(ours.length, 1),
  answeredAccuracy: share(answered, (j) => j.expected === j.predicted),
  clarifiedShare: 1 - answered.length / Math.max(ours.length, 1),
};

const oursScores = score(ours);
const bankingScores = score(banking.map(collapseToRouted));
const targets = {
  macroF1Routed: TARGET_MACRO_F1_ROUTED,
  overallMet: oursScores.macroF1Routed >= TARGET_MACRO_F1_ROUTED,
  languagesMissing: perLanguage.filter((l) => l.macroF1Routed < TARGET_MACRO_F1_ROUTED).map((l) => l.language),
};

if (asJson) {
  console.log(
    JSON.stringify({
      trainedOn: classifier.model.trainingRows,
      corpus: { ...oursScores, languageAccuracy: languageAccuracy(ours) },
      perLanguage,
      banking77: { ...bankingScores, languageAccuracy: languageAccuracy(banking) },
      threshold,
      targets,
    }),
  );
} else {
  const f = (x: number) => x.toFixed(3);
  const printScores = (title: string, s: Scores, detection: number) => {
    console.log(`\n${title}: ${s.count} messages`);
    console.log(
      `  accuracy ${f(s.accuracy)}   macro-F1 routed ${f(s.macroF1Routed)}   macro-F1 all ${f(s.macroF1)}   language detection ${f(detection)}`,
    );
    console.log(`\n  ${'intent'.padEnd(22)} precision  recall     F1  support`);
    for (const p of s.perIntent) {
      console.log(
        `  ${p.intent.padEnd(22)} ${f(p.precision).padStart(9)} ${f(p.recall).padStart(7)} ${f(p.f1).padStart(6)} ${String(p.support).padStart(8)}`,
      );
    }
    const short = (label: Intent) => label.slice(0, 6);
    console.log(`\n  confusion (rows expected, columns predicted)`);
    console.log(`  ${''.padEnd(22)}${s.labels.map((l) => short(l).padStart(7)).join('')}`);
    s.labels.forEach((label, i) =>
      console.log(`  ${label.padEnd(22)}${s.confusion[i]!.map((n) => String(n).padStart(7)).join('')}`),
    );
  };
  console.log(`Held-out evaluation; the model was trained on ${classifier.model.trainingRows} other rows.`);
  printScores(`Our corpus (${set}/<lang>.jsonl)`, oursScores, languageAccuracy(ours));
  console.log(`\n  ${'language'.padEnd(10)} ${'n'.padStart(5)} accuracy  F1 routed  language detection`);
  for (const l of perLanguage) {
    console.log(
      `  ${l.language.padEnd(10)} ${String(l.count).padStart(5)} ${f(l.accuracy).padStart(8)} ${f(l.macroF1Routed).padStart(10)} ${f(l.languageAccuracy).padStart(19)}`,
    );
  }
  printScores(
    'Banking77 held-out part (a prediction outside the routed intents counts as other)',
    bankingScores,
    languageAccuracy(banking),
  );
  console.log(
    `\nClarifying-question threshold ${threshold.threshold}: ${f(threshold.answeredShare)} of our held-out messages answered directly, ` +
      `${f(threshold.answeredAccuracy)} of those correct; ${f(threshold.clarifiedShare)} would get a clarifying question.`,
  );
  console.log(
    `\nTarget macro-F1 routed >= ${TARGET_MACRO_F1_ROUTED}: overall ${targets.overallMet ? 'met' : 'MISSED'}; ` +
      (targets.languagesMissing.length === 0
        ? 'met in every language.'
        : `missed in ${targets.languagesMissing.join(', ')}.`),
  );
  for (const l of perLanguage.filter((l) => targets.languagesMissing.includes(l.language))) {
    console.log(
      `  ${l.language}: most frequent confusions ${l.topConfusions.map((c) => `${c.confusion} ${c.count}`).join(', ')}`,
    );
  }
}
