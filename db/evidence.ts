// Evidence on a case (issue 17, docs/evidence.md): files the consumer and the merchant of the
// dispute upload. The metadata is the `evidence` table; the bytes go through `EvidenceStore`, a
// small interface whose default keeps them in this database (`evidence_content`); an
// S3-compatible store could implement it later. A file is only ever added in one transaction that
// locks its case, counts the case's files and writes both rows: on any refusal nothing is stored.
import type { CaseSignal } from './case-signal.ts';
import type { Db, Queryable } from './driver.ts';

export const EVIDENCE_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];
/** At most this many bytes per file. */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
/** At most this many files per case, both sides together. */
export const EVIDENCE_MAX_PER_CASE = 10;

export interface EvidenceRow {
  id: string;
  caseId: number;
  uploadedBy: 'consumer' | 'merchant';
  merchantId: number | null;
  mediaType: EvidenceMediaType;
  bytes: number;
  sha256: string;
  uploadedAt: Date;
}

/** Where the bytes live. `put` runs inside the transaction that writes the metadata. */
export interface EvidenceStore {
  put(tx: Queryable, id: string, content: Buffer): Promise<void>;
  get(q: Queryable, id: string): Promise<Buffer | undefined>;
}

/** The default store: the bytes in `evidence_content`, committed with their metadata. */
export const databaseEvidenceStore: EvidenceStore = {
  async put(tx, id, content) {
    await tx.query('INSERT INTO evidence_content (evidence_id, content) VALUES ($1, $2)', [id, content]);
  },
  async get(q, id) {
    const { rows } = await q.query<{ content: Uint8Array }>(
      'SELECT content FROM evidence_content WHERE evidence_id = $1',
      [id],
    );
    const row = rows[0];
    return row ? Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength) : undefined;
  },
};

type Row = {
  id: string;
  case_id: number;
  uploaded_by: 'consumer' | 'merchant';
  merchant_id: number | null;
  media_type: EvidenceMediaType;
  bytes: number;
  sha256: string;
  uploaded_at: Date;
};

const COLUMNS =
  'id, case_id::int AS case_id, uploaded_by, merchant_id::int AS merchant_id, media_type, bytes, sha256, uploaded_at';

function fromRow(row: Row): EvidenceRow {
  return {
    id: row.id,
    caseId: row.case_id,
    uploadedBy: row.uploaded_by,
    merchantId: row.merchant_id,
    mediaType: row.media_type,
    bytes: row.bytes,
    sha256: row.sha256,
    uploadedAt: new Date(row.uploaded_at),
  };
}

export type AddEvidenceResult = { ok: true; evidence: EvidenceRow } | { ok: false; reason: 'limit_reached' };

/**
 * Adds one file to case `caseId` unless it already has EVIDENCE_MAX_PER_CASE: the case row is
 * locked first, so two uploads at once cannot both take the tenth place.
 */
export async function addEvidence(
  db: Db,
  store: EvidenceStore,
  file: {
    id: string;
    caseId: number;
    uploadedBy: 'consumer' | 'merchant';
    merchantId?: number;
    mediaType: EvidenceMediaType;
    sha256: string;
    content: Buffer;
    at: Date;
  },
  /** Told of the case once the file is in, so its Slack cards show it. */
  signal?: CaseSignal,
): Promise<AddEvidenceResult> {
  const result = await db.transaction(async (tx) => {
    await tx.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [file.caseId]);
    const { rows: counted } = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM evidence WHERE case_id = $1',
      [file.caseId],
    );
    if ((counted[0]?.n ?? 0) >= EVIDENCE_MAX_PER_CASE) return { ok: false, reason: 'limit_reached' } as const;
    const { rows } = await tx.query<Row>(
      `INSERT INTO evidence (id, case_id, uploaded_by, merchant_id, media_type, bytes, sha256, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [
        file.id,
        file.caseId,
        file.uploadedBy,
        file.merchantId ?? null,
        file.mediaType,
        file.content.byteLength,
        file.sha256,
        file.at,
      ],
    );
    await store.put(tx, file.id, file.content);
    if (signal?.needsTransaction) await signal.inTransaction(tx, file.caseId);
    return { ok: true, evidence: fromRow(rows[0]!) } as const;
  });
  if (result.ok) signal?.afterCommit(file.caseId);
  return result;
}

/** The case's files, oldest first. */
export async function caseEvidence(q: Queryable, caseId: number): Promise<EvidenceRow[]> {
  const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM evidence WHERE case_id = $1 ORDER BY uploaded_at, id`, [
    caseId,
  ]);
  return rows.map(fromRow);
}

/** One file of case `caseId`; undefined when there is none with that id on that case. */
export async function findCaseEvidence(q: Queryable, caseId: number, id: string): Promise<EvidenceRow | undefined> {
  const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM evidence WHERE case_id = $1 AND id = $2`, [caseId, id]);
  return rows[0] && fromRow(rows[0]);
}

/** One file by id, whatever its case (an agent's signed link names the file only). */
export async function findEvidence(q: Queryable, id: string): Promise<EvidenceRow | undefined> {
  const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM evidence WHERE id = $1`, [id]);
  return rows[0] && fromRow(rows[0]);
}

/** Of `ids`, those that are not merchant `merchantId`'s uploads on case `caseId`. */
export async function notMerchantUploads(
  q: Queryable,
  caseId: number,
  merchantId: number,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM evidence WHERE case_id = $1 AND merchant_id = $2 AND uploaded_by = 'merchant' AND id = ANY($3::text[])`,
    [caseId, merchantId, [...ids]],
  );
  const found = new Set(rows.map((row) => row.id));
  return ids.filter((id) => !found.has(id));
}
