// Waiting in a test for something the service does in the background (a card posted, a webhook
// delivered): `check` is asked every 50 ms until it holds, and the wait fails with what was
// awaited when it does not hold in time.
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
