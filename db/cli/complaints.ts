// `npm run complaints -- add | list | answer`: the complaints register (docs/domain.md,
// "Complaints"): complaints that came by letter, e-mail, phone or through an authority, each
// registered once, answered once. The summary is masked before it is kept. Exit 2: the call or a
// value is wrong; exit 1: the register refuses it (no such case or complaint, answered already).
// Reads DATABASE_URL, or the PGlite folder DATA_DIR (not open in a running service).
import { parseArgs } from 'node:util';
import { INTENTS } from '../../intents/labels.ts';
import { redact } from '../../intents/redact.ts';
import {
  AUTHORITIES,
  AUTHORITY_KEYS,
  COMPLAINT_CHANNELS,
  type AuthorityKey,
  type ComplaintChannel,
  endOfDayIn,
  marketTimeZone,
} from '../../routing/index.ts';
import {
  closeComplaint,
  ComplaintError,
  fileComplaint,
  listComplaints,
  notifyInTransaction,
  type Complaint,
  type DecisionContext,
  type Db,
} from '../index.ts';
import { jsonLine, printLine } from './printable.ts';
import { runCli, UsageError } from './run.ts';
import { printTable } from './table.ts';

const USAGE = `usage: npm run complaints -- <command> [options]
  add --channel ${COMPLAINT_CHANNELS.join('|')} --summary TEXT [--case REF] [--intent INTENT]
      [--authority KEY] [--market SE] [--received YYYY-MM-DD] [--due YYYY-MM-DD] [--by NAME] [--json]
                          register a complaint (the summary is masked; without --case, --intent
                          says what it is about; --due is the authority's or letter's own deadline)
  list [--open] [--json]  the register, the nearest answer date first
  answer ID --outcome TEXT [--json]
                          record how complaint ID was answered (once)
authorities: ${AUTHORITY_KEYS.join(', ')}`;

/** A complaint about a case goes on the case's record: a running service's cards hear of it. */
const context = (db: Db): DecisionContext => ({ db, signal: notifyInTransaction() });

/** A calendar day as typed, checked: YYYY-MM-DD and a real day. */
function dayText(value: string, what: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || new Date(`${value}T12:00:00Z`).toISOString().slice(0, 10) !== value)
    throw new UsageError(`${what} must be a date YYYY-MM-DD`);
  return value;
}

const day = (value: string | undefined, what: string): Date | undefined =>
  value === undefined ? undefined : new Date(`${dayText(value, what)}T12:00:00Z`);

function words(value: string | undefined, what: string, max: number): string {
  const text = (value ?? '').trim();
  if (!text) throw new UsageError(`${what} is required`);
  if (text.length > max) throw new UsageError(`${what} must be at most ${max} characters`);
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text))
    throw new UsageError(`${what} must not hold control characters`);
  return text;
}

function print(complaints: Complaint[]) {
  if (complaints.length === 0) return printLine('no complaints');
  printTable(
    ['id', 'case', 'channel', 'market', 'about', 'received', 'answer by', 'answered', 'summary'],
    complaints.map((k) => [
      k.id,
      k.caseRef ?? '-',
      k.authority ? `${k.channel}: ${k.authority}` : k.channel,
      k.market,
      k.intent,
      k.receivedAt.toISOString().slice(0, 10),
      k.answerDueAt.toISOString().slice(0, 10),
      k.answeredAt ? k.answeredAt.toISOString().slice(0, 10) : k.answerDueAt.getTime() < Date.now() ? 'OVERDUE' : '-',
      k.summary.length > 60 ? `${k.summary.slice(0, 59)}…` : k.summary,
    ]),
  );
}

async function add(db: Db, args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      channel: { type: 'string' },
      summary: { type: 'string' },
      case: { type: 'string' },
      intent: { type: 'string' },
      authority: { type: 'string' },
      market: { type: 'string' },
      received: { type: 'string' },
      due: { type: 'string' },
      by: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const channel = values.channel as ComplaintChannel | undefined;
  if (!channel || !COMPLAINT_CHANNELS.includes(channel))
    throw new UsageError(`--channel must be one of ${COMPLAINT_CHANNELS.join(', ')}`);
  const authority = values.authority as AuthorityKey | undefined;
  if (authority !== undefined && !Object.hasOwn(AUTHORITIES, authority))
    throw new UsageError(`--authority must be one of ${AUTHORITY_KEYS.join(', ')}`);
  if ((channel === 'authority') !== (authority !== undefined))
    throw new UsageError('--authority goes with --channel authority, and that channel needs it');
  if (values.intent !== undefined && !(INTENTS as readonly string[]).includes(values.intent))
    throw new UsageError(`--intent must be one of ${INTENTS.join(', ')}`);
  if (values.case !== undefined && !/^[A-Za-z0-9-]{1,64}$/.test(values.case))
    throw new UsageError('--case must be a case reference such as OMB-7K3F9QX2');
  const summary = redact(words(values.summary, '--summary', 4_000));
  if (summary.length > 4_000)
    throw new UsageError('--summary must be at most 4000 characters once personal data is masked');
  const now = new Date();
  const receivedAt = day(values.received, '--received') ?? now;
  try {
    const complaint = await fileComplaint(context(db), {
      channel,
      ...(authority ? { authority } : {}),
      ...(values.market ? { market: values.market.toUpperCase() } : {}),
      ...(values.case ? { caseRef: values.case } : {}),
      ...(values.intent ? { intent: values.intent } : {}),
      summary,
      receivedAt,
      // A date of its own is answered by the end of that day in the complaint's market.
      ...(values.due
        ? {
            answerDueAt: endOfDayIn(
              dayText(values.due, '--due'),
              marketTimeZone(authority ? AUTHORITIES[authority].market : values.market?.toUpperCase()),
            ),
          }
        : {}),
      registeredBy: values.by ? words(values.by, '--by', 200) : 'cli',
      now,
    });
    if (values.json) process.stdout.write(jsonLine(complaint));
    else
      printLine(
        `registered complaint ${complaint.id}${complaint.caseRef ? ` on case ${complaint.caseRef}` : ''}; answer by ${complaint.answerDueAt.toISOString().slice(0, 10)}`,
      );
  } catch (error) {
    if (error instanceof ComplaintError) {
      process.stderr.write(`ombud complaints: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

async function list(db: Db, args: string[]) {
  const { values } = parseArgs({ args, options: { open: { type: 'boolean' }, json: { type: 'boolean' } } });
  const complaints = await listComplaints(db, { open: values.open ?? false });
  if (values.json) process.stdout.write(jsonLine({ complaints }));
  else print(complaints);
}

async function answer(db: Db, args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { outcome: { type: 'string' }, json: { type: 'boolean' } },
  });
  const id = Number(positionals[0]);
  if (positionals.length !== 1 || !Number.isSafeInteger(id) || id <= 0)
    throw new UsageError('answer takes one complaint id');
  const outcome = redact(words(values.outcome, '--outcome', 2_000));
  try {
    const complaint = await closeComplaint(context(db), { id, outcome, at: new Date() });
    if (values.json) process.stdout.write(jsonLine(complaint));
    else printLine(`complaint ${id} answered`);
  } catch (error) {
    if (error instanceof ComplaintError) {
      process.stderr.write(`ombud complaints: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

await runCli('ombud complaints', USAGE, { add, list, answer });
