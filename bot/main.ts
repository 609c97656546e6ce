// `npm start`: read the configuration, start the service, stop gracefully on SIGTERM/SIGINT.
// Start-up failures are one line on stderr and exit code 1, never a stack trace.
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger, defaultLogFormat } from './log.ts';
import { startService, startLine, type RunningService } from './service.ts';
import { DataDirLockedError, MigrationError } from '../db/index.ts';

function fail(message: string): never {
  process.stderr.write(`ombud: ${message}\n`);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(`configuration error: ${error.message}`);
  throw error;
}

const log = createLogger(config.LOG_LEVEL, undefined, defaultLogFormat(config.LOG_FORMAT, process.stdout));

// Signals are handled from the first moment: a stop asked for during start-up waits for the
// start to finish (the database half-open must still be closed), then stops as usual.
const HARD_DEADLINE_MS = 9_500;
let starting: Promise<RunningService | undefined> | undefined;
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: no new work, finishing what is in flight');
    setTimeout(() => {
      log.error('graceful stop took too long; exiting');
      process.exit(1);
    }, HARD_DEADLINE_MS).unref();
    void (async () => {
      try {
        const service = await starting;
        await service?.stop();
        log.info('stopped');
        process.exit(0);
      } catch (error) {
        log.error({ err: error }, 'error while stopping');
        process.exit(1);
      }
    })();
  });
}

starting = startService(config, log).catch((error: unknown) => {
  if (error instanceof DataDirLockedError || error instanceof MigrationError) fail(error.message);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    const variable =
      config.METRICS_PORT !== undefined && (error as { port?: number }).port === config.METRICS_PORT
        ? 'METRICS_PORT'
        : 'PORT';
    fail(`${variable} ${config[variable]} is already in use; stop the other process or set ${variable}`);
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '3D000' || code === '28P01') {
    fail(`DATABASE_URL: cannot use the database (${(error as Error).message})`);
  }
  log.fatal({ err: error }, 'start-up failed');
  fail(`start-up failed: ${(error as Error).message}`);
});

const service = await starting;
if (service && !stopping) {
  log.info(
    { port: service.port, database: service.db.kind, slack: config.slackEnabled, openai: config.openaiEnabled },
    startLine(config, service),
  );
}
