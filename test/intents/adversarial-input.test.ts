// No input costs more than a bounded time. Every reader of a consumer's text (the entity
// extractors, the trained intent service, the PII mask, the knowledge lookup, the readers of
// typed answers and the dialog's step at each of its questions) gets each of the costly texts
// of fuzz-inputs.ts, 2,000 characters built to make a backtracking pattern retry, and must
// answer each within 20 ms. A pattern whose cost grows
// faster than the text is far over on them ("ref", 1,990 spaces and "! 1" took 11 s); a busy
// machine is not, so the measure is made robust against it:
//   - every reader is warmed up first, on the same texts cut to a tenth;
//   - a call costs the lesser of its wall time and the process's CPU time in it: waiting for a
//     core does not count, nor does a compiler or collector thread working beside the call;
//   - a text is over only when each of five calls is.
// A pattern whose cost grows with the square of the text stays under 20 ms at 2,000 characters
// (1 to 10 ms), so each reader is also held to growing in step with its text: eight times the
// length (past any message, which is the point: the square shows) may cost 24 times as much.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAnswer } from '../../bot/dialog/knowledge.ts';
import { step } from '../../bot/dialog/flow.ts';
import { amountInSentence, readAmount } from '../../bot/dialog/readers/amount.ts';
import { readDate } from '../../bot/dialog/readers/date.ts';
import { shopInSentence } from '../../bot/dialog/readers/facts.ts';
import { readShop } from '../../bot/dialog/readers/shop.ts';
import { readSmallTalk } from '../../bot/dialog/readers/small-talk.ts';
import { contactStatement, readContacted, readYesNo, saysDontKnow } from '../../bot/dialog/readers/yes-no.ts';
import { INITIAL_MEMORY, type ConversationMemory } from '../../bot/dialog/state.ts';
import { extractEntities } from '../../intents/entities.ts';
import { findAmounts } from '../../intents/entities/amounts.ts';
import { findDates } from '../../intents/entities/dates.ts';
import { findMerchants } from '../../intents/entities/merchants.ts';
import { findCaseRefs, findOrderNumbers, findReferenceNumbers } from '../../intents/entities/references.ts';
import { createIntentService, type Classification } from '../../intents/index.ts';
import { LANGUAGES } from '../../intents/labels.ts';
import { findPii, redact, type PiiMatch } from '../../intents/redact.ts';
import { adversarialText, adversarialTexts, PROBE_TEXT } from '../support/fuzz-inputs.ts';
import { temporaryDir } from './trained.ts';

const LIMIT_MS = 20;
const TRIES = 5;
const TEXTS = adversarialTexts();
const WARM_UP = adversarialTexts(200);

const service = createIntentService({ modelPath: join(temporaryDir(), 'model.json') });
const options = { threshold: service.threshold };

async function cost(read: (text: string) => unknown, text: string): Promise<number> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await read(text);
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return Math.min(wall, (used.user + used.system) / 1_000);
}

/** The first text on which every call of `read` cost over the limit, with its best cost; undefined when none did. */
async function overLimit(read: (text: string) => unknown): Promise<string | undefined> {
  for (const { text } of WARM_UP) await read(text);
  for (const { label, text } of TEXTS) {
    let best = Infinity;
    for (let attempt = 0; attempt < TRIES && best > LIMIT_MS; attempt++) best = Math.min(best, await cost(read, text));
    if (best > LIMIT_MS) return `${best.toFixed(1)} ms for ${label}`;
  }
  return undefined;
}

/**
 * Where the dialog reads a message as the answer to its question: a new conversation, and each
 * question of a report of a purchase the consumer did not make (reached by skipping the one before).
 */
function dialogMemories(): ConversationMemory[] {
  const report = 'I did not buy this, there is a charge I do not recognise';
  const memories = [INITIAL_MEMORY];
  let memory = step(INITIAL_MEMORY, report, service.classifyLocal(report), options).memory;
  for (
    let question = 0;
    question < 4 && memory.state.stage !== 'idle' && memory.state.stage !== 'confirm';
    question++
  ) {
    memories.push(memory);
    memory = step(memory, 'skip', service.classifyLocal('skip'), options).memory;
  }
  return memories;
}

// The classification is the intent service's cost, timed on its own: the dialog is timed for what it adds.
const classifications = new Map<string, Classification>();
function classified(text: string): Classification {
  return classifications.get(text) ?? classifications.set(text, service.classifyLocal(text)).get(text)!;
}

const READERS: Record<string, (text: string) => unknown> = {
  extractEntities: (text) => extractEntities(text),
  'extractEntities (sv)': (text) => extractEntities(text, { language: 'sv' }),
  findOrderNumbers,
  findReferenceNumbers,
  findCaseRefs,
  findAmounts: (text) => findAmounts(text, 'no'),
  findDates: (text) => findDates(text, []),
  findMerchants,
  findPii,
  redact,
  'the intent service': (text) => service.classify(text),
  'the intent service, with a language hint': (text) => service.classify(text, { languageHint: 'fi' }),
  'the knowledge lookup, in every language': (text) => LANGUAGES.map((language) => findAnswer(language, text)),
  readAmount: (text) => readAmount(text, 'sv', 'SE'),
  amountInSentence: (text) => amountInSentence(text, 'fi'),
  readDate: (text) => readDate(text, '2026-12-06'),
  readShop: (text) => readShop(text, 'fi'),
  shopInSentence: (text) => shopInSentence(text, 'sv'),
  'readYesNo, readContacted, saysDontKnow, contactStatement': (text) => [
    readYesNo(text),
    readContacted(text),
    saysDontKnow(text),
    contactStatement(text),
  ],
  readSmallTalk,
};

/**
 * Texts whose cost grew with the square of their length or worse, each in the reader where it
 * did, and some plain runs beside them: as head, unit repeated, tail.
 */
const GROWTH: ReadonlyArray<readonly [string, string, string]> = [
  ['ref', ' ', '! 1'], // the order and reference filler
  ['Rechnung', ' no.', '\u00e91'],
  ['from', '-', '\u00e91'], // a run of dashes inside a word: the tokenizer's trim, the stemmer
  ['', '999 ', 'x'], // thousands in groups, no currency: the amount reader
  ['', 'A.', ':x'], // a name before a Finnish case ending
  ['from A', '.-', 'x'], // dots and dashes after a shop's name
  ['a', '\u00a0', 'b'],
  ['a', '\u200b', 'b'],
  ['', '1 ', 'x'],
  ['', '12.', 'x'],
  ['', '1234\u2009', 'x'],
  ['', '+46 70 ', 'x'],
  ['', 'SE45 5000 ', 'x'],
  ['', 'a@', 'x'],
  ['', 'x@y.', '1'],
  ['', 'OMB-', '\u00e9'],
  ['', 'ref ', 'x'],
  ['', '\u00e4', '\u00e9'],
  ['1', '!', 'x'], // an amount's trailing marks
];

/** How much more the text of `factor` times the length costs: linear is about `factor`. */
async function growth(
  read: (text: string) => unknown,
  [head, unit, tail]: readonly [string, string, string],
  factor: number,
) {
  const short = adversarialText(head, unit, tail).text;
  const long = adversarialText(head, unit, tail, 2_000 * factor).text;
  await read(short);
  await read(long);
  let shortCost = Infinity;
  let longCost = Infinity;
  for (let attempt = 0; attempt < TRIES; attempt++) {
    shortCost = Math.min(shortCost, await cost(read, short));
    longCost = Math.min(longCost, await cost(read, long));
  }
  return { shortCost, longCost };
}

describe('every reader of consumer text answers a costly 2,000-character text within 20 ms', () => {
  it("the texts include the probe's message and stay within a message's 2,000 characters", () => {
    expect(TEXTS.length).toBeGreaterThan(1_000);
    expect(TEXTS).toContainEqual(PROBE_TEXT);
    expect(PROBE_TEXT.text).toBe(`ref${' '.repeat(1_990)}! 1`);
    expect(Math.max(...TEXTS.map((t) => t.text.length))).toBeLessThanOrEqual(2_000);
  });

  for (const [name, read] of Object.entries(READERS)) {
    it(name, async () => {
      expect(await overLimit(read)).toBeUndefined();
    }, 300_000);
  }

  it('the dialog, reading a message at each of its questions', async () => {
    const memories = dialogMemories();
    expect(memories.length).toBeGreaterThan(2);
    for (const memory of memories) {
      expect(await overLimit((text) => step(memory, text, classified(text), options))).toBeUndefined();
    }
  }, 300_000);
});

// The entity extractor is given the mask's findings here, as the intent service gives them.
const piiFound = new Map<string, PiiMatch[]>();
const pii = (text: string) => piiFound.get(text) ?? piiFound.set(text, findPii(text)).get(text)!;
const GROWING: Record<string, (text: string) => unknown> = {
  ...READERS,
  extractEntities: (text) => extractEntities(text, { pii: pii(text) }),
  'extractEntities (sv)': (text) => extractEntities(text, { language: 'sv', pii: pii(text) }),
};

describe("every reader's cost grows in step with the text: eight times the length, at most three times eight the cost", () => {
  const FACTOR = 8;
  for (const [name, read] of Object.entries(GROWING)) {
    it(name, async () => {
      const over: string[] = [];
      for (const shape of GROWTH) {
        const { shortCost, longCost } = await growth(read, shape, FACTOR);
        // 2 ms of slack: a reader that costs microseconds is all overhead and noise.
        if (longCost > 3 * FACTOR * shortCost + 2) {
          over.push(
            `${adversarialText(...shape).label}: ${shortCost.toFixed(2)} ms, ${FACTOR} times as long ${longCost.toFixed(2)} ms`,
          );
        }
      }
      expect(over).toEqual([]);
    }, 300_000);
  }

  it('the dialog, reading a message at each of its questions', async () => {
    const memories = dialogMemories();
    const over: string[] = [];
    for (const shape of GROWTH) {
      const { shortCost, longCost } = await growth(
        (text) => memories.map((memory) => step(memory, text, classified(text), options)),
        shape,
        FACTOR,
      );
      if (longCost > 3 * FACTOR * shortCost + 2) {
        over.push(
          `${adversarialText(...shape).label}: ${shortCost.toFixed(2)} ms, ${FACTOR} times as long ${longCost.toFixed(2)} ms`,
        );
      }
    }
    expect(over).toEqual([]);
  }, 300_000);
});
