// The delivery worker: every replica runs one. It claims due events (db/outbox.ts: SKIP LOCKED and
// a lease), POSTs each to its destination's receiver, and records the answer: delivered; failed,
// due again after a backoff that doubles up to a cap, drawn from its upper half so that replicas
// which failed together do not knock again in step; or stopped, after a receiver refused the event
// (a 4xx other than 408/429) a few tries in a row. A replica that dies mid-try leaves its claim to
// lapse, and another one sends the event again: delivery is at least once, and the event's id is
// what the receiver takes it once by.
import {
  claimOutboxEvents,
  findMerchant,
  markOutboxDelivered,
  markOutboxFailed,
  markOutboxSkipped,
  merchantWebhook,
  releaseOutboxClaim,
  type ClaimedOutboxEvent,
  type Db,
} from '../../db/index.ts';
import { merchantIdOfDestination, merchantIdOfMailDestination } from '../../db/outbox.ts';
import type { Logger } from '../log.ts';
import type { Mailer } from '../ombudsman/mailer.ts';
import { merchantEmail } from './merchant-mail.ts';
import { backoffDelay, type Backoff } from '../slack/link.ts';
import { eventBody, tryDelivery, type Receiver, type TryOutcome } from './deliver.ts';

export interface OutboxDeliveryOptions {
  db: Db;
  /** Each destination's receiver; events for a destination without one are kept, not sent. */
  receivers: Readonly<Record<string, Receiver>>;
  /** Deliver the merchants' events too (`merchant:<id>`), each to its merchant's webhook URL, signed with its secret, and their e-mails (`mail:merchant-<id>`). */
  merchants?: boolean;
  /** SMTP_URL's mailer for the merchants' e-mails; without it they are marked skipped, not sent. */
  mailer?: Mailer;
  /** The service's public address: the e-mail links the merchant's page under it. */
  publicUrl?: string;
  log?: Logger;
  now?: () => Date;
  /** How long a try waits for the answer (ms). */
  timeoutMs?: number;
  /** How long a claim holds (s); longer than a try, so no live try is sent twice. */
  leaseSeconds?: number;
  backoff?: Backoff;
  /** Tries a refused event gets before it is stopped. */
  refusedTries?: number;
  /** Events claimed at a time, tried side by side. */
  batch?: number;
  /** Aborted when the replica stops: tries in flight are given up and their claims given back. */
  signal?: AbortSignal;
}

export const DELIVERY_DEFAULTS = {
  timeoutMs: 10_000,
  leaseSeconds: 60,
  backoff: { firstMs: 2_000, maxMs: 15 * 60_000 },
  refusedTries: 3,
  batch: 20,
} as const;

export interface DeliveryReport {
  delivered: number;
  /** Done without sending: a merchant's e-mail with no SMTP_URL, or no contact address any more. */
  skipped: number;
  failed: number;
  stopped: number;
  /** Given back unanswered because the replica is stopping. */
  released: number;
}

/** Delivers every event that is due now, a batch at a time, until none is left. */
export async function deliverDueEvents(options: OutboxDeliveryOptions): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, skipped: 0, failed: 0, stopped: 0, released: 0 };
  const destinations = Object.keys(options.receivers);
  if (destinations.length === 0 && !options.merchants) return report;
  const batch = options.batch ?? DELIVERY_DEFAULTS.batch;
  while (!options.signal?.aborted) {
    const claimed = await claimOutboxEvents(options.db, {
      destinations,
      now: options.now?.() ?? new Date(),
      leaseSeconds: options.leaseSeconds ?? DELIVERY_DEFAULTS.leaseSeconds,
      limit: batch,
      merchants: options.merchants ?? false,
    });
    // A case's next event is claimable once this one is delivered: the loop claims again.
    await Promise.all(claimed.map(async (event) => (report[await deliverOne(options, event)] += 1)));
    if (claimed.length === 0) break;
  }
  return report;
}

/**
 * The receiver of a destination: a configured one, or a merchant's webhook as the registry has it
 * now (an operator may have changed its URL since the event was written). A merchant without a
 * webhook URL any more has none: its events wait, as the core's do without CORE_WEBHOOK_URL.
 */
async function receiverOf(options: OutboxDeliveryOptions, destination: string): Promise<Receiver | undefined> {
  const configured = options.receivers[destination];
  if (configured) return configured;
  const merchantId = merchantIdOfDestination(destination);
  if (merchantId === undefined || !options.merchants) return undefined;
  const webhook = await merchantWebhook(options.db, merchantId);
  return webhook?.url ? { url: webhook.url, secret: webhook.secret } : undefined;
}

/**
 * A merchant's e-mail: composed from the event's body in the merchant's language as the registry
 * has it now, sent to its contact address as it is now. A mail server's refusal or absence is a
 * failed try (retried with the backoff); no SMTP_URL, or no address any more, is skipped.
 */
async function tryMail(
  options: OutboxDeliveryOptions,
  event: ClaimedOutboxEvent,
  merchantId: number,
): Promise<TryOutcome | { kind: 'skipped'; reason: string }> {
  if (!options.mailer) return { kind: 'skipped', reason: 'not sent: SMTP_URL is not set' };
  const merchant = await findMerchant(options.db, merchantId);
  if (!merchant?.contactEmail) return { kind: 'skipped', reason: 'not sent: the merchant has no contact e-mail now' };
  const mail = merchantEmail({
    language: merchant.language,
    merchantName: merchant.name,
    type: event.type,
    data: event.data,
    pageUrl: `${(options.publicUrl ?? 'http://localhost:3000').replace(/\/$/, '')}/merchant`,
  });
  if (!mail) return { kind: 'skipped', reason: `not sent: ${event.type} is not mailed` };
  try {
    await options.mailer.send({ to: merchant.contactEmail, ...mail });
    return { kind: 'delivered' };
  } catch (error) {
    // The mail server's words, never the address. A permanent refusal (5xx: no such mailbox) is
    // the address's fault: a few more tries, then the e-mail is stopped for an operator, and the
    // merchant's later e-mails are not held behind it forever.
    const text = error instanceof Error ? error.message.replaceAll(merchant.contactEmail, '<address>') : String(error);
    const code = (error as { responseCode?: unknown }).responseCode;
    const permanent = typeof code === 'number' && code >= 500 && code < 600;
    return { kind: permanent ? 'refused' : 'failed', error: `mail not sent: ${text.slice(0, 200)}` };
  }
}

async function deliverOne(options: OutboxDeliveryOptions, event: ClaimedOutboxEvent): Promise<keyof DeliveryReport> {
  const now = () => options.now?.() ?? new Date();
  const mailTo = merchantIdOfMailDestination(event.destination);
  let outcome: TryOutcome | { kind: 'skipped'; reason: string };
  if (mailTo !== undefined) outcome = await tryMail(options, event, mailTo);
  else {
    const receiver = await receiverOf(options, event.destination);
    outcome = receiver
      ? await tryDelivery(receiver, eventBody(event), {
          now: now(),
          timeoutMs: options.timeoutMs ?? DELIVERY_DEFAULTS.timeoutMs,
          signal: options.signal,
        })
      : { kind: 'failed', error: 'the merchant has no webhook URL now' };
  }
  const answeredAt = now();
  if (outcome.kind === 'delivered') {
    await markOutboxDelivered(options.db, event.id, answeredAt);
    return 'delivered';
  }
  if (outcome.kind === 'skipped') {
    await markOutboxSkipped(options.db, event.id, answeredAt, outcome.reason);
    return 'skipped';
  }
  if (options.signal?.aborted) {
    await releaseOutboxClaim(options.db, { id: event.id, attempt: event.attempt, now: answeredAt });
    return 'released';
  }
  const stop = outcome.kind === 'refused' && event.attempt >= (options.refusedTries ?? DELIVERY_DEFAULTS.refusedTries);
  const backoff = options.backoff ?? DELIVERY_DEFAULTS.backoff;
  const waitMs = Math.max(
    backoffDelay(event.attempt - 1, backoff),
    Math.min(outcome.kind === 'failed' ? (outcome.retryAfterMs ?? 0) : 0, backoff.maxMs),
  );
  await markOutboxFailed(options.db, {
    id: event.id,
    attempt: event.attempt,
    now: answeredAt,
    error: outcome.error,
    retryAt: stop ? null : new Date(answeredAt.getTime() + waitMs),
  });
  const fields = {
    event: event.id,
    type: event.type,
    destination: event.destination,
    attempt: event.attempt,
    error: outcome.error,
  };
  if (stop) options.log?.error(fields, 'outgoing event refused by its receiver; stopped until an operator retries it');
  else options.log?.warn(fields, 'outgoing event not delivered; trying again later');
  return stop ? 'stopped' : 'failed';
}

/** Delivers every `intervalMs` until stopped; a failed round (the database away) is logged and the next one tries again. */
export function startOutboxDelivery(options: Omit<OutboxDeliveryOptions, 'signal'> & { intervalMs?: number }): {
  stop(): Promise<void>;
} {
  const intervalMs = options.intervalMs ?? 1_000;
  const stopping = new AbortController();
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = deliverDueEvents({ ...options, signal: stopping.signal })
      .then((report) => {
        if (report.delivered || report.skipped || report.failed || report.stopped || report.released)
          options.log?.debug(report, 'outgoing events');
      })
      .catch((error: unknown) => options.log?.warn({ err: error }, 'outgoing event delivery round failed; retrying'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      stopping.abort();
      await running;
    },
  };
}
