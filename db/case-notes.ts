// Notes on a case (migration 0005): what an agent writes in a card's thread after `note:`. They
// are internal: kept with the case for the people who work it, never sent to the consumer.
import type { Queryable } from './driver.ts';

export interface CaseNote {
  id: number;
  caseId: number;
  author: string;
  text: string;
  redactedText: string;
  createdAt: Date;
}

interface NoteRow {
  id: number;
  case_id: number;
  author: string;
  text: string;
  redacted_text: string;
  created_at: Date;
}

const fromRow = (row: NoteRow): CaseNote => ({
  id: Number(row.id),
  caseId: Number(row.case_id),
  author: row.author,
  text: row.text,
  redactedText: row.redacted_text,
  createdAt: row.created_at,
});

/**
 * Keeps a note on a case. `sourceRef` names where it came from (a Slack message): the same
 * source is stored once, so a retried event adds nothing; `added` is false then.
 */
export async function addCaseNote(
  q: Queryable,
  input: { caseId: number; author: string; text: string; redactedText: string; sourceRef?: string; at: Date },
): Promise<{ added: boolean }> {
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO case_notes (case_id, author, text, redacted_text, source_ref, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (source_ref) DO NOTHING
     RETURNING id`,
    [input.caseId, input.author, input.text, input.redactedText, input.sourceRef ?? null, input.at],
  );
  return { added: rows.length === 1 };
}

/** A case's notes, oldest first. */
export async function caseNotes(q: Queryable, caseId: number): Promise<CaseNote[]> {
  const { rows } = await q.query<NoteRow>(
    'SELECT id, case_id, author, text, redacted_text, created_at FROM case_notes WHERE case_id = $1 ORDER BY id',
    [caseId],
  );
  return rows.map(fromRow);
}

/** How many notes a case has, and the latest one (for the card). */
export async function caseNoteSummary(
  q: Queryable,
  caseId: number,
): Promise<{ count: number; latest: CaseNote | null }> {
  const { rows } = await q.query<NoteRow & { count: number }>(
    `SELECT n.id, n.case_id, n.author, n.text, n.redacted_text, n.created_at,
            (SELECT count(*)::int FROM case_notes WHERE case_id = $1) AS count
       FROM case_notes n WHERE n.case_id = $1 ORDER BY n.id DESC LIMIT 1`,
    [caseId],
  );
  const row = rows[0];
  return row ? { count: Number(row.count), latest: fromRow(row) } : { count: 0, latest: null };
}
