// The fuzz tests' service: the real composition root (bot/service.ts) in this process, so that the
// test reads the very database the service writes (PGlite included, which one process owns),
// and every log line the service writes at warn and above is kept for the failure messages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/log.ts';
import { startService, type RunningService } from '../../bot/service.ts';
import { issueSession, signSession } from '../../bot/web/session.ts';
import { addMerchant, openCase, notifyInTransaction, type Db } from '../../db/index.ts';
import { createServerDatabase, type DriverKind } from '../support/databases.ts';
import { freePort } from '../support/process.ts';
import { tableRowCounts, type HttpCredentials } from '../support/fuzz-inputs.ts';

export const FUZZ_SECRET = 'fuzz-session-secret-0123456789-0123456789';
export const FUZZ_OMBUDSMAN_TOKEN = 'fuzz-ombudsman-token-0123456789-0123456789';

export interface FuzzService {
  service: RunningService;
  base: string;
  /** Log lines at warn and above, parsed. */
  problems: Record<string, unknown>[];
  rowCounts(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export async function startFuzzService(kind: DriverKind, env: Record<string, string> = {}): Promise<FuzzService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ombud-fuzz-'));
  const server = kind === 'postgres' ? await createServerDatabase() : undefined;
  const config = loadConfig({
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SESSION_SECRET: FUZZ_SECRET,
    OMBUDSMAN_TOKEN: FUZZ_OMBUDSMAN_TOKEN,
    // The one-time-code path is on; no case has a contact, so nothing is ever sent.
    SMTP_URL: 'smtp://127.0.0.1:9',
    LOG_LEVEL: 'warn',
    ...(server ? { DATABASE_URL: server.url } : {}),
    ...env,
  });
  const problems: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          problems.push(JSON.parse(line));
        } catch {
          problems.push({ msg: line });
        }
      }
      done();
    },
  });
  const service = await startService(config, createLogger('warn', sink));
  return {
    service,
    base: `http://127.0.0.1:${service.port}`,
    problems,
    rowCounts: () => tableRowCounts((sql) => service.db.query(sql)),
    async stop() {
      await service.stop();
      await server?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Two consumers (the second with a case of their own), an expired session, the ombudsman's token. */
export async function fuzzCredentials(db: Db): Promise<HttpCredentials> {
  const own = issueSession(FUZZ_SECRET, { now: new Date() });
  const other = issueSession(FUZZ_SECRET, { now: new Date() });
  const expired = signSession(FUZZ_SECRET, own.user, { now: new Date(Date.now() - 3_600_000), ttlMs: 1_000 });
  const opened = await openCase(
    { db, signal: notifyInTransaction() },
    {
      type: 'open',
      actor: { kind: 'bot' },
      consumerId: other.user,
      conversationId: null,
      intent: 'merchant_disagreement',
      language: 'sv',
      entities: { merchant: 'Zalando', amountMinor: 129_900, currency: 'SEK' },
    },
    new Date(),
  );
  if (!opened.ok) throw new Error(`could not open the other consumer's case: ${opened.error.code}`);
  return {
    ownToken: own.token,
    ownUser: own.user,
    otherToken: other.token,
    otherUser: other.user,
    otherCase: opened.stored.case.ref,
    expiredToken: expired.token,
    ombudsmanToken: FUZZ_OMBUDSMAN_TOKEN,
    // A merchant other than the case's: its key opens the merchant API and nothing of the case.
    merchantKey: (await db.transaction((tx) => addMerchant(tx, { name: 'Fuzz Shop' }, new Date()))).apiKey,
  };
}

/** Log lines that mean the service failed on its side (5xx, a crash caught late). */
export function errorLines(problems: Record<string, unknown>[]): Record<string, unknown>[] {
  return problems.filter((line) => line.level === 'error' || line.level === 'fatal');
}
