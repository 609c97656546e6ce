import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MigrationError, migrate, openDatabase, readMigrations, type Db } from '../../db/index.ts';
import { EARLIER_CHECKSUMS, MIGRATIONS_DIR } from '../../db/migrate.ts';
import { DRIVERS, createServerDatabase, createTestDatabase, describeEachDriver } from '../support/databases.ts';

const MIGRATION_COUNT = readdirSync(MIGRATIONS_DIR).filter((file) => file.endsWith('.sql')).length;
const TABLES = ['conversations', 'messages', 'cases', 'case_events', 'disputes', 'merchants', 'ombudsman_requests'];

async function recorded(db: Db) {
  const { rows } = await db.query<{ version: number; count: number }>(
    'SELECT version, count(*)::int AS count FROM schema_migrations GROUP BY version ORDER BY version',
  );
  return rows;
}

describeEachDriver(
  'migrations',
  (current) => {
    it('apply every numbered file once, then nothing on the next run', async () => {
      const { db } = current();
      const first = await migrate(db);
      expect(first.applied).toHaveLength(MIGRATION_COUNT);
      expect(first.applied[0]).toBe('0001_initial_schema');
      const second = await migrate(db);
      expect(second).toEqual({ applied: [], alreadyApplied: MIGRATION_COUNT });
      const rows = await recorded(db);
      expect(rows.map((row) => row.count)).toEqual(Array(MIGRATION_COUNT).fill(1));
    });

    it('create the first schema', async () => {
      const { db } = current();
      const { rows } = await db.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
      );
      expect(rows.map((row) => row.table_name)).toEqual(expect.arrayContaining([...TABLES, 'schema_migrations']));
    });

    it('refuse to run when an applied migration file was edited', async () => {
      const { db } = current();
      const dir = mkdtempSync(join(tmpdir(), 'ombud-migrations-'));
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      writeFileSync(join(dir, '0001_initial_schema.sql'), '-- edited\nSELECT 1;');
      await expect(migrate(db, { dir })).rejects.toThrow(/0001_initial_schema was changed after it was applied/);
    });

    it('take a comment-only edit listed with its earlier checksum: the record moves to the new text; an unlisted edit is still refused', async () => {
      const { db } = current();
      const dir = mkdtempSync(join(tmpdir(), 'ombud-migrations-'));
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      const file = join(dir, '0002_case_timers.sql');
      const before = readMigrations(dir)[1]!.checksum;
      writeFileSync(file, `-- a comment changed after the migration ran\n${readFileSync(file, 'utf8')}`);
      const after = readMigrations(dir)[1]!.checksum;
      await expect(migrate(db, { dir, earlierChecksums: {} })).rejects.toThrow(
        /0002_case_timers was changed after it was applied/,
      );
      await migrate(db, { dir, earlierChecksums: { 2: [before] } });
      const { rows } = await db.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = 2');
      expect(rows[0]!.checksum).toBe(after);
    });

    it('a database migrated before the comment-only edits of 0001, 0002 and 0006 starts on the edited files', async () => {
      const { db } = current();
      for (const [version, [old]] of Object.entries(EARLIER_CHECKSUMS)) {
        await db.query('UPDATE schema_migrations SET checksum = $2 WHERE version = $1', [Number(version), old]);
      }
      expect(await migrate(db)).toEqual({ applied: [], alreadyApplied: MIGRATION_COUNT });
      const current_ = readMigrations();
      const { rows } = await db.query<{ version: number; checksum: string }>(
        'SELECT version, checksum FROM schema_migrations ORDER BY version',
      );
      expect(rows.map((row) => row.checksum)).toEqual(current_.map((migration) => migration.checksum));
    });

    it('roll a failing migration back whole and record nothing of it', async () => {
      const { db } = current();
      const dir = mkdtempSync(join(tmpdir(), 'ombud-migrations-'));
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      const next = String(MIGRATION_COUNT + 1).padStart(4, '0');
      writeFileSync(join(dir, `${next}_broken.sql`), 'CREATE TABLE half_done (id int);\nSELECT no_such_function();');
      await expect(migrate(db, { dir })).rejects.toThrow(/no_such_function/);
      const { rows } = await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'");
      expect(rows).toHaveLength(0);
      expect(await recorded(db)).toHaveLength(MIGRATION_COUNT);
    });

    it('keep case_events append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
      const { db } = current();
      await db.query("INSERT INTO conversations (consumer_id, channel) VALUES ('c-1', 'web')");
      const { rows } = await db.query<{ id: number }>(
        "INSERT INTO cases (ref, consumer_id, intent, tier, status) VALUES ('OMB-T1', 'c-1', 'invoice', 'customer_service', 'queued') RETURNING id",
      );
      const caseId = rows[0]!.id;
      await db.query("INSERT INTO case_events (case_id, type, actor, reason) VALUES ($1, 'opened', 'bot', 'first')", [
        caseId,
      ]);

      await expect(db.query("UPDATE case_events SET reason = 'rewritten'")).rejects.toThrow(/append-only: UPDATE/);
      await expect(db.query('DELETE FROM case_events')).rejects.toThrow(/append-only: DELETE/);
      await expect(db.query('TRUNCATE case_events')).rejects.toThrow(/append-only: TRUNCATE/);
      await expect(
        db.transaction((tx) => tx.query('DELETE FROM case_events WHERE case_id = $1', [caseId])),
      ).rejects.toThrow(/append-only/);

      const after = await db.query<{ reason: string }>('SELECT reason FROM case_events WHERE case_id = $1', [caseId]);
      expect(after.rows).toEqual([{ reason: 'first' }]);
    });

    it('refuse a resolved case without an outcome', async () => {
      const { db } = current();
      await expect(
        db.query(
          "INSERT INTO cases (ref, consumer_id, intent, tier, status) VALUES ('OMB-T2', 'c-1', 'invoice', 'customer_service', 'resolved')",
        ),
      ).rejects.toThrow(/resolved_has_outcome/);
    });
  },
  { migrated: false },
);

describe('migration files', () => {
  it('are numbered without gaps and named NNNN_name.sql', () => {
    const migrations = readMigrations();
    expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_, index) => index + 1));
  });

  it('a badly named file stops the run with a clear error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ombud-migrations-'));
    writeFileSync(join(dir, '0001_Initial.sql'), 'SELECT 1;');
    expect(() => readMigrations(dir)).toThrow(MigrationError);
    expect(() => readMigrations(dir)).toThrow(/must be named NNNN_name.sql/);
  });
});

describe('concurrent migrators', () => {
  it('four processes migrating one fresh PostgreSQL database at once apply each migration exactly once [postgres]', async () => {
    const server = await createServerDatabase();
    // Four separate pools: four sets of connections, as four service processes would have.
    const dbs = await Promise.all([1, 2, 3, 4].map(() => openDatabase({ kind: 'postgres', url: server.url })));
    try {
      const results = await Promise.all(dbs.map((db) => migrate(db)));
      const appliedCounts = results.map((result) => result.applied.length);
      expect(appliedCounts.reduce((a, b) => a + b, 0)).toBe(MIGRATION_COUNT);
      expect(await recorded(dbs[0]!)).toEqual(
        Array.from({ length: MIGRATION_COUNT }, (_, index) => ({ version: index + 1, count: 1 })),
      );
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
      await server.drop();
    }
  });

  it('three migrators racing on one PGlite instance apply each migration exactly once [pglite]', async () => {
    const database = await createTestDatabase(DRIVERS[0], { migrated: false });
    try {
      const results = await Promise.all([1, 2, 3].map(() => migrate(database.db)));
      expect(results.map((result) => result.applied.length).reduce((a, b) => a + b, 0)).toBe(MIGRATION_COUNT);
      expect((await recorded(database.db)).every((row) => row.count === 1)).toBe(true);
    } finally {
      await database.dispose();
    }
  });
});
