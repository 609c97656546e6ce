// The one shape of the service's background loops that follow the database: act on each NOTIFY
// of a channel at once, and read again on a timer for what a lost signal (a dropped listening
// connection, a restart) left behind. Used by the consumer relay (bot/web/relay.ts), the outcome
// notices and rating requests (bot/dialog/rating.ts) and the Slack cards (bot/slack/card-poster.ts).
// Stopping ends the timer, then the listening, then waits for the work already begun.
import type { Db } from '../db/index.ts';

export interface SignalLoopOptions {
  db: Db;
  /** The NOTIFY channel to follow. */
  channel: string;
  /** Called with each signal's payload, at once; it starts (does not await) the work. */
  onSignal: (payload: string) => void;
  /** The catch-up read, every `intervalMs` (none when 0); a read still running is not started again. */
  catchUp: () => Promise<unknown>;
  intervalMs: number;
  /** A catch-up read that failed: logged; the next one tries again. */
  onCatchUpError: (error: unknown) => void;
  /** The work begun and not finished, awaited when the loop stops. */
  idle: () => Promise<unknown>;
}

export interface SignalLoop {
  /** Resolves when no catch-up read is running and the work begun is done. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSignalLoop(options: SignalLoopOptions): Promise<SignalLoop> {
  const unlisten = await options.db.listen(options.channel, options.onSignal);
  let reading: Promise<void> | undefined;
  const timer =
    options.intervalMs > 0
      ? setInterval(() => {
          reading ??= options
            .catchUp()
            .then(() => undefined, options.onCatchUpError)
            .finally(() => {
              reading = undefined;
            });
        }, options.intervalMs)
      : undefined;
  // A loop never keeps the process alive on its own.
  timer?.unref();
  async function idle(): Promise<void> {
    do {
      await reading;
      await options.idle();
    } while (reading);
  }
  return {
    idle,
    async stop() {
      clearInterval(timer);
      await unlisten();
      await idle();
    },
  };
}

/** Work run one task at a time, in the order it was asked for; a task's failure goes to `onError` and the next runs. */
export function inTurn(onError: (error: unknown) => void): {
  run(task: () => Promise<unknown>): void;
  idle(): Promise<void>;
} {
  let queue: Promise<void> = Promise.resolve();
  return {
    run(task) {
      queue = queue.then(task).then(() => undefined, onError);
    },
    idle: () => queue,
  };
}
