// npm run eval:dialog — scripted consumers who type every answer, against the real service.
//
// Plays bench/dialog/conversations/<lang>.json, or with --set fresh|fresh2|fresh3|fresh4|fresh5 bench/dialog/<set>/<lang>.json
// (the format and the sets are in bench/dialog/README.md), through
// the app API (POST /api/chat/session, POST /api/messages), exactly as an app would, and scores
// each conversation on what a person would judge: did it end with the right case (or the
// self-service answer, or no case), with the right facts on the case (shop, amount, date,
// whether the shop was contacted), was every reply in the consumer's language, and how many
// messages did the consumer have to type.
//
// What the bot asked is read from the reply's `expects` when the service says it; otherwise by
// recognising the reply's text among the catalogue's questions. The case and its facts are read
// from the database the service runs on, as investigation would find them.
//
// Usage: npm run -s eval:dialog [-- --set conversations|fresh|fresh2|fresh3|fresh4|fresh5] [--lang sv,no] [--verbose [--transcript]] [--file other.json --lang xx]
// Env: TEST_DATABASE_URL (the PostgreSQL server the service's fresh database is made on; default
// the local one), EVAL_CONCURRENCY (conversations played at once, 4).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openDatabase, type Db } from '../../db/index.ts';
import { LANGUAGES, type Language } from '../../intents/labels.ts';
import { createIntentService } from '../../intents/index.ts';
import { parseAmountMinor } from '../../intents/entities/amounts.ts';
import { startReadyService, REPO_ROOT } from '../../test/support/process.ts';

const Kind = z.enum([
  'shop',
  'amount',
  'date',
  'contacted',
  'confirm',
  'helped',
  'free_text',
  'yes_no',
  'choice',
  'rating',
]);
type Kind = z.infer<typeof Kind>;
const LastReply = z.enum(['greeting', 'thanks', 'goodbye', 'status', 'ombudsman']);
type LastReply = z.infer<typeof LastReply>;

const Conversation = z.object({
  id: z.string(),
  locale: z.string().optional(),
  topic: z.string(),
  notes: z.string().optional(),
  steps: z.array(z.string().min(1)).min(1),
  answers: z.partialRecord(Kind, z.array(z.string().min(1)).min(1)).default({}),
  expect: z.object({
    case: z.object({ intent: z.string(), tier: z.string() }).nullable().optional(),
    facts: z
      .object({
        shop: z.array(z.string()).min(1).optional(),
        amount: z
          .string()
          .regex(/^\d+(\.\d{1,2})? [A-Z]{3}$/)
          .optional(),
        date: z.string().optional(),
        contacted: z.boolean().optional(),
      })
      .optional(),
    selfService: z.boolean().optional(),
    caseCount: z.number().int().nonnegative().optional(),
    lastReply: LastReply.optional(),
  }),
});
type Conversation = z.infer<typeof Conversation>;

interface Reply {
  text: string;
  quick_replies?: { title: string; payload: string }[];
  case?: { ref: string };
  expects?: string;
}

/** Most turns a conversation may take before it counts as stuck. */
const MAX_TURNS = 20;
const MARKET_ZONE: Record<string, string> = {
  SE: 'Europe/Stockholm',
  NO: 'Europe/Oslo',
  DK: 'Europe/Copenhagen',
  FI: 'Europe/Helsinki',
  DE: 'Europe/Berlin',
};
const LANGUAGE_MARKET: Record<Language, string> = { sv: 'SE', no: 'NO', da: 'DK', fi: 'FI', de: 'DE', en: 'SE' };

// ---------------------------------------------------------------------------------------------
// Recognising the bot's texts: which catalogue line (and so which question) a reply is, and in
// which language. Catalogue templates become patterns ({param} matches anything); knowledge
// answers are matched whole.

interface KnownLine {
  language: Language;
  key: string;
  pattern: RegExp;
}

function loadKnownLines(): KnownLine[] {
  const lines: KnownLine[] = [];
  for (const language of LANGUAGES) {
    const catalogue = JSON.parse(
      readFileSync(join(REPO_ROOT, `bot/dialog/catalogue/${language}.json`), 'utf8'),
    ) as Record<string, string>;
    for (const [key, template] of Object.entries(catalogue)) {
      const parts = template.split(/\{[a-zA-Z_]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      lines.push({ language, key, pattern: new RegExp(`^${parts.join('[\\s\\S]*?')}$`) });
    }
    const knowledge = JSON.parse(
      readFileSync(join(REPO_ROOT, `bot/dialog/knowledge/${language}.json`), 'utf8'),
    ) as Record<string, { answer: string }>;
    for (const [key, entry] of Object.entries(knowledge)) {
      lines.push({
        language,
        key: `knowledge:${key}`,
        pattern: new RegExp(`^${entry.answer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
      });
    }
  }
  return lines;
}

/** The catalogue keys that ask a question, and the kind of answer each expects. */
function kindOfKey(key: string): Kind | undefined {
  if (/^(ask_merchant|invalid_merchant|ask_shop)/.test(key)) return 'shop';
  if (/^(ask_amount|invalid_amount)/.test(key)) return 'amount';
  if (/^(ask_date|invalid_date)/.test(key)) return 'date';
  if (/^ask_contacted/.test(key)) return 'contacted';
  if (/^(summary_confirm|ask_edit)/.test(key)) return 'confirm';
  if (/^helped_question/.test(key)) return 'helped';
  if (/^(ask_what_happened|ask_topic|ask_what_about)/.test(key)) return 'free_text';
  if (/^clarify_question/.test(key)) return 'choice';
  if (/^(offer_human|helped_no_reply)/.test(key)) return 'yes_no';
  if (/^(rating_request|rating_invalid)/.test(key)) return 'rating';
  return undefined;
}

function lastReplyOfKey(key: string): LastReply | undefined {
  if (/^(welcome|greeting)/.test(key)) return 'greeting';
  if (/^(thanks_reply|reply_thanks|you_are_welcome)/.test(key)) return 'thanks';
  if (/^(goodbye|reply_goodbye)/.test(key)) return 'goodbye';
  if (/^status_/.test(key)) return 'status';
  if (/^ombudsman_/.test(key)) return 'ombudsman';
  return undefined;
}

class Recogniser {
  private readonly known = loadKnownLines();
  private readonly intents = createIntentService({});

  /** The catalogue keys a text line matches, with their languages. */
  match(line: string): KnownLine[] {
    return this.known.filter((known) => known.pattern.test(line));
  }

  /** The languages of one reply: one per line, from the catalogue, else from the detector. */
  async languagesOf(text: string): Promise<Set<string>> {
    const found = new Set<string>();
    for (const line of text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)) {
      const matches = this.match(line);
      if (matches.length > 0) {
        // A line several catalogues share (a number, a reference) says nothing against any of them.
        for (const m of matches) found.add(m.language);
        if (new Set(matches.map((m) => m.language)).size === LANGUAGES.length) found.add('*');
        continue;
      }
      const detected = (await this.intents.classify(line, {})).language;
      if (detected !== 'und') found.add(detected);
    }
    return found;
  }

  keysOf(text: string): string[] {
    return text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .flatMap((line) => this.match(line).map((m) => m.key));
  }
}

/** What a reply asks for: its `expects`, else the kind of the last question line it matches. */
function questionOf(reply: Reply, recogniser: Recogniser): Kind | undefined {
  if (reply.expects !== undefined) {
    const parsed = Kind.safeParse(reply.expects);
    return parsed.success ? parsed.data : undefined;
  }
  const keys = recogniser.keysOf(reply.text);
  for (const key of keys.reverse()) {
    const kind = kindOfKey(key);
    if (kind) return kind;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Dates as the conversation files state them, relative to the consumer's own day.

function dayIn(zone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    at,
  );
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The days a `date` expectation accepts. */
export function acceptedDays(expected: string, today: string): Set<string> {
  const days = new Set<string>();
  const weekday = new Date(`${today}T12:00:00Z`).getUTCDay();
  let m: RegExpExecArray | null;
  if (expected === 'today') days.add(today);
  else if ((m = /^today-(\d+)$/.exec(expected))) days.add(addDays(today, -Number(m[1])));
  else if ((m = /^--(\d\d)-(\d\d)$/.exec(expected))) {
    const thisYear = `${today.slice(0, 4)}-${m[1]}-${m[2]}`;
    days.add(thisYear <= today ? thisYear : `${Number(today.slice(0, 4)) - 1}-${m[1]}-${m[2]}`);
  } else if ((m = /^weekday-(\w{3})$/.exec(expected))) {
    const target = WEEKDAYS.indexOf(m[1]!);
    const back = (weekday - target + 7) % 7 || 7;
    days.add(addDays(today, -back));
    days.add(addDays(today, -back - 7));
  } else if (expected === 'week-1') {
    const monday = addDays(today, -(((weekday + 6) % 7) + 7));
    for (let i = 0; i < 7; i++) days.add(addDays(monday, i));
  } else if ((m = /^days-(\d+)-(\d+)$/.exec(expected))) {
    for (let i = Number(m[1]); i <= Number(m[2]); i++) days.add(addDays(today, -i));
  } else if (/^\d{4}-\d\d-\d\d$/.test(expected)) days.add(expected);
  else throw new Error(`a date expectation I cannot read: ${expected}`);
  return days;
}

// ---------------------------------------------------------------------------------------------
// The facts investigation finds on a case.

interface CaseFacts {
  intent: string;
  tier: string;
  shop: string | null;
  amountMinor: number | null;
  currency: string | null;
  date: string | null;
  contacted: boolean | null;
}

async function casesOf(db: Db, consumerId: string): Promise<CaseFacts[]> {
  const { rows } = await db.query<{ state: Record<string, unknown> }>(
    'SELECT state FROM cases WHERE consumer_id = $1 ORDER BY id',
    [consumerId],
  );
  return rows.map(({ state }) => {
    const s = (typeof state === 'string' ? JSON.parse(state) : state) as Record<string, any>;
    const facts = (s.facts ?? s.purchase ?? {}) as Record<string, any>;
    const dispute = (s.dispute ?? {}) as Record<string, any>;
    return {
      intent: s.intent,
      tier: s.tier,
      shop: facts.merchant ?? facts.shop ?? dispute.merchantName ?? dispute.merchant ?? null,
      amountMinor: facts.amountMinor ?? dispute.amountMinor ?? null,
      currency: facts.currency ?? dispute.currency ?? null,
      date: facts.purchaseDate ?? facts.date ?? dispute.purchaseDate ?? null,
      contacted: facts.contactedMerchant ?? dispute.contactedMerchant ?? null,
    };
  });
}

const tidy = (name: string) => name.toLowerCase().replace(/^[\s"'«»“”„.,:;!?-]+|[\s"'«»“”„.,:;!?-]+$/g, '');

// ---------------------------------------------------------------------------------------------
// Playing one conversation.

interface Outcome {
  id: string;
  language: Language;
  topic: string;
  success: boolean;
  slotsRight: number;
  slotsExpected: number;
  inLanguage: boolean;
  turns: number;
  problems: string[];
  /** Who said what, for --transcript. */
  transcript: string[];
}

async function play(
  base: string,
  db: Db,
  recogniser: Recogniser,
  language: Language,
  conversation: Conversation,
): Promise<Outcome> {
  const problems: string[] = [];
  const locale = conversation.locale ?? `${language === 'no' ? 'nb' : language}-${LANGUAGE_MARKET[language]}`;
  const headers = { 'content-type': 'application/json', 'accept-language': `${locale},${locale.slice(0, 2)};q=0.9` };
  const session = await newSession(base, headers, locale);
  const auth = { ...headers, authorization: `Bearer ${session.token}` };
  let turns = 0;
  const used: Partial<Record<Kind, number>> = {};
  const replies: Reply[] = [];
  /** The bot's answer to the consumer's latest message (it may be several bubbles). */
  let lastAnswer: Reply[] = [];
  const transcript: string[] = [];
  let sameQuestion = 0;
  let lastQuestion: Kind | undefined;

  const send = async (text: string): Promise<Reply[]> => {
    turns += 1;
    transcript.push(`  > ${text}`);
    for (;;) {
      const response = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ type: 'message', text, user: session.user }),
      });
      if (response.status === 429) {
        await sleep(1_000 * Number(response.headers.get('retry-after') ?? 1));
        continue;
      }
      const body = (await response.json()) as Reply[] | { error: { code: string } };
      if (!Array.isArray(body))
        throw new Error(`${conversation.id}: the webhook answered ${response.status} ${JSON.stringify(body)}`);
      // A rate-limited message answered 200 with an error frame (older services): wait and resend.
      const limited = body.find(
        (r) => (r as { channelData?: { error?: { code?: string } } }).channelData?.error?.code === 'rate_limited',
      );
      if (limited) {
        await sleep(1_500);
        continue;
      }
      replies.push(...body);
      for (const reply of body)
        transcript.push(`  < ${reply.text.replace(/\n/g, ' / ')}${reply.expects ? ` [${reply.expects}]` : ''}`);
      lastAnswer = body;
      return body;
    }
  };

  for (const step of conversation.steps) {
    let answer = await send(step);
    while (turns < MAX_TURNS) {
      const last = [...answer].reverse().find((reply) => questionOf(reply, recogniser) !== undefined);
      const kind = last ? questionOf(last, recogniser) : undefined;
      if (!kind) break;
      const list = conversation.answers[kind];
      if (!list) break;
      sameQuestion = kind === lastQuestion ? sameQuestion + 1 : 0;
      lastQuestion = kind;
      if (sameQuestion >= 4) {
        problems.push(`asked for ${kind} ${sameQuestion + 1} times in a row`);
        break;
      }
      const index = used[kind] ?? 0;
      used[kind] = index + 1;
      answer = await send(list[Math.min(index, list.length - 1)]!);
    }
    if (turns >= MAX_TURNS) problems.push(`stuck after ${MAX_TURNS} messages`);
  }

  // Scoring.
  const expect = conversation.expect;
  const cases = await casesOf(db, session.user);
  const last = cases.at(-1);
  let slotsRight = 0;
  let slotsExpected = 0;
  if (expect.case === null && cases.length > 0)
    problems.push(`a case was opened (${last!.intent}) where none should be`);
  if (expect.case) {
    if (!last) problems.push(`no case; expected ${expect.case.intent}`);
    else if (last.intent !== expect.case.intent || last.tier !== expect.case.tier) {
      problems.push(`case ${last.intent}/${last.tier}; expected ${expect.case.intent}/${expect.case.tier}`);
    }
  }
  if (expect.caseCount !== undefined && cases.length !== expect.caseCount)
    problems.push(`${cases.length} cases; expected ${expect.caseCount}`);
  const facts = expect.facts ?? {};
  const zone = MARKET_ZONE[locale.slice(-2).toUpperCase()] ?? 'Europe/Stockholm';
  const checks: [string, boolean][] = [];
  if (facts.shop)
    checks.push(['shop', last?.shop != null && facts.shop.some((name) => tidy(name) === tidy(last.shop!))]);
  if (facts.amount) {
    const [value, currency] = facts.amount.split(' ');
    checks.push([
      'amount',
      last?.amountMinor === parseAmountMinor(value ?? '', currency) && last?.currency === currency,
    ]);
  }
  if (facts.date)
    checks.push([
      'date',
      last?.date != null && acceptedDays(facts.date, dayIn(zone, new Date())).has(String(last.date).slice(0, 10)),
    ]);
  if (facts.contacted !== undefined) checks.push(['contacted', last?.contacted === facts.contacted]);
  for (const [name, right] of checks) {
    slotsExpected += 1;
    if (right) slotsRight += 1;
    else {
      const value =
        name === 'shop'
          ? last?.shop
          : name === 'amount'
            ? `${last?.amountMinor} ${last?.currency}`
            : name === 'date'
              ? last?.date
              : last?.contacted;
      problems.push(`${name}: ${JSON.stringify(value ?? null)}`);
    }
  }
  const keys = replies.flatMap((reply) => recogniser.keysOf(reply.text));
  if (expect.selfService) {
    if (!keys.some((key) => key.startsWith('knowledge:'))) problems.push('no self-service answer');
  }
  if (expect.lastReply) {
    const keysOfLast = lastAnswer.flatMap((reply) => recogniser.keysOf(reply.text));
    if (!keysOfLast.map(lastReplyOfKey).includes(expect.lastReply)) {
      problems.push(
        `last reply is not ${expect.lastReply}: ${keysOfLast.join(',') || (lastAnswer.length ? 'unrecognised' : 'none')}`,
      );
    }
  }
  let inLanguage = true;
  for (const reply of replies) {
    const languages = await recogniser.languagesOf(reply.text);
    if (languages.size > 0 && !languages.has(language) && !languages.has('*')) {
      inLanguage = false;
      problems.push(`a reply in ${[...languages].join('/')}`);
      break;
    }
  }
  const success = problems.filter((p) => !p.startsWith('a reply in')).length === 0;
  return {
    id: conversation.id,
    language,
    topic: conversation.topic,
    success,
    slotsRight,
    slotsExpected,
    inLanguage,
    turns,
    problems,
    transcript,
  };
}

async function newSession(
  base: string,
  headers: Record<string, string>,
  locale: string,
): Promise<{ user: string; token: string }> {
  for (;;) {
    const response = await fetch(`${base}/api/chat/session`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ locale }),
    });
    if (response.status === 201) return (await response.json()) as { user: string; token: string };
    if (response.status === 429) {
      await sleep(1_000 * Number(response.headers.get('retry-after') ?? 2));
      continue;
    }
    const body = await response.text();
    // Older services refuse a session for too many from one address with another status.
    if (body.includes('rate_limited')) {
      await sleep(2_000);
      continue;
    }
    throw new Error(`POST /api/chat/session answered ${response.status}: ${body}`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function pool<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

// ---------------------------------------------------------------------------------------------

/**
 * The sets of conversations, each a folder of `<lang>.json`: `conversations` (the first set, read
 * by the developers since), `fresh` (written later, since read), `fresh2` (written blind on
 * 2026-12-06, issue 15) and `fresh3` (written blind before the next dialog change, issue 15).
 */
const SETS: Record<string, string> = {
  conversations: 'bench/dialog/conversations',
  fresh: 'bench/dialog/fresh',
  fresh2: 'bench/dialog/fresh2',
  fresh3: 'bench/dialog/fresh3',
  fresh4: 'bench/dialog/fresh4',
  fresh5: 'bench/dialog/fresh5',
  fresh6: 'bench/dialog/fresh6',
  fresh7: 'bench/dialog/fresh7',
  fresh8: 'bench/dialog/fresh8',
  fresh9: 'bench/dialog/fresh9',
  fresh10: 'bench/dialog/fresh10',
  fresh11: 'bench/dialog/fresh11',
  fresh12: 'bench/dialog/fresh12',
};
const USAGE =
  'usage: npm run -s eval:dialog -- [--set conversations|fresh|fresh2|fresh3|fresh4|fresh5|fresh6|fresh7|fresh8|fresh9|fresh10|fresh11|fresh12] [--lang sv,no,...] [--verbose [--transcript]] [--file other.json --lang xx] [--check]';

/** The command line, or a one-line usage error and exit code 2 (a mistyped option is not a crash). */
function readArguments() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        set: { type: 'string', default: 'conversations' },
        lang: { type: 'string' },
        file: { type: 'string' },
        verbose: { type: 'boolean', default: false },
        transcript: { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    usageError((error as Error).message);
  }
  if (!Object.hasOwn(SETS, values.set)) usageError(`no set called ${JSON.stringify(values.set)}`);
  const languages = values.lang ? values.lang.split(',').map((l) => l.trim()) : [...LANGUAGES];
  // With --file the file is what is played, and --lang only names its language.
  const unknown = languages.filter((l) => !(LANGUAGES as readonly string[]).includes(l));
  if (unknown.length > 0 && !values.file) usageError(`no language ${unknown.join(', ')}`);
  return { ...values, languages: languages as Language[] };
}

function usageError(reason: string): never {
  process.stderr.write(`eval:dialog: ${reason.split('\n')[0]}; ${USAGE}\n`);
  process.exit(2);
}

/** A set's file, parsed and checked; a broken one ends the run with where it is broken. */
function readSet(file: string): Conversation[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    usageError(`${file}: ${(error as Error).message}`);
  }
  const parsed = z.array(Conversation).safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    usageError(`${file}: at ${first.path.join('.')}: ${first.message} (${parsed.error.issues.length} problems)`);
  }
  return parsed.data;
}

async function main() {
  const values = readArguments();
  const languages = values.languages;
  const sets = languages.map((language) => {
    const file = values.file ?? join(REPO_ROOT, SETS[values.set]!, `${language}.json`);
    return { language, conversations: readSet(file) };
  });
  // --check reads and validates the files without playing them: a new set can be checked by
  // whoever writes it without seeing how the dialog does on it.
  if (values.check) {
    for (const { language, conversations } of sets) {
      const ids = conversations.map((c) => c.id);
      const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
      if (repeated.length > 0) usageError(`${language}: ids used twice: ${repeated.join(', ')}`);
      process.stdout.write(`${language}: ${conversations.length} conversations, valid\n`);
    }
    return;
  }

  const started = await startService();
  const recogniser = new Recogniser();
  const results: Outcome[] = [];
  const t0 = Date.now();
  try {
    const concurrency = Number(process.env.EVAL_CONCURRENCY ?? 4);
    for (const { language, conversations } of sets) {
      const outcomes = await pool(conversations, concurrency, (conversation) =>
        play(started.base, started.db, recogniser, language, conversation),
      );
      results.push(...outcomes);
      process.stderr.write(`${language}: ${outcomes.length} conversations played\n`);
    }
  } catch (error) {
    for (const line of started.errors()) process.stderr.write(`service: ${line}\n`);
    throw error;
  } finally {
    await started.stop();
  }

  const rows = languages.map((language) =>
    summarise(
      language,
      results.filter((r) => r.language === language),
    ),
  );
  const all = summarise('all', results);
  if (values.verbose) {
    for (const result of results.filter((r) => r.problems.length > 0)) {
      process.stdout.write(`${result.id} (${result.topic}): ${result.problems.join('; ')}\n`);
      if (values.transcript) process.stdout.write(`${result.transcript.join('\n')}\n`);
    }
    process.stdout.write('\n');
  }
  const header = '| language | conversations | task success | slot accuracy | every reply in language | turns (mean) |';
  process.stdout.write(`${header}\n| --- | --- | --- | --- | --- | --- |\n`);
  for (const row of [...rows, all]) {
    process.stdout.write(
      `| ${row.language} | ${row.conversations} | ${row.taskSuccess.toFixed(3)} | ${row.slotAccuracy.toFixed(3)} | ${row.inLanguage.toFixed(3)} | ${row.meanTurns.toFixed(1)} |\n`,
    );
  }
  process.stdout.write(`\n(${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
  process.stdout.write(`${JSON.stringify({ languages: Object.fromEntries(rows.map((r) => [r.language, r])), all })}\n`);
}

function summarise(language: string, outcomes: Outcome[]) {
  const expected = outcomes.reduce((sum, o) => sum + o.slotsExpected, 0);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    language,
    conversations: outcomes.length,
    taskSuccess: round(outcomes.filter((o) => o.success).length / Math.max(1, outcomes.length)),
    slotAccuracy: round(expected === 0 ? 1 : outcomes.reduce((sum, o) => sum + o.slotsRight, 0) / expected),
    inLanguage: round(outcomes.filter((o) => o.inLanguage).length / Math.max(1, outcomes.length)),
    meanTurns: round(outcomes.reduce((sum, o) => sum + o.turns, 0) / Math.max(1, outcomes.length)),
  };
}

/**
 * The service on a fresh PostgreSQL database of its own (TEST_DATABASE_URL's server, else the
 * local one), dropped afterwards. Not PGlite: one process may open a PGlite folder, and the scorer
 * reads the cases beside the running service.
 */
async function startService(): Promise<{ base: string; db: Db; errors(): string[]; stop(): Promise<void> }> {
  const { createServerDatabase } = await import('../../test/support/databases.ts');
  const database = await createServerDatabase();
  const service = await startReadyService({ DATABASE_URL: database.url, LOG_LEVEL: 'warn' });
  const db = await openDatabase({ kind: 'postgres', url: database.url }, { poolSize: 4 });
  return {
    base: `http://127.0.0.1:${service.port}`,
    db,
    // The service's own error lines (pino level 50 and up), to show beside a failed run.
    errors: () =>
      service.stdout.filter((line) => {
        try {
          return Number(JSON.parse(line).level) >= 50;
        } catch {
          return false;
        }
      }),
    async stop() {
      await db.close();
      service.child.kill('SIGTERM');
      await service.exited;
      await database.drop();
    },
  };
}

void main().catch((error: unknown) => {
  process.stderr.write(`eval:dialog failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
