// "A case changed": the signal every replica listens for (Slack cards, consumer sockets).
//
// Why it is coalesced and sent after commit rather than NOTIFY inside each transaction:
// PostgreSQL serialises the commits of all transactions that NOTIFY (a global lock on the
// notification queue), which roughly halved intake in pgbench (docs/peers.md). So a decision's
// transaction only commits; the ids of changed cases are collected in memory and sent as one
// NOTIFY per short interval, outside any transaction. A signal can then be lost (a crash between
// commit and flush, a listener that was reconnecting), so every listener backs it with a read of
// its own (the relay by message id, rating requests by a scan of resolved cases).
// `bench:queue` measures both shapes.
import type { Db, Queryable } from './driver.ts';

export const CASE_CHANNEL = 'ombud_case_changed';
/** NOTIFY payloads must stay under 8000 bytes; ids are short, so a few hundred per payload. */
const IDS_PER_PAYLOAD = 500;

export interface CaseSignal {
  /** Whether a decision must run in a transaction for this signal (NOTIFY beside its write). */
  readonly needsTransaction: boolean;
  /** Called inside the decision's transaction (for the in-transaction shape). */
  inTransaction(tx: Queryable, caseId: number): Promise<void>;
  /** Called after the transaction committed. */
  afterCommit(caseId: number): void;
  /** Sends what is pending now (tests, shutdown). */
  flush(): Promise<void>;
}

/** NOTIFY inside each transaction: simplest, delivered exactly when committed, but serialises commits. */
export function notifyInTransaction(): CaseSignal {
  return {
    needsTransaction: true,
    async inTransaction(tx, caseId) {
      await tx.query('SELECT pg_notify($1, $2)', [CASE_CHANNEL, String(caseId)]);
    },
    afterCommit() {},
    async flush() {},
  };
}

/** One NOTIFY per interval carrying every id that changed in it (the default). */
export function coalescedNotify(
  db: Db,
  options: { intervalMs?: number; onError?: (error: Error) => void } = {},
): CaseSignal {
  const intervalMs = options.intervalMs ?? 10;
  let pending = new Set<number>();
  let timer: NodeJS.Timeout | undefined;
  let sending: Promise<void> = Promise.resolve();

  function send(): Promise<void> {
    timer = undefined;
    if (pending.size === 0) return sending;
    const ids = [...pending];
    pending = new Set();
    sending = sending.then(async () => {
      for (let start = 0; start < ids.length; start += IDS_PER_PAYLOAD) {
        const payload = ids.slice(start, start + IDS_PER_PAYLOAD).join(',');
        try {
          await db.query('SELECT pg_notify($1, $2)', [CASE_CHANNEL, payload]);
        } catch (error) {
          // Listeners' catch-up read covers a lost signal; the change itself is committed.
          options.onError?.(error as Error);
        }
      }
    });
    return sending;
  }

  return {
    needsTransaction: false,
    async inTransaction() {},
    afterCommit(caseId) {
      pending.add(caseId);
      timer ??= setTimeout(send, intervalMs);
    },
    flush() {
      clearTimeout(timer);
      return send();
    },
  };
}

/** Parses a payload of either shape into case ids. */
export function parseCaseSignal(payload: string): number[] {
  return payload
    .split(',')
    .map((part) => Number(part))
    .filter((id) => Number.isInteger(id) && id > 0);
}
