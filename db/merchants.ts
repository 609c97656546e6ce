// The merchant registry (migration 0014, docs/merchants.md): merchants, the names they go by, and
// their API keys. A name is kept under its key (routing/merchant-names.ts), and a name someone
// typed finds its merchant through the first of its keys that a merchant is registered under.
//
// API keys: a key is `omk_` + 8 characters of public prefix + `_` + 43 characters of secret (32
// random bytes). Only the prefix and the SHA-256 of the whole key are stored; the key is shown
// once, by whoever called createApiKey. Verification finds the row by the prefix and compares
// hashes with timingSafeEqual, so the time it takes says nothing about how much of a key was right.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { merchantFor, merchantKey, merchantKeys, registeredNameKey } from '../routing/index.ts';
import type { Queryable } from './driver.ts';
import { announceLinkedDisputes } from './outbox.ts';

export const MERCHANT_LANGUAGES = ['sv', 'no', 'da', 'fi', 'de', 'en'] as const;
export type MerchantLanguage = (typeof MERCHANT_LANGUAGES)[number];
export type MerchantNameKind = 'name' | 'alias' | 'domain';

export interface MerchantName {
  name: string;
  kind: MerchantNameKind;
}

export interface ApiKeyInfo {
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface Merchant {
  id: number;
  name: string;
  contactEmail: string | null;
  language: MerchantLanguage;
  webhookUrl: string | null;
  createdAt: Date;
  /** Every name it goes by, its display name first. */
  names: MerchantName[];
  /** Its keys, newest first, revoked ones too (only their prefixes). */
  apiKeys: ApiKeyInfo[];
}

/** A name cannot be registered: it has no key, or its key belongs to another merchant. */
export class MerchantNameError extends Error {
  override name = 'MerchantNameError';
  constructor(
    message: string,
    readonly code: 'name_has_no_key' | 'name_taken',
    readonly takenBy?: number,
  ) {
    super(message);
  }
}

const KEY_PATTERN = /^(omk_[a-z0-9]{8})_[A-Za-z0-9_-]{43}$/;
const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A new key: the whole key (to show once) and what is stored of it. */
export function newApiKey(): { key: string; prefix: string; sha256: string } {
  const bytes = randomBytes(8);
  // 36 letters and digits: a byte mod 36 leans a little to the first four, which a public
  // prefix can afford; the secret part is plain base64url of 32 random bytes.
  const prefix = `omk_${[...bytes].map((b) => PREFIX_ALPHABET[b % PREFIX_ALPHABET.length]).join('')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, sha256: sha256(key) };
}

/** A webhook signing secret: 32 random bytes, printed for the merchant at registration. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The merchant ids a key is registered under, one query for the whole list of keys. */
async function merchantsByKeys(q: Queryable, keys: readonly string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const { rows } = await q.query<{ key: string; merchant_id: number }>(
    'SELECT key, merchant_id::int AS merchant_id FROM merchant_keys WHERE key = ANY($1::text[])',
    [keys],
  );
  return new Map(rows.map((row) => [row.key, row.merchant_id]));
}

/** The merchant each name stands for (merchantKeys, the first registered key decides); names with none are left out. */
export async function findMerchantIdsByNames(q: Queryable, names: readonly string[]): Promise<Map<string, number>> {
  const candidates = new Map(names.map((name) => [name, merchantKeys(name)]));
  const registered = await merchantsByKeys(q, [...new Set([...candidates.values()].flat())]);
  const found = new Map<string, number>();
  for (const name of candidates.keys()) {
    const id = merchantFor(name, registered);
    if (id !== undefined) found.set(name, id);
  }
  return found;
}

/** The merchant a shop's name stands for, or undefined. */
export async function findMerchantByName(q: Queryable, name: string): Promise<Merchant | undefined> {
  const id = (await findMerchantIdsByNames(q, [name])).get(name);
  return id === undefined ? undefined : findMerchant(q, id);
}

/** Adds `names` to merchant `merchantId`; a name already its own is left as it is. */
async function addNames(q: Queryable, merchantId: number, names: readonly MerchantName[], at: Date): Promise<void> {
  for (const { name, kind } of names) {
    const key = registeredNameKey(name, kind);
    if (!key) {
      throw new MerchantNameError(
        kind === 'domain'
          ? `${JSON.stringify(name)} is not a web domain (like zalando.se)`
          : `${JSON.stringify(name)} has no letters or digits to match on`,
        'name_has_no_key',
      );
    }
    // A name that already finds another merchant ("Zalandolta" once Zalando is registered) would
    // take that merchant's disputes of this spelling away from it: refused, not silently split.
    const finds = kind === 'domain' ? undefined : (await findMerchantIdsByNames(q, [name])).get(name);
    if (finds !== undefined && finds !== merchantId) {
      throw new MerchantNameError(`${JSON.stringify(name)} already finds merchant ${finds}`, 'name_taken', finds);
    }
    const { rows } = await q.query<{ merchant_id: number }>(
      `INSERT INTO merchant_keys (key, merchant_id, created_at) VALUES ($1, $2, $3)
       -- DO UPDATE (a no-op change) rather than DO NOTHING, so that RETURNING names the owner either way
       ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key
       RETURNING merchant_id::int AS merchant_id`,
      [key, merchantId, at],
    );
    const owner = rows[0]!.merchant_id;
    if (owner !== merchantId) {
      throw new MerchantNameError(
        `${JSON.stringify(name)} already names merchant ${owner} (as "${key}")`,
        'name_taken',
        owner,
      );
    }
    await q.query(
      `INSERT INTO merchant_names (merchant_id, name, kind, key, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (merchant_id, kind, name) DO NOTHING`,
      [merchantId, name.trim(), kind, key, at],
    );
  }
}

export interface NewMerchant {
  name: string;
  aliases?: readonly string[];
  domains?: readonly string[];
  contactEmail?: string | null;
  language?: MerchantLanguage;
  webhookUrl?: string | null;
}

export interface CreatedMerchant {
  merchant: Merchant;
  /** The API key, whole: shown once, never stored. */
  apiKey: string;
  webhookSecret: string;
  /** Disputes that were waiting for an agent and now are the merchant's. */
  linkedDisputes: number;
}

/**
 * Registers a merchant with its names and a first API key, and takes over the unlinked disputes
 * its names match. Call inside a transaction: a name taken by another merchant throws
 * MerchantNameError after the merchant row was written.
 */
export async function addMerchant(q: Queryable, input: NewMerchant, at: Date): Promise<CreatedMerchant> {
  const webhookSecret = newWebhookSecret();
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO merchants (name, contact_email, language, webhook_url, webhook_secret, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id::int AS id`,
    [
      input.name.trim(),
      input.contactEmail ?? null,
      input.language ?? 'en',
      input.webhookUrl ?? null,
      webhookSecret,
      at,
    ],
  );
  const id = rows[0]!.id;
  await addNames(
    q,
    id,
    [
      { name: input.name, kind: 'name' },
      ...(input.aliases ?? []).map((name) => ({ name, kind: 'alias' as const })),
      ...(input.domains ?? []).map((name) => ({ name, kind: 'domain' as const })),
    ],
    at,
  );
  const apiKey = await createApiKey(q, id, at);
  const linkedDisputes = await linkMatchingDisputes(q, at);
  return { merchant: (await findMerchant(q, id))!, apiKey, webhookSecret, linkedDisputes };
}

/** Adds a name (or a domain) to a merchant and takes over the unlinked disputes it matches. Call inside a transaction. */
export async function addMerchantName(
  q: Queryable,
  merchantId: number,
  name: MerchantName,
  at: Date,
): Promise<{ linkedDisputes: number }> {
  await addNames(q, merchantId, [name], at);
  await q.query('UPDATE merchants SET updated_at = $2 WHERE id = $1', [merchantId, at]);
  return { linkedDisputes: await linkMatchingDisputes(q, at) };
}

/** A new API key for the merchant, returned whole (shown once). */
export async function createApiKey(q: Queryable, merchantId: number, at: Date): Promise<string> {
  const { key, prefix, sha256: hash } = newApiKey();
  await q.query('INSERT INTO merchant_api_keys (merchant_id, prefix, sha256, created_at) VALUES ($1, $2, $3, $4)', [
    merchantId,
    prefix,
    hash,
    at,
  ]);
  return key;
}

/** Revokes every key of the merchant still in use and returns a new one. Call inside a transaction. */
export async function rotateApiKey(
  q: Queryable,
  merchantId: number,
  at: Date,
): Promise<{ apiKey: string; revoked: string[] }> {
  const { rows } = await q.query<{ prefix: string }>(
    'UPDATE merchant_api_keys SET revoked_at = $2 WHERE merchant_id = $1 AND revoked_at IS NULL RETURNING prefix',
    [merchantId, at],
  );
  return { apiKey: await createApiKey(q, merchantId, at), revoked: rows.map((row) => row.prefix).sort() };
}

/** Revokes one key; 'revoked', 'already_revoked', or 'unknown' (no such key of this merchant). */
export async function revokeApiKey(
  q: Queryable,
  merchantId: number,
  prefix: string,
  at: Date,
): Promise<'revoked' | 'already_revoked' | 'unknown'> {
  const { rowCount } = await q.query(
    'UPDATE merchant_api_keys SET revoked_at = $3 WHERE merchant_id = $1 AND prefix = $2 AND revoked_at IS NULL',
    [merchantId, prefix, at],
  );
  if (rowCount > 0) return 'revoked';
  const { rows } = await q.query('SELECT 1 FROM merchant_api_keys WHERE merchant_id = $1 AND prefix = $2', [
    merchantId,
    prefix,
  ]);
  return rows.length > 0 ? 'already_revoked' : 'unknown';
}

/** The merchant a presented API key belongs to, or undefined for a wrong, unknown or revoked key. */
export async function merchantIdForApiKey(q: Queryable, presented: string): Promise<number | undefined> {
  const match = KEY_PATTERN.exec(presented);
  if (!match) return undefined;
  const { rows } = await q.query<{ merchant_id: number; sha256: string }>(
    'SELECT merchant_id::int AS merchant_id, sha256 FROM merchant_api_keys WHERE prefix = $1 AND revoked_at IS NULL',
    [match[1]],
  );
  const row = rows[0];
  if (!row) return undefined;
  const same = timingSafeEqual(Buffer.from(sha256(presented), 'hex'), Buffer.from(row.sha256, 'hex'));
  return same ? row.merchant_id : undefined;
}

/** The webhook URL and secret the merchant's events are signed with (issue 17, item 2). */
export async function merchantWebhook(
  q: Queryable,
  merchantId: number,
): Promise<{ url: string | null; secret: string } | undefined> {
  const { rows } = await q.query<{ url: string | null; secret: string }>(
    'SELECT webhook_url AS url, webhook_secret AS secret FROM merchants WHERE id = $1',
    [merchantId],
  );
  return rows[0];
}

const MERCHANT_SELECT = `
  SELECT m.id::int AS id, m.name, m.contact_email AS "contactEmail", m.language, m.webhook_url AS "webhookUrl",
         m.created_at AS "createdAt",
         coalesce((SELECT jsonb_agg(jsonb_build_object('name', n.name, 'kind', n.kind)
                                    ORDER BY n.kind = 'name' DESC, n.id)
                     FROM merchant_names n WHERE n.merchant_id = m.id), '[]'::jsonb) AS names,
         coalesce((SELECT jsonb_agg(jsonb_build_object('prefix', k.prefix, 'createdAt', k.created_at, 'revokedAt', k.revoked_at)
                                    ORDER BY k.created_at DESC, k.id DESC)
                     FROM merchant_api_keys k WHERE k.merchant_id = m.id), '[]'::jsonb) AS "apiKeys"
    FROM merchants m`;

type MerchantRow = Omit<Merchant, 'apiKeys'> & {
  apiKeys: Array<{ prefix: string; createdAt: string; revokedAt: string | null }>;
};

function merchantOf(row: MerchantRow): Merchant {
  return {
    ...row,
    apiKeys: row.apiKeys.map((k) => ({
      prefix: k.prefix,
      createdAt: new Date(k.createdAt),
      revokedAt: k.revokedAt ? new Date(k.revokedAt) : null,
    })),
  };
}

export async function findMerchant(q: Queryable, id: number): Promise<Merchant | undefined> {
  const { rows } = await q.query<MerchantRow>(`${MERCHANT_SELECT} WHERE m.id = $1`, [id]);
  return rows[0] && merchantOf(rows[0]);
}

/** Every merchant, by id. */
export async function listMerchants(q: Queryable): Promise<Merchant[]> {
  const { rows } = await q.query<MerchantRow>(`${MERCHANT_SELECT} ORDER BY m.id`);
  return rows.map(merchantOf);
}

export interface UnlinkedDispute {
  caseRef: string;
  /** The shop's name as the consumer typed it (or the purchase carried it); null when none was given. */
  merchantName: string | null;
  kind: string;
  openedAt: Date;
  closedAt: Date | null;
}

/** The disputes no merchant is linked to, oldest first: an agent's to link. */
export async function unlinkedDisputes(q: Queryable, options: { limit?: number } = {}): Promise<UnlinkedDispute[]> {
  const { rows } = await q.query<UnlinkedDispute>(
    `SELECT c.ref AS "caseRef", d.merchant_name AS "merchantName", d.kind, d.opened_at AS "openedAt", d.closed_at AS "closedAt"
       FROM disputes d JOIN cases c ON c.id = d.case_id
      WHERE d.merchant_id IS NULL
      ORDER BY d.opened_at, d.id
      LIMIT $1`,
    [options.limit ?? 1000],
  );
  return rows;
}

/**
 * Links the unlinked disputes whose shop names now match a merchant (after a name was
 * registered); returns how many. Reads the unlinked disputes' names and resolves them as the
 * dispute writer does. The merchant is told of those still open (announceLinkedDisputes).
 */
export async function linkMatchingDisputes(q: Queryable, at: Date = new Date()): Promise<number> {
  const { rows } = await q.query<{ name: string }>(
    'SELECT DISTINCT merchant_name AS name FROM disputes WHERE merchant_id IS NULL AND merchant_name IS NOT NULL',
  );
  const found = await findMerchantIdsByNames(
    q,
    rows.map((row) => row.name),
  );
  if (found.size === 0) return 0;
  const { rows: linked } = await q.query<{ case_id: number }>(
    `UPDATE disputes d SET merchant_id = f.merchant_id
       FROM jsonb_to_recordset($1::jsonb) AS f(name text, merchant_id bigint)
      WHERE d.merchant_id IS NULL AND d.merchant_name = f.name
     RETURNING d.case_id::int AS case_id`,
    [JSON.stringify([...found].map(([name, merchantId]) => ({ name, merchant_id: merchantId })))],
  );
  await announceLinkedDisputes(
    q,
    linked.map((row) => row.case_id),
    at,
  );
  return linked.length;
}

/**
 * Links the dispute of case `caseRef` to a merchant, whatever it was linked to before; found is
 * false when the case has no dispute. Call inside a transaction (it reads, then writes). A merchant
 * new to the dispute is told of it while it is open (announceLinkedDisputes).
 */
export async function linkDisputeOfCase(
  q: Queryable,
  caseRef: string,
  merchantId: number,
  at: Date = new Date(),
): Promise<{ found: boolean; previous: number | null }> {
  const { rows } = await q.query<{ id: number; case_id: number; previous: number | null }>(
    `SELECT d.id::int AS id, d.case_id::int AS case_id, d.merchant_id::int AS previous
       FROM disputes d JOIN cases c ON c.id = d.case_id
      WHERE c.ref = $1
        FOR UPDATE OF d`,
    [caseRef],
  );
  const row = rows[0];
  if (!row) return { found: false, previous: null };
  await q.query('UPDATE disputes SET merchant_id = $2 WHERE id = $1', [row.id, merchantId]);
  if (row.previous !== merchantId) await announceLinkedDisputes(q, [row.case_id], at);
  return { found: true, previous: row.previous };
}

/** Whether some unlinked dispute's shop name has the same key as `name` ("Zalandolta" and "ZALANDOLTA"). */
export async function hasUnlinkedDisputeNamed(q: Queryable, name: string): Promise<boolean> {
  const key = merchantKey(name);
  const { rows } = await q.query<{ name: string }>(
    'SELECT DISTINCT merchant_name AS name FROM disputes WHERE merchant_id IS NULL AND merchant_name IS NOT NULL',
  );
  return rows.some((row) => merchantKey(row.name) === key);
}
