// Start and stop through one stack. Each part that starts pushes how to stop it; a start that
// fails part-way stops what had started, last first, and a shutdown is the same loop. So no
// part is left running (a timer, a LISTEN connection, a listening socket) when a later one
// cannot start, and the order of stopping is the reverse of starting by construction: a part
// stops before the parts it was started on.

export interface Releasers {
  /** Remembers how to stop a part that has just started; `name` is for the log. */
  push(name: string, release: () => unknown): void;
  /** Stops every part, last started first; a part that fails to stop is reported and the rest still stop. Runs once. */
  releaseAll(): Promise<void>;
}

export interface ReleaseFailure {
  name: string;
  error: unknown;
}

export function createReleasers(onFailure: (failure: ReleaseFailure) => void): Releasers {
  const stack: Array<{ name: string; release: () => unknown }> = [];
  let released: Promise<void> | undefined;
  return {
    push(name, release) {
      if (released) throw new Error(`cannot start ${name}: the service is stopping`);
      stack.push({ name, release });
    },
    releaseAll() {
      released ??= (async () => {
        for (let part = stack.pop(); part; part = stack.pop()) {
          try {
            await part.release();
          } catch (error) {
            onFailure({ name: part.name, error });
          }
        }
      })();
      return released;
    },
  };
}

/**
 * Runs `start` with a fresh stack. When it throws, everything it had pushed is stopped (last
 * first) before the error goes on; when it returns, the caller owns the stack's `releaseAll`.
 */
export async function withReleasers<T>(
  onFailure: (failure: ReleaseFailure) => void,
  start: (releasers: Releasers) => Promise<T>,
): Promise<{ value: T; releaseAll: () => Promise<void> }> {
  const releasers = createReleasers(onFailure);
  try {
    return { value: await start(releasers), releaseAll: () => releasers.releaseAll() };
  } catch (error) {
    await releasers.releaseAll();
    throw error;
  }
}
