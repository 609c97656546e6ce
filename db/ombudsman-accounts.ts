// Named ombudsman accounts (migration 0018, issue 18 item 6): each ombudsman has a token of their
// own, made by `npm run ombudsman -- add` and shown once; only its SHA-256 is kept, like a
// merchant's API key (db/merchants.ts). A token is `omb_` + 8 letters or digits (the account's id,
// public) + `_` + 43 characters of secret (32 random bytes). A revoked token finds no account, the
// same as a token never issued.
//
// Independence: an ombudsman may not decide a case they acted on in a lower tier. Agents act in
// Slack under their Slack user id (`agent:<slack user id>` in case_events.actor), so an account
// linked to its Slack user (`--slack-user U123`) is checked against those actors; its own id and
// the legacy OMBUDSMAN_ID are checked too.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from './driver.ts';

const TOKEN_PATTERN = /^(omb_[a-z0-9]{8})_[A-Za-z0-9_-]{43}$/;
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const OMBUDSMAN_ACCOUNT_ID = /^omb_[a-z0-9]{8}$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Who is at the desk: an account, or the holder of the legacy OMBUDSMAN_TOKEN. */
export interface OmbudsmanIdentity {
  id: string;
  name: string | null;
  slackUserId: string | null;
  legacy: boolean;
}

export interface OmbudsmanAccount {
  id: string;
  name: string;
  slackUserId: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

const ACCOUNT_COLUMNS =
  'id, name, slack_user_id AS "slackUserId", created_at AS "createdAt", revoked_at AS "revokedAt"';

export async function addOmbudsmanAccount(
  q: Queryable,
  input: { name: string; slackUserId?: string | null; at: Date },
): Promise<{ id: string; token: string }> {
  const bytes = randomBytes(8);
  const id = `omb_${[...bytes].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('')}`;
  const token = `${id}_${randomBytes(32).toString('base64url')}`;
  await q.query(
    'INSERT INTO ombudsman_accounts (id, name, slack_user_id, token_sha256, created_at) VALUES ($1, $2, $3, $4, $5)',
    [id, input.name, input.slackUserId ?? null, sha256(token), input.at],
  );
  return { id, token };
}

/** 'revoked', 'already_revoked' or 'unknown'. */
export async function revokeOmbudsmanAccount(
  q: Queryable,
  id: string,
  at: Date,
): Promise<'revoked' | 'already_revoked' | 'unknown'> {
  const { rowCount } = await q.query(
    'UPDATE ombudsman_accounts SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL',
    [id, at],
  );
  if (rowCount > 0) return 'revoked';
  const { rows } = await q.query('SELECT 1 FROM ombudsman_accounts WHERE id = $1', [id]);
  return rows.length > 0 ? 'already_revoked' : 'unknown';
}

export async function listOmbudsmanAccounts(q: Queryable): Promise<OmbudsmanAccount[]> {
  const { rows } = await q.query<OmbudsmanAccount>(
    `SELECT ${ACCOUNT_COLUMNS} FROM ombudsman_accounts ORDER BY created_at, id`,
  );
  return rows;
}

/** The account a presented token belongs to; undefined for a wrong, unknown or revoked token. */
export async function ombudsmanForToken(q: Queryable, presented: string): Promise<OmbudsmanIdentity | undefined> {
  const match = TOKEN_PATTERN.exec(presented);
  if (!match) return undefined;
  const { rows } = await q.query<{ id: string; name: string; slackUserId: string | null; sha256: string }>(
    'SELECT id, name, slack_user_id AS "slackUserId", token_sha256 AS sha256 FROM ombudsman_accounts WHERE id = $1 AND revoked_at IS NULL',
    [match[1]],
  );
  const row = rows[0];
  if (!row) return undefined;
  const same = timingSafeEqual(Buffer.from(sha256(presented), 'hex'), Buffer.from(row.sha256, 'hex'));
  return same ? { id: row.id, name: row.name, slackUserId: row.slackUserId, legacy: false } : undefined;
}

/** Whether any account can sign in (the desk is open without OMBUDSMAN_TOKEN then). */
export async function hasActiveOmbudsmanAccount(q: Queryable): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM ombudsman_accounts WHERE revoked_at IS NULL LIMIT 1');
  return rows.length > 0;
}

/**
 * What this ombudsman did on the case below the ombudsman tier, oldest first: case events, internal
 * notes and replies to the consumer made as an agent (under their Slack user id or their own id).
 * Empty: they are independent of the case.
 */
export async function lowerTierActs(
  q: Queryable,
  caseId: number,
  who: Pick<OmbudsmanIdentity, 'id' | 'slackUserId'>,
): Promise<{ what: string; actor: string; at: Date }[]> {
  const labels = [`agent:${who.id}`, ...(who.slackUserId ? [`agent:${who.slackUserId}`] : [])];
  const { rows } = await q.query<{ what: string; actor: string; at: Date }>(
    `SELECT type AS what, actor, at FROM case_events WHERE case_id = $1 AND actor = ANY($2::text[])
     UNION ALL SELECT 'note', author, created_at FROM case_notes WHERE case_id = $1 AND author = ANY($2::text[])
     UNION ALL SELECT 'reply', author, created_at FROM messages WHERE case_id = $1 AND author = ANY($2::text[])
     ORDER BY at`,
    [caseId, labels],
  );
  return rows;
}

export type OmbudsmanAction = 'viewed' | 'decided' | 'refused';

export async function recordOmbudsmanAccess(
  q: Queryable,
  input: { caseId: number; ombudsmanId: string; action: OmbudsmanAction; at: Date },
): Promise<void> {
  await q.query('INSERT INTO ombudsman_access (case_id, ombudsman_id, action, at) VALUES ($1, $2, $3, $4)', [
    input.caseId,
    input.ombudsmanId,
    input.action,
    input.at,
  ]);
}

export interface OmbudsmanAccessEntry {
  ombudsmanId: string;
  /** The account's name; null for the legacy OMBUDSMAN_TOKEN's holder. */
  name: string | null;
  action: OmbudsmanAction;
  at: Date;
}

export async function ombudsmanAccessOf(q: Queryable, caseId: number): Promise<OmbudsmanAccessEntry[]> {
  const { rows } = await q.query<OmbudsmanAccessEntry>(
    `SELECT x.ombudsman_id AS "ombudsmanId", a.name, x.action, x.at
       FROM ombudsman_access x LEFT JOIN ombudsman_accounts a ON a.id = x.ombudsman_id
      WHERE x.case_id = $1 ORDER BY x.id`,
    [caseId],
  );
  return rows;
}
