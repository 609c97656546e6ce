// Request lines and websocket upgrade headers no client library sends, written on plain TCP
// connections to the real service, on PGlite and PostgreSQL: targets that are not a path
// (`GET //a:b/ws` once ended the process from the upgrade listener), absolute and authority
// forms, `*`, very long targets, bad percent-encoding, NUL and control characters; Upgrade,
// Connection, Sec-WebSocket-* and Host headers missing, doubled or odd; other HTTP versions and
// the HTTP/2 preface. Nothing is answered with a 5xx, nothing whole goes unanswered, no table
// gains a row, and the service still serves afterwards. fast-check prints the seed and the
// smallest failing request.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSession } from '../../bot/web/session.ts';
import { DRIVERS } from '../support/databases.ts';
import { exchangeRaw, rawProblem, rawRequest, RAW_UPGRADE, rowChanges } from '../support/fuzz-inputs.ts';
import { errorLines, FUZZ_SECRET, startFuzzService, type FuzzService } from './support.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

for (const kind of DRIVERS) {
  describe(`raw request lines and upgrade headers [${kind}]`, () => {
    let fuzz: FuzzService;
    beforeAll(async () => {
      fuzz = await startFuzzService(kind);
    });
    afterAll(() => fuzz?.stop());

    it('answers each without a 5xx, and the service keeps serving', async () => {
      const before = await fuzz.rowCounts();
      const port = fuzz.service.port;
      const values = { token: issueSession(FUZZ_SECRET, { now: new Date() }).token, host: `127.0.0.1:${port}` };
      const statuses = new Set<number>();
      await fc.assert(
        fc.asyncProperty(rawRequest, async (request) => {
          const exchange = await exchangeRaw(port, request, values);
          statuses.add(exchange.status);
          const problem = rawProblem(request, exchange);
          if (problem)
            throw new Error(`${problem}; service errors: ${JSON.stringify(errorLines(fuzz.problems).slice(-2))}`);
        }),
        { numRuns: RUNS, verbose: 1 },
      );
      // The runs reached both the parser's refusals and the service's own.
      expect([...statuses]).toEqual(expect.arrayContaining([400, 404]));
      // Still serving: a well-formed upgrade opens the websocket.
      const upgrade = { label: 'a well-formed upgrade', text: `${RAW_UPGRADE}\r\n`, complete: true };
      expect(await exchangeRaw(port, upgrade, values)).toEqual({ status: 101, closed: false });
      expect(rowChanges(before, await fuzz.rowCounts())).toEqual({});
      expect(errorLines(fuzz.problems)).toEqual([]);
    }, 120_000);
  });
}
