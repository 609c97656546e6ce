import type { Db } from './driver.ts';

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir?: string };

/** PostgreSQL when a URL is configured, embedded PGlite otherwise. */
export async function openDatabase(
  target: DatabaseTarget,
  options: { poolSize?: number; onListenerState?: (state: 'lost' | 'restored', error?: Error) => void } = {},
): Promise<Db> {
  if (target.kind === 'postgres') {
    const { openPostgres } = await import('./postgres.ts');
    return openPostgres({ url: target.url, ...options });
  }
  const { openPGlite } = await import('./pglite.ts');
  return openPGlite({ dataDir: target.dataDir });
}
