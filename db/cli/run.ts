// The frame the operator CLIs (`npm run cases`, `npm run report`, `npm run purchases`) share: the
// first argument picks a command; the database is opened from the service's configuration and
// migrated; a mistake in the call, the input or the configuration exits 2 with its message (and
// the usage for a wrong call), anything else exits 1; the database is closed either way.
import { ConfigError, loadConfig, type Config } from '../../bot/config.ts';
import { DataDirLockedError, migrate, openDatabase, type Db } from '../index.ts';
import { printable } from './printable.ts';

/** The command was called wrongly: its message and the usage text go to stderr, exit code 2. */
export class UsageError extends Error {}

/** What the command was given to read is wrong (a file's lines): its message to stderr, exit code 2. */
export class InputError extends Error {}

export type CliCommand = (db: Db, args: string[], config: Config) => Promise<void>;

export async function runCli(name: string, usage: string, commands: Record<string, CliCommand>): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const run = command !== undefined && Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!run) {
    process.stderr.write(`${usage}\n`);
    process.exit(command ? 2 : 0);
  }
  // Output piped into `head` or `less` that stops reading is the reader's choice, not an error:
  // stop writing quietly (the database is still closed below), never a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exitCode = 0;
    process.stdout.write = () => true;
  });
  let db: Db | undefined;
  try {
    const config = loadConfig();
    db = await openDatabase(config.database);
    await migrate(db);
    await run(db, rest, config);
  } catch (error) {
    const known =
      error instanceof UsageError ||
      error instanceof InputError ||
      error instanceof ConfigError ||
      error instanceof DataDirLockedError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    // A message may quote the input (a CSV line, a file name): printed inert like the output.
    process.stderr.write(
      `${name}: ${printable((error as Error).message)}${error instanceof UsageError ? `\n${usage}` : ''}\n`,
    );
    process.exitCode = known ? 2 : 1;
  } finally {
    await db?.close();
  }
}
