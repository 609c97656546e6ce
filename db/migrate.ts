// Numbered plain-SQL migrations (db/migrations/NNNN_name.sql), each applied once, each in its
// own transaction, recorded in schema_migrations with a checksum.
//
// Why a transaction-scoped advisory lock per migration rather than one session lock around the
// run: pg.Pool gives no guarantee that two queries share a connection, and a transaction does.
// Two processes starting together queue on the lock; the second then finds the migration
// recorded and skips it. A process killed mid-migration rolls back with its connection, so a
// restart finds either the whole migration or none of it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './driver.ts';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

// Any constant works; it only has to be the same in every process and unused elsewhere.
const MIGRATION_LOCK_KEY = 4_242_000_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/**
 * Checksums a migration had before an edit that changed only its comments (the SQL that ran is
 * the same). A database that recorded one of them is brought up to the current checksum instead
 * of refused. Add an entry only for a comment-only edit, with what changed.
 */
export const EARLIER_CHECKSUMS: Readonly<Record<number, readonly string[]>> = {
  // 2026-12-06: the design pages' old names replaced by their docs/ pages in comments.
  1: ['f40119462ff8fadcac758f2c463792ba80e71fde6f0d6fe92ca19a2c1b0087cb'],
  2: ['8873badf9c443de46347a0bfc94d9d604084a22ba84dbef91d769d069cc973b9'],
  6: ['5c51a70062caabf4a806941cb1749bce094fd3c6e2292f4c2a21e6092bd85411'],
};

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort();
  const migrations = files.map((file) => {
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new MigrationError(`migration file ${file} must be named NNNN_name.sql (lower case)`);
    const sql = readFileSync(join(dir, file), 'utf8');
    return {
      version: Number(match[1]),
      name: match[2]!,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    };
  });
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError(
        `migrations must be numbered 0001, 0002, ... without gaps; found ${migration.version} at place ${index + 1}`,
      );
    }
  });
  return migrations;
}

const CREATE_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    checksum   text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(
  db: Db,
  options: {
    dir?: string;
    onApply?: (migration: Migration) => void;
    earlierChecksums?: Readonly<Record<number, readonly string[]>>;
  } = {},
): Promise<MigrateResult> {
  const migrations = readMigrations(options.dir);
  const result: MigrateResult = { applied: [], alreadyApplied: 0 };
  for (const migration of migrations) {
    const applied = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await tx.exec(CREATE_TABLE);
      const { rows } = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE version = $1',
        [migration.version],
      );
      if (rows[0]) {
        const earlier = (options.earlierChecksums ?? EARLIER_CHECKSUMS)[migration.version] ?? [];
        if (rows[0].checksum !== migration.checksum && earlier.includes(rows[0].checksum)) {
          // A comment-only edit: the same SQL ran; the record moves to the current text.
          await tx.query('UPDATE schema_migrations SET checksum = $2 WHERE version = $1', [
            migration.version,
            migration.checksum,
          ]);
        } else if (rows[0].checksum !== migration.checksum) {
          throw new MigrationError(
            `migration ${label(migration)} was changed after it was applied; add a new migration instead of editing an applied one`,
          );
        }
        return false;
      }
      options.onApply?.(migration);
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      return true;
    });
    if (applied) result.applied.push(label(migration));
    else result.alreadyApplied += 1;
  }
  return result;
}

function label(migration: Migration): string {
  return `${String(migration.version).padStart(4, '0')}_${migration.name}`;
}
