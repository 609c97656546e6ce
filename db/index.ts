export type { Db, Queryable, QueryResult, Unlisten } from './driver.ts';
export { openDatabase, type DatabaseTarget } from './open.ts';
export { migrate, readMigrations, MigrationError, type MigrateResult } from './migrate.ts';
export { DataDirLockedError } from './pglite-lock.ts';
