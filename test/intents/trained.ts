// One model per test file, trained from the real corpus into a temporary folder, so tests
// never touch intents/model/model.json (which a running service may be reading).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { loadClassifier } from '../../intents/load.ts';

export function temporaryDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ombud-intents-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function trainedClassifier() {
  return loadClassifier({ modelPath: join(temporaryDir(), 'model.json') });
}
