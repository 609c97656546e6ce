// Identified consumers (migration 0011): who an app vouched for behind each derived consumer id.
// The id alone serves the chat (it is the same on every device); the (issuer, subject) pair is
// what the company's other systems know the consumer by, e.g. the payments core's purchases.
import type { Queryable } from './driver.ts';

export interface IdentifiedConsumer {
  id: string;
  /** The identity token's `iss`, '' when it had none. */
  issuer: string;
  /** The app's own id of the consumer (the token's `sub`). */
  subject: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** Records that the app vouched for this consumer at `at` (a new session); idempotent. */
export async function rememberIdentifiedConsumer(
  q: Queryable,
  input: { id: string; issuer: string; subject: string; at: Date },
): Promise<void> {
  // GREATEST: two sessions opened at once on two devices may commit in either order.
  await q.query(
    `INSERT INTO consumers (id, issuer, subject, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (id) DO UPDATE SET last_seen_at = GREATEST(consumers.last_seen_at, EXCLUDED.last_seen_at)`,
    [input.id, input.issuer, input.subject, input.at],
  );
}

/** The identified consumer behind an id; undefined for an anonymous one (or an id never seen). */
export async function identifiedConsumer(q: Queryable, id: string): Promise<IdentifiedConsumer | undefined> {
  const { rows } = await q.query<{
    id: string;
    issuer: string;
    subject: string;
    first_seen_at: Date;
    last_seen_at: Date;
  }>('SELECT id, issuer, subject, first_seen_at, last_seen_at FROM consumers WHERE id = $1', [id]);
  const row = rows[0];
  return (
    row && {
      id: row.id,
      issuer: row.issuer,
      subject: row.subject,
      firstSeenAt: new Date(row.first_seen_at),
      lastSeenAt: new Date(row.last_seen_at),
    }
  );
}
