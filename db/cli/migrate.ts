// `npm run migrate`: apply pending migrations to DATABASE_URL, or to PGlite under DATA_DIR.
import { ConfigError, loadConfig } from '../../bot/config.ts';
import { DataDirLockedError, MigrationError, migrate, openDatabase } from '../index.ts';

try {
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    const result = await migrate(db, {
      onApply: (migration) =>
        process.stdout.write(`applying ${String(migration.version).padStart(4, '0')}_${migration.name}\n`),
    });
    process.stdout.write(
      `${db.description}: ${result.applied.length} applied, ${result.alreadyApplied} already applied\n`,
    );
  } finally {
    await db.close();
  }
} catch (error) {
  if (error instanceof ConfigError || error instanceof MigrationError || error instanceof DataDirLockedError) {
    process.stderr.write(`ombud migrate: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`ombud migrate: ${(error as Error).message}\n`);
  process.exit(1);
}
