// `npm run purchases -- import FILE.jsonl | list --consumer ID`: the purchases table, the purchase
// directory's source when PURCHASES_URL is not set (docs/purchases.md). Reads DATABASE_URL, or the
// PGlite folder DATA_DIR (which must not be open in a running service).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import {
  PurchaseLine,
  PurchaseOwnerError,
  purchasesOf,
  upsertPurchases,
  type Db,
  type ImportCounts,
} from '../index.ts';
import { jsonLine, printLine } from './printable.ts';
import { InputError, runCli, UsageError } from './run.ts';
import { printTable } from './table.ts';

const USAGE = `usage: npm run purchases -- <command> [options]
  import FILE.jsonl [--json]                                 add or update purchases, one JSON object a line
                                                             (id, consumerId, merchant, amountMinor, currency,
                                                             purchaseDate, orderNumber, invoiceId, invoiceState,
                                                             dueDate); a file with a wrong line writes nothing
  list --consumer ID [--since YYYY-MM-DD] [--limit N] [--json]
                                                             a consumer's purchases (ID: the identity token's sub)`;

/** Wrong lines named in full; past that, counted. */
const SHOWN_ERRORS = 20;
/** Purchases written per statement. */
const BATCH = 500;

function describeIssue(issue: z.core.$ZodIssue, line: unknown): string {
  const field = issue.path.join('.');
  if (issue.code === 'unrecognized_keys')
    return `unknown field ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
  if (issue.path.length === 1 && typeof line === 'object' && line !== null && !Object.hasOwn(line, issue.path[0]!))
    return `${field} is missing`;
  return field ? `${field}: ${issue.message}` : issue.message;
}

/** Every line of `file` read and checked; throws InputError naming each wrong line. */
async function readPurchaseLines(file: string): Promise<{ lines: PurchaseLine[]; lineOf: Map<string, number> }> {
  const lines: PurchaseLine[] = [];
  const lineOf = new Map<string, number>();
  const errors: string[] = [];
  let number = 0;
  const input = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    throw new InputError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    number++;
    if (!text.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      errors.push(`line ${number}: not a JSON object`);
      continue;
    }
    const parsed = PurchaseLine.safeParse(json);
    if (!parsed.success) {
      errors.push(`line ${number}: ${parsed.error.issues.map((issue) => describeIssue(issue, json)).join('; ')}`);
      continue;
    }
    const earlier = lineOf.get(parsed.data.id);
    if (earlier !== undefined) {
      errors.push(`line ${number}: purchase ${parsed.data.id} is also on line ${earlier}`);
      continue;
    }
    lineOf.set(parsed.data.id, number);
    lines.push(parsed.data);
  }
  if (errors.length > 0) {
    const more = errors.length > SHOWN_ERRORS ? [`... and ${errors.length - SHOWN_ERRORS} more wrong lines`] : [];
    const wrong = errors.length === 1 ? '1 wrong line' : `${errors.length} wrong lines`;
    throw new InputError([`${file}: ${wrong}, nothing imported`, ...errors.slice(0, SHOWN_ERRORS), ...more].join('\n'));
  }
  return { lines, lineOf };
}

async function importFile(db: Db, args: string[], now: Date) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const file = positionals[0];
  if (!file || positionals.length > 1)
    throw new UsageError('import needs one file, e.g. npm run purchases -- import db/demo/purchases.jsonl');
  const { lines, lineOf } = await readPurchaseLines(file);
  let counts: ImportCounts;
  try {
    // One transaction: a file is imported whole or not at all.
    counts = await db.transaction(async (tx) => {
      const total: ImportCounts = { added: 0, changed: 0, unchanged: 0 };
      for (let start = 0; start < lines.length; start += BATCH) {
        const batch = await upsertPurchases(tx, lines.slice(start, start + BATCH), now);
        total.added += batch.added;
        total.changed += batch.changed;
        total.unchanged += batch.unchanged;
      }
      return total;
    });
  } catch (error) {
    if (!(error instanceof PurchaseOwnerError)) throw error;
    throw new InputError(`${file}: line ${lineOf.get(error.purchaseId)}: ${error.message}; nothing imported`);
  }
  if (values.json) process.stdout.write(jsonLine({ purchases: lines.length, ...counts }));
  else
    printLine(
      `imported ${lines.length} purchases: ${counts.added} new, ${counts.changed} changed, ${counts.unchanged} unchanged`,
    );
}

/** "2,490.00 SEK": the currency's own number of decimals, plain spaces (the table aligns by characters). */
function money(amountMinor: number, currency: string): string {
  const digits =
    new Intl.NumberFormat('en-GB', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const amount = new Intl.NumberFormat('en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amountMinor / 10 ** digits);
  return `${amount} ${currency}`;
}

async function list(db: Db, args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      consumer: { type: 'string' },
      since: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (!values.consumer)
    throw new UsageError("list needs --consumer ID (the consumer as the company knows them: the identity token's sub)");
  if (values.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.since))
    throw new UsageError('--since must be a day written YYYY-MM-DD');
  const limit = values.limit ? Number(values.limit) : 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw new UsageError('--limit must be a whole number from 1 to 10000');
  const purchases = await purchasesOf(db, values.consumer, { since: values.since ?? '0001-01-01', limit });
  if (values.json) process.stdout.write(jsonLine(purchases));
  else if (purchases.length === 0) printLine(`no purchases of ${values.consumer}`);
  else
    printTable(
      ['id', 'bought', 'merchant', 'amount', 'order', 'invoice', 'state', 'due'],
      purchases.map((p) => [
        p.id,
        p.purchaseDate,
        p.merchant,
        money(p.amountMinor, p.currency),
        p.orderNumber ?? '-',
        p.invoiceId ?? '-',
        p.invoiceState,
        p.dueDate ?? '-',
      ]),
    );
}

await runCli('ombud purchases', USAGE, {
  import: (db, args) => importFile(db, args, new Date()),
  list: (db, args) => list(db, args),
});
