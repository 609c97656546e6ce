// `npm run merchants -- add | list | alias | rotate-key | revoke-key | unlinked | link`: the
// merchant registry (docs/merchants.md). Every value is checked before the database is touched;
// each command is one transaction. Exit 2: the call is wrong (usage, a value that fails its
// check); exit 1: the registry refuses it (no such merchant, case or key; a name another merchant
// has). Reads DATABASE_URL, or the PGlite folder DATA_DIR (which must not be open in a running
// service).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  addMerchant,
  addMerchantName,
  findMerchant,
  hasUnlinkedDisputeNamed,
  linkDisputeOfCase,
  listMerchants,
  MERCHANT_LANGUAGES,
  MerchantNameError,
  revokeApiKey,
  rotateApiKey,
  unlinkedDisputes,
  type Db,
  type Merchant,
  type MerchantName,
  type Queryable,
} from '../index.ts';
import { jsonLine, printLine } from './printable.ts';
import { runCli, UsageError } from './run.ts';
import { printTable } from './table.ts';

const USAGE = `usage: npm run merchants -- <command> [options]
  add --name NAME [--alias NAME ...] [--domain DOMAIN ...] [--email ADDRESS]
      [--language sv|no|da|fi|de|en] [--webhook-url URL] [--json]
                                    register a merchant; prints its id, its API key and its webhook
                                    secret (the key is shown this once)
  list [--json]                     every merchant with its names and key prefixes
  alias ID NAME ... [--domain DOMAIN ...] [--json]
                                    more names or web domains for merchant ID
  rotate-key ID [--json]            a new API key for merchant ID; its old keys stop working
  revoke-key ID KEY_PREFIX          revoke one key (omk_ and 8 letters or digits, as list shows it)
  unlinked [--limit N] [--json]     disputes whose shop matches no merchant, oldest first
  link CASE_REF|NAME ID [--json]    a case's dispute, or every unlinked dispute with that shop
                                    name (which becomes a name of the merchant), goes to merchant ID`;

/** The registry refused: its message to stderr, exit code 1. */
class Refused extends Error {}

const CONTROL = /[\p{Cc}\p{Cf}]/u;
const Name = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(200, { message: 'must be at most 200 characters' })
  .refine((text) => !CONTROL.test(text), { message: 'must not hold control characters' });
const Email = z
  .string()
  .trim()
  .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { message: 'must be an e-mail address like disputes@shop.example' })
  .max(254);
const Language = z.enum(MERCHANT_LANGUAGES, { message: `must be one of ${MERCHANT_LANGUAGES.join(', ')}` });
// The merchant's webhooks carry disputes: https, or plain http only to this machine (a test stand-in).
const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (text) => {
      try {
        const url = new URL(text);
        if (url.username || url.password) return false;
        return (
          url.protocol === 'https:' ||
          (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))
        );
      } catch {
        return false;
      }
    },
    { message: 'must be an https:// address without a user or password (http:// only to localhost)' },
  );
const CaseRef = /^OMB-[A-Z0-9-]{4,40}$/i;

function checked<T>(schema: z.ZodType<T>, value: string, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${what} ${JSON.stringify(value)} ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

function merchantId(text: string | undefined, command: string): number {
  if (text === undefined) throw new UsageError(`${command} needs a merchant ID, as npm run merchants -- list shows it`);
  if (!/^[1-9]\d{0,15}$/.test(text))
    throw new UsageError(`${command}: ${JSON.stringify(text)} is not a merchant ID (a whole number, as list shows it)`);
  return Number(text);
}

async function existing(q: Queryable, id: number): Promise<Merchant> {
  const merchant = await findMerchant(q, id);
  if (!merchant) throw new Refused(`no merchant ${id} (npm run merchants -- list shows them)`);
  return merchant;
}

/** Runs `work` in one transaction; a name another merchant has is the registry's refusal. */
async function inTransaction<T>(db: Db, work: (tx: Queryable) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(work);
  } catch (error) {
    if (error instanceof MerchantNameError)
      throw error.code === 'name_taken'
        ? new Refused(`${error.message}; nothing changed`)
        : new UsageError(error.message);
    throw error;
  }
}

const namesOf = (merchant: Merchant) =>
  merchant.names.map((n) => (n.kind === 'domain' ? `${n.name} (domain)` : n.name)).join(', ');

function printKey(key: string) {
  printLine(`API key: ${key}`);
  printLine(
    'This key is shown only now and will not be shown again: give it to the merchant, who sends it as "Authorization: Bearer <key>".',
  );
}

async function add(db: Db, args: string[], now: Date) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      alias: { type: 'string', multiple: true },
      domain: { type: 'string', multiple: true },
      email: { type: 'string' },
      language: { type: 'string' },
      'webhook-url': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length > 0)
    throw new UsageError(
      `add takes options only; unexpected ${JSON.stringify(positionals[0])} (a name with spaces goes in quotes)`,
    );
  if (values.name === undefined) throw new UsageError('add needs --name NAME, the name the merchant is shown by');
  const input = {
    name: checked(Name, values.name, '--name'),
    aliases: (values.alias ?? []).map((alias) => checked(Name, alias, '--alias')),
    domains: (values.domain ?? []).map((domain) => checked(Name, domain, '--domain')),
    contactEmail: values.email === undefined ? null : checked(Email, values.email, '--email'),
    language: values.language === undefined ? undefined : checked(Language, values.language, '--language'),
    webhookUrl:
      values['webhook-url'] === undefined ? null : checked(WebhookUrl, values['webhook-url'], '--webhook-url'),
  };
  const created = await inTransaction(db, (tx) => addMerchant(tx, input, now));
  if (values.json) {
    process.stdout.write(jsonLine({ ...created, notice: 'the API key is shown only now and will not be shown again' }));
    return;
  }
  const { merchant } = created;
  printLine(`merchant ${merchant.id} added: ${namesOf(merchant)}`);
  printKey(created.apiKey);
  printLine(`Webhook secret: ${created.webhookSecret}`);
  printLine('The merchant checks its webhooks with this secret; give it to them with the key.');
  if (created.linkedDisputes > 0)
    printLine(`${created.linkedDisputes} dispute(s) waiting for a merchant are now merchant ${merchant.id}'s`);
}

async function list(db: Db, args: string[]) {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const merchants = await listMerchants(db);
  if (values.json) return void process.stdout.write(jsonLine(merchants));
  if (merchants.length === 0) return printLine('no merchants registered (npm run merchants -- add --name NAME)');
  printTable(
    ['id', 'name', 'also known as', 'language', 'e-mail', 'webhook', 'API keys in use'],
    merchants.map((m) => [
      m.id,
      m.name,
      m.names
        .slice(1)
        .map((n) => n.name)
        .join(', ') || '-',
      m.language,
      m.contactEmail ?? '-',
      m.webhookUrl ?? '-',
      m.apiKeys
        .filter((k) => k.revokedAt === null)
        .map((k) => k.prefix)
        .join(', ') || 'none',
    ]),
  );
}

async function alias(db: Db, args: string[], now: Date) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { domain: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  });
  const id = merchantId(positionals[0], 'alias');
  const names: MerchantName[] = [
    ...positionals.slice(1).map((name) => ({ name: checked(Name, name, 'name'), kind: 'alias' as const })),
    ...(values.domain ?? []).map((name) => ({ name: checked(Name, name, '--domain'), kind: 'domain' as const })),
  ];
  if (names.length === 0) throw new UsageError('alias needs a merchant ID and at least one NAME or --domain DOMAIN');
  const { merchant, linked } = await inTransaction(db, async (tx) => {
    await existing(tx, id);
    let linked = 0;
    for (const name of names) linked += (await addMerchantName(tx, id, name, now)).linkedDisputes;
    return { merchant: (await findMerchant(tx, id))!, linked };
  });
  if (values.json) return void process.stdout.write(jsonLine({ merchant, linkedDisputes: linked }));
  printLine(`merchant ${merchant.id} ${merchant.name} goes by: ${namesOf(merchant)}`);
  if (linked > 0) printLine(`${linked} dispute(s) waiting for a merchant are now merchant ${merchant.id}'s`);
}

async function rotateKey(db: Db, args: string[], now: Date) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const id = merchantId(positionals[0], 'rotate-key');
  if (positionals.length > 1) throw new UsageError('rotate-key takes one merchant ID');
  const rotated = await inTransaction(db, async (tx) => {
    await existing(tx, id);
    return rotateApiKey(tx, id, now);
  });
  if (values.json) {
    process.stdout.write(
      jsonLine({ merchantId: id, ...rotated, notice: 'the API key is shown only now and will not be shown again' }),
    );
    return;
  }
  printLine(
    `merchant ${id}: new key; ${rotated.revoked.length ? `revoked ${rotated.revoked.join(', ')}` : 'it had no key in use'}`,
  );
  printKey(rotated.apiKey);
}

async function revokeKey(db: Db, args: string[], now: Date) {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const id = merchantId(positionals[0], 'revoke-key');
  const prefix = positionals[1];
  if (prefix === undefined || positionals.length > 2)
    throw new UsageError('revoke-key needs a merchant ID and one KEY_PREFIX, as list shows it');
  if (!/^omk_[a-z0-9]{8}$/.test(prefix))
    throw new UsageError(
      `${JSON.stringify(prefix)} is not a key prefix (omk_ and 8 letters or digits, as list shows it)`,
    );
  const result = await inTransaction(db, async (tx) => {
    await existing(tx, id);
    return revokeApiKey(tx, id, prefix, now);
  });
  if (result === 'unknown') throw new Refused(`merchant ${id} has no key ${prefix}`);
  printLine(
    result === 'revoked'
      ? `key ${prefix} of merchant ${id} revoked`
      : `key ${prefix} of merchant ${id} was already revoked`,
  );
}

async function unlinked(db: Db, args: string[]) {
  const { values } = parseArgs({ args, options: { limit: { type: 'string' }, json: { type: 'boolean' } } });
  const limit = values.limit ? Number(values.limit) : 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw new UsageError('--limit must be a whole number from 1 to 10000');
  const disputes = await unlinkedDisputes(db, { limit });
  if (values.json) return void process.stdout.write(jsonLine(disputes));
  if (disputes.length === 0) return printLine('no unlinked disputes: every dispute has its merchant');
  printTable(
    ['case', 'shop as given', 'kind', 'opened', 'closed'],
    disputes.map((d) => [
      d.caseRef,
      d.merchantName ?? '(no name given)',
      d.kind,
      d.openedAt.toISOString().slice(0, 10),
      d.closedAt ? d.closedAt.toISOString().slice(0, 10) : '-',
    ]),
  );
  printLine(
    '\nlink one: npm run merchants -- link CASE_REF ID; link a name for good: npm run merchants -- link NAME ID',
  );
}

async function link(db: Db, args: string[], now: Date) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const target = positionals[0];
  if (target === undefined || positionals.length !== 2)
    throw new UsageError('link needs a CASE_REF or a shop NAME, then a merchant ID');
  const id = merchantId(positionals[1], 'link');
  const caseRef = CaseRef.test(target.trim()) ? target.trim().toUpperCase() : undefined;
  const name = caseRef ? undefined : checked(Name, target, 'name');
  const result = await inTransaction(db, async (tx) => {
    const merchant = await existing(tx, id);
    if (caseRef !== undefined) {
      const linked = await linkDisputeOfCase(tx, caseRef, id, now);
      if (!linked.found) throw new Refused(`no dispute on case ${caseRef}`);
      return { merchant, caseRef, previous: linked.previous, linkedDisputes: linked.previous === id ? 0 : 1 };
    }
    if (name === undefined || !(await hasUnlinkedDisputeNamed(tx, name))) {
      throw new Refused(
        `no unlinked dispute names the shop ${JSON.stringify(name)} (npm run merchants -- unlinked lists them; add a name ahead of time with alias)`,
      );
    }
    const { linkedDisputes } = await addMerchantName(tx, id, { name, kind: 'alias' }, now);
    return { merchant, name, previous: null, linkedDisputes };
  });
  if (values.json) {
    const { merchant, ...rest } = result;
    return void process.stdout.write(jsonLine({ merchantId: merchant.id, ...rest }));
  }
  if ('caseRef' in result) {
    const from =
      result.previous === null
        ? ''
        : result.previous === id
          ? ' (it already was)'
          : ` (was merchant ${result.previous})`;
    printLine(`the dispute of ${result.caseRef} is merchant ${id} ${result.merchant.name}'s${from}`);
  } else {
    printLine(
      `"${result.name}" is now a name of merchant ${id} ${result.merchant.name}: ${result.linkedDisputes} dispute(s) moved under it, and new ones with that name go there at once`,
    );
  }
}

await runCli('ombud merchants', USAGE, {
  add: (db, args) => add(db, args, new Date()),
  list: (db, args) => list(db, args),
  alias: (db, args) => alias(db, args, new Date()),
  'rotate-key': (db, args) => rotateKey(db, args, new Date()),
  'revoke-key': (db, args) => revokeKey(db, args, new Date()),
  unlinked: (db, args) => unlinked(db, args),
  link: (db, args) => link(db, args, new Date()),
});
