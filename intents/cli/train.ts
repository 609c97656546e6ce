// npm run train: trains the classifier on intents/corpus (training files only) and writes
// intents/model/model.json. With --calibrate, also prints how the clarifying-question
// threshold trades questions for errors, from 5-fold cross-validation on the training corpus.
import { DEFAULT_CONFIDENCE_THRESHOLD } from '../classifier.ts';
import { crossValidate, thresholdCurve } from '../calibration.ts';
import { readTrainingSet } from '../corpus.ts';
import { LANGUAGES } from '../labels.ts';
import { trainAndSave } from '../load.ts';
import { DEFAULT_MODEL_PATH } from '../model-file.ts';

const started = performance.now();
const model = trainAndSave();
const seconds = ((performance.now() - started) / 1000).toFixed(2);
const samples = readTrainingSet();
const perLanguage = LANGUAGES.map(
  (l) => `${l} ${samples.filter((s) => s.language === l && s.source === 'corpus').length}`,
).join(', ');
const banking = samples.filter((s) => s.source === 'banking77').length;
console.log(`trained on ${model.trainingRows} rows (${perLanguage}, Banking77 ${banking}) in ${seconds} s`);
console.log(
  `intent features ${model.intent.keys.length}, language features ${model.language.keys.length}; wrote ${DEFAULT_MODEL_PATH}`,
);

if (process.argv.includes('--calibrate')) {
  const ours = samples.filter((s) => s.source === 'corpus');
  console.log(
    `\ncalibrating: 5-fold cross-validation over ${samples.length} training rows, scored on our ${ours.length} corpus rows`,
  );
  // Scored on our corpus only: the bot's traffic looks like it, not like Banking77's card questions.
  const outOfFold = crossValidate(samples, 5).filter((p) => p.sample.source === 'corpus');
  const thresholds = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];
  console.log('threshold  answered  accuracy of answered  errors caught by a question');
  for (const row of thresholdCurve(outOfFold, thresholds)) {
    const mark = row.threshold === DEFAULT_CONFIDENCE_THRESHOLD ? '  <- DEFAULT_CONFIDENCE_THRESHOLD' : '';
    console.log(
      `${row.threshold.toFixed(2).padStart(9)} ${row.answered.toFixed(3).padStart(9)} ${row.accuracyAnswered.toFixed(3).padStart(21)} ${row.errorsCaught.toFixed(3).padStart(28)}${mark}`,
    );
  }
}
