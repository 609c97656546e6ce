// /healthz asked again and again while something else runs: a probe that waits is a process whose
// event loop is held (a costly message, a stuck handler), which every other consumer feels too.

export interface HealthWatch {
  /** Stops asking; resolves to the longest any answer took, in ms (or any refusal: the time it took). */
  stop(): Promise<number>;
}

export function watchHealth(base: string, pauseMs = 20): HealthWatch {
  let stopped = false;
  let longestMs = 0;
  const watching = (async () => {
    while (!stopped) {
      const started = performance.now();
      await fetch(`${base}/healthz`).then(
        (response) => response.arrayBuffer(),
        () => undefined,
      );
      longestMs = Math.max(longestMs, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await watching;
      return longestMs;
    },
  };
}
