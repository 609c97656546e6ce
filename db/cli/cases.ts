// `npm run cases -- list | show REF | queues | merchants | outbox`, each with --json.
// Reads DATABASE_URL, or the PGlite folder DATA_DIR (which must not be open in a running service).
import { parseArgs } from 'node:util';
import { redact } from '../../intents/redact.ts';
import { serviceLevelState, sortForQueue, TIERS, STATUSES, type Case } from '../../routing/index.ts';
import { readPurchaseCounts } from './purchase-counts.ts';
import { jsonLine, printable, printLine } from './printable.ts';
import { runCli, UsageError } from './run.ts';
import { printTable } from './table.ts';
import {
  caseEvents,
  failingDeliveries,
  findCaseByRef,
  listCases,
  merchantDisputeRates,
  outboxFigures,
  pendingTimers,
  caseDescription,
  queueViews,
  retryStoppedEvent,
  type Db,
} from '../index.ts';

const USAGE = `usage: npm run cases -- <command> [options]
  list [--tier TIER] [--status STATUS] [--limit N] [--json]   open cases, near or past breach first
  show REF [--json]                                           one case with its history and timers
  queues [--json]                                             depth and oldest wait per tier
  merchants [--days N] [--purchases FILE.csv] [--json]        dispute rate per merchant (1.5 % flag);
                                                              FILE.csv lines: merchant,purchases
  outbox [--limit N] [--json]                                 outgoing events not delivered, and the failing ones
                                                              with their last error
  outbox retry EVENT_ID                                       send a stopped event again (same id and body)`;

function waited(since: Date | null, now: Date): string {
  if (!since) return '-';
  const minutes = Math.max(0, Math.round((now.getTime() - since.getTime()) / 60_000));
  return minutes < 120
    ? `${minutes} min`
    : minutes < 2880
      ? `${Math.round(minutes / 60)} h`
      : `${Math.round(minutes / 1440)} d`;
}

function slaLabel(kase: Case, now: Date): string {
  const state = serviceLevelState(kase, now);
  if (state.urgency === 0) return 'BREACHED';
  if (state.urgency === 1) return 'near breach';
  return state.firstResponse === 'met' ? 'responded' : 'ok';
}

function print(json: boolean, value: unknown, human: () => void) {
  if (json) process.stdout.write(jsonLine(value));
  else human();
}

async function list(db: Db, args: string[], now: Date) {
  const { values } = parseArgs({
    args,
    options: {
      tier: { type: 'string' },
      status: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (values.tier && !(TIERS as readonly string[]).includes(values.tier))
    throw new UsageError(`--tier must be one of ${TIERS.join(', ')}`);
  if (values.status && !(STATUSES as readonly string[]).includes(values.status))
    throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
  const limit = values.limit ? Number(values.limit) : 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw new UsageError('--limit must be a whole number from 1 to 10000');
  const stored = await listCases(db, { tier: values.tier, status: values.status, limit });
  const open = values.status
    ? stored.map((s) => s.case)
    : stored.map((s) => s.case).filter((c) => c.status !== 'resolved');
  const ordered = sortForQueue(open, now);
  print(
    Boolean(values.json),
    ordered.map((c) => ({ ...c, serviceLevel: serviceLevelState(c, now) })),
    () => {
      if (ordered.length === 0) return printLine('no cases');
      printTable(
        ['ref', 'tier', 'status', 'intent', 'prio', 'assignee', 'waiting', 'service level'],
        ordered.map((c) => [
          c.ref,
          c.tier,
          c.status,
          c.intent,
          c.priority,
          c.assignee ?? '-',
          waited(c.queuedAt ?? c.openedAt, now),
          slaLabel(c, now),
        ]),
      );
    },
  );
}

const minute = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** 499.00 SEK style, in the case's currency; the minor units as they are when none is known. */
function money(amountMinor: number | null, currency: string | null): string {
  if (amountMinor === null) return 'amount not given';
  if (!currency) return `${amountMinor} minor units (currency not known)`;
  return `${(amountMinor / 100).toFixed(2)} ${currency}`;
}

/** Where the merchant's window stands: open (with the days left), answered, or closed. */
function disputeWindow(d: NonNullable<Case['dispute']>, now: Date): string {
  if (d.kind !== 'merchant_disagreement') return 'no merchant window (an unrecognised purchase goes to investigation)';
  const answered = d.merchantAnswer
    ? `merchant ${d.merchantAnswer}${d.merchantAnsweredAt ? ` ${minute(d.merchantAnsweredAt)}` : ''}`
    : 'merchant has not answered';
  if (!d.windowEndsAt) return answered;
  const msLeft = d.windowEndsAt.getTime() - now.getTime();
  const left = d.closedAt
    ? `closed ${minute(d.closedAt)}`
    : msLeft > 0
      ? `${Math.ceil(msLeft / 86_400_000)} days left`
      : d.escalatedAt
        ? `escalated ${minute(d.escalatedAt)}`
        : 'ended';
  return `window ends ${minute(d.windowEndsAt)} (${left}); ${answered}`;
}

async function show(db: Db, args: string[], now: Date) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const ref = positionals[0];
  if (!ref) throw new UsageError('show needs a case reference, e.g. npm run cases -- show OMB-7K3F9QX2');
  const stored = await findCaseByRef(db, ref);
  if (!stored) {
    process.stderr.write(`${printable(`no case ${ref}`)}\n`);
    process.exitCode = 1;
    return;
  }
  const events = await caseEvents(db, stored.id);
  const timers = await pendingTimers(db, stored.id);
  const told = await caseDescription(db, stored.case);
  // Masked when stored; masked again on the way out, and on one line.
  const description = told && redact(told).replace(/\s+/g, ' ').trim();
  print(Boolean(values.json), { case: stored.case, version: stored.version, description, events, timers }, () => {
    const c = stored.case;
    printLine(`${c.ref}  ${c.intent}  ${c.tier} / ${c.status}  priority ${c.priority}  ${slaLabel(c, now)}`);
    printLine(
      `consumer ${c.consumerId}  language ${c.language}  assignee ${c.assignee ?? '-'}  invoice ${c.invoiceState}  outcome ${c.outcome ?? '-'}`,
    );
    printLine(
      `opened ${minute(c.openedAt)}  order ${c.orderNumber ?? '-'}  purchase ${c.purchaseId ?? '-'}${c.technicalFault ? '  technical fault suspected' : ''}`,
    );
    printLine(`about: ${description ?? '- (no message from the consumer on this case)'}`);
    const d = c.dispute;
    if (d) {
      const facts = [
        d.kind,
        `merchant ${d.merchantName ?? 'not given yet'}`,
        money(d.amountMinor, d.currency),
        `bought ${d.purchaseDate ?? 'on a day not given'}`,
        ...(d.kind === 'merchant_disagreement'
          ? [`reason ${d.refundReason?.replace('_', ' ') ?? 'not told yet'}`]
          : []),
        `shop contacted ${d.contactedMerchant === null ? 'not asked' : d.contactedMerchant ? 'yes' : 'no'}`,
      ];
      printLine(`dispute: ${facts.join(', ')}`);
      printLine(`  ${disputeWindow(d, now)}; fee ${d.disputeFeeCharged ? 'charged' : 'no'}`);
    }
    if (c.finalStatementText)
      printLine(
        `final statement (${c.finalStatementBy}, ${c.finalStatementAt?.toISOString()}): ${c.finalStatementText}`,
      );
    printLine('\nhistory:');
    printTable(
      ['at', 'event', 'actor', 'reason'],
      events.map((e) => [new Date(e.at).toISOString(), e.type, e.actor, e.reason ?? '']),
    );
    if (timers.length) {
      printLine('\ntimers:');
      printTable(
        ['kind', 'due'],
        timers.map((t) => [t.kind, t.dueAt.toISOString()]),
      );
    }
  });
}

async function queues(db: Db, args: string[], now: Date) {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const views = await queueViews({ db }, now);
  print(Boolean(values.json), views, () =>
    printTable(
      ['tier', 'queued', 'oldest wait', 'breached', 'near breach', 'assigned', 'awaiting'],
      views.map((v) => [
        v.tier,
        v.depth,
        v.depth ? waited(new Date(now.getTime() - v.oldestWaitSeconds * 1000), now) : '-',
        v.breached,
        v.nearBreach,
        v.assigned,
        v.awaiting,
      ]),
    ),
  );
}

async function merchants(db: Db, args: string[], now: Date) {
  const { values } = parseArgs({
    args,
    options: { days: { type: 'string' }, purchases: { type: 'string' }, json: { type: 'boolean' } },
  });
  const days = values.days ? Number(values.days) : 90;
  if (!Number.isInteger(days) || days < 1) throw new UsageError('--days must be a whole number of days');
  const rows = await merchantDisputeRates(db, {
    from: new Date(now.getTime() - days * 86_400_000),
    to: now,
    purchases: values.purchases
      ? readPurchaseCounts(values.purchases, (message) => new UsageError(message))
      : undefined,
  });
  print(Boolean(values.json), rows, () => {
    if (rows.length === 0) return printLine(`no merchant disputes in the last ${days} days`);
    printTable(
      ['merchant', 'disputes', 'escalated', 'purchases', 'rate', 'over 1.5 %'],
      rows.map((r) => [
        r.merchant,
        r.disputes,
        r.escalated,
        r.purchases ?? '?',
        r.rate === null ? '?' : `${(r.rate * 100).toFixed(2)} %`,
        r.flagged ? 'YES' : '',
      ]),
    );
    if (!values.purchases)
      printLine('\n(rates need purchase counts: --purchases FILE.csv with lines merchant,purchases)');
  });
}

async function outbox(db: Db, args: string[], now: Date) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { limit: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (positionals[0] === 'retry') {
    const id = positionals[1];
    if (!id || positionals.length > 2)
      throw new UsageError('outbox retry needs one event id, as `npm run cases -- outbox` lists it');
    if (!(await retryStoppedEvent(db, id, now))) {
      process.stderr.write(
        `${printable(`no stopped event ${id}: only an event the receiver refused can be retried`)}\n`,
      );
      process.exitCode = 1;
      return;
    }
    print(Boolean(values.json), { id, retried: true }, () =>
      printLine(`event ${id} is due again; a running service sends it within seconds`),
    );
    return;
  }
  if (positionals.length > 0) throw new UsageError(`unknown outbox command ${positionals[0]}`);
  const limit = values.limit ? Number(values.limit) : 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw new UsageError('--limit must be a whole number from 1 to 10000');
  const [destinations, failing] = await Promise.all([outboxFigures(db, now), failingDeliveries(db, { limit })]);
  print(Boolean(values.json), { destinations, failing }, () => {
    printTable(
      ['destination', 'undelivered', 'retrying', 'stopped', 'oldest'],
      destinations.map((d) => [
        d.destination,
        d.pending,
        d.retrying,
        d.stopped,
        d.pending ? waited(new Date(now.getTime() - d.oldestSeconds * 1000), now) : '-',
      ]),
    );
    if (failing.length === 0) return printLine('\nno failing deliveries');
    printLine('\nfailing deliveries (stopped ones are sent again by `outbox retry EVENT_ID`):');
    printTable(
      ['event', 'type', 'case', 'to', 'tries', 'state', 'last try', 'last error'],
      failing.map((f) => [
        f.id,
        f.type,
        f.caseRef ?? '-',
        f.destination,
        f.attempts,
        f.stoppedAt ? 'STOPPED' : `retry ${f.nextAttemptAt!.toISOString()}`,
        f.lastAttemptAt?.toISOString() ?? '-',
        f.lastError,
      ]),
    );
  });
}

const now = () => new Date();
await runCli('ombud cases', USAGE, {
  list: (db, args) => list(db, args, now()),
  show: (db, args) => show(db, args, now()),
  queues: (db, args) => queues(db, args, now()),
  merchants: (db, args) => merchants(db, args, now()),
  outbox: (db, args) => outbox(db, args, now()),
});
