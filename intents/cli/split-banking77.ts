// Derives intents/corpus/banking77/{train,heldout}.jsonl from the copied Banking77
// train.csv and mapping.json. Run once after changing either file:
//   npx tsx intents/cli/split-banking77.ts
// Deterministic (seeded, stratified by category), so a re-run reproduces the committed files.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Intent } from '../labels.ts';
import { seededRandom, shuffleInPlace } from '../random.ts';

const HELD_OUT_SHARE = 0.2;
const SEED = 77;
const folder = fileURLToPath(new URL('../corpus/banking77/', import.meta.url));

const Mapping = z.object({ intents: z.partialRecord(Intent, z.array(z.string())) });

/** RFC 4180 rows: Banking77 quotes texts that hold commas or quotes. */
function parseCsv(source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const mapping = Mapping.parse(JSON.parse(readFileSync(folder + 'mapping.json', 'utf8')));
const intentOf = new Map<string, Intent>();
for (const [intent, categories] of Object.entries(mapping.intents)) {
  for (const category of categories) intentOf.set(category, Intent.parse(intent));
}

const [header, ...rows] = parseCsv(readFileSync(folder + 'train.csv', 'utf8'));
if (header?.join(',') !== 'text,category') throw new Error('train.csv: expected the header "text,category"');

// Rows keep their file order in both outputs; only the choice of held-out rows is random.
const byCategory = new Map<string, number[]>();
rows.forEach(([, category], index) => {
  if (category === undefined || !intentOf.has(category)) return; // unlisted categories are unused
  byCategory.set(category, [...(byCategory.get(category) ?? []), index]);
});
const random = seededRandom(SEED);
const heldOut = new Set<number>();
for (const category of [...byCategory.keys()].sort()) {
  const indices = shuffleInPlace([...(byCategory.get(category) ?? [])], random);
  for (const index of indices.slice(0, Math.round(indices.length * HELD_OUT_SHARE))) heldOut.add(index);
}

const train: string[] = [];
const held: string[] = [];
rows.forEach(([text, category], index) => {
  const intent = category === undefined ? undefined : intentOf.get(category);
  if (intent === undefined || text === undefined) return;
  (heldOut.has(index) ? held : train).push(JSON.stringify({ text: text.trim(), intent, category }));
});
writeFileSync(folder + 'train.jsonl', train.join('\n') + '\n');
writeFileSync(folder + 'heldout.jsonl', held.join('\n') + '\n');
console.log(`banking77: ${train.length} training rows, ${held.length} held-out rows`);
