// Every JSON route of the service under fuzzed requests (bytes, broken JSON, wrong types, deep
// nesting, oversized bodies, odd content types and encodings, NUL and lone surrogates, valid
// requests for another consumer's case, another merchant's dispute or the ombudsman's desk), on PGlite and PostgreSQL: each
// answer is a 4xx with {"error": {"code", "message"}} and a code from the stable set (never a
// 5xx, never a hang), and no table gains or loses a row. fast-check prints the seed and the
// smallest failing request when this fails.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describe } from 'vitest';
import {
  acceptedStatuses,
  answerProblem,
  httpInput,
  materialise,
  rowChanges,
  sendRaw,
  type HttpCredentials,
} from '../support/fuzz-inputs.ts';
import { DRIVERS } from '../support/databases.ts';
import { errorLines, fuzzCredentials, startFuzzService, type FuzzService } from './support.ts';
import { Clock, contextFor, DAY, decidedForMerchant } from '../ombudsman/support.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/**
 * The row counts once the service's background work (outcome notices, the rating request) has
 * stopped writing: the same counts read a second apart.
 */
async function settledRowCounts(fuzz: FuzzService) {
  let last = await fuzz.rowCounts();
  for (let tries = 0; tries < 20; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = await fuzz.rowCounts();
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  return last;
}

for (const kind of DRIVERS) {
  describe(`fuzzed HTTP requests [${kind}]`, () => {
    let fuzz: FuzzService;
    let credentials: HttpCredentials;

    beforeAll(async () => {
      fuzz = await startFuzzService(kind);
      credentials = await fuzzCredentials(fuzz.service.db);
    });
    afterAll(() => fuzz?.stop());

    it('answers every bad request with a 4xx and a stable code, and writes nothing', async () => {
      const before = await fuzz.rowCounts();
      await fc.assert(
        fc.asyncProperty(httpInput, async (input) => {
          const sent = materialise(input, credentials);
          const answer = await sendRaw(fuzz.base, sent);
          const problem = answerProblem(answer, acceptedStatuses(input));
          if (problem)
            throw new Error(
              `${sent.method} ${sent.path}: ${problem}; service errors: ${JSON.stringify(errorLines(fuzz.problems).slice(-2))}`,
            );
        }),
        { numRuns: RUNS, verbose: 1 },
      );
      expect(rowChanges(before, await fuzz.rowCounts())).toEqual({});
      expect(errorLines(fuzz.problems)).toEqual([]);
    }, 120_000);

    // Bugs the fuzzer found, kept as plain examples.
    const post = (path: string, headers: Record<string, string>, body: string | Buffer) =>
      sendRaw(fuzz.base, { method: 'POST', path, headers, body: Buffer.isBuffer(body) ? body : Buffer.from(body) });

    it('a body in a charset the parser does not read is 415 unsupported_media_type (was 500)', async () => {
      const answer = await post('/api/chat/session', { 'content-type': 'application/json; charset=klingon' }, '{}');
      expect(answer.status).toBe(415);
      expect(JSON.parse(answer.text).error.code).toBe('unsupported_media_type');
    });

    it('a body whose content encoding is unknown is 415 unsupported_media_type', async () => {
      const answer = await post(
        '/api/ombudsman/requests',
        { 'content-type': 'application/json', 'content-encoding': 'x-unknown' },
        '{}',
      );
      expect(answer.status).toBe(415);
      expect(JSON.parse(answer.text).error.code).toBe('unsupported_media_type');
    });

    it.each(['/api/cases/%ff', '/api/cases/%00%ff/record', '/api/merchant/disputes/%e0%a4'])(
      'a broken %%-escape in a route parameter (%s) is 400 invalid_request (was 500)',
      async (path) => {
        const answer = await sendRaw(fuzz.base, {
          method: 'GET',
          path,
          headers: { authorization: `Bearer ${credentials.ownToken}` },
          body: Buffer.alloc(0),
        });
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.text).error.code).toBe('invalid_request');
      },
    );

    it('a "gzip" body that does not inflate is 400 invalid_request (was 500)', async () => {
      const before = await fuzz.rowCounts();
      const answer = await post(
        '/api/messages',
        {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          authorization: `Bearer ${credentials.ownToken}`,
        },
        JSON.stringify({ type: 'message', text: 'Hej', user: credentials.ownUser }),
      );
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text).error.code).toBe('invalid_request');
      expect(rowChanges(before, await fuzz.rowCounts())).toEqual({});
    });

    it('a message with a NUL character is refused with 400 invalid_request and stores nothing', async () => {
      const before = await fuzz.rowCounts();
      const answer = await post(
        '/api/messages',
        { 'content-type': 'application/json', authorization: `Bearer ${credentials.ownToken}` },
        JSON.stringify({ type: 'message', text: 'my card a\u0000b', user: credentials.ownUser }),
      );
      expect({ status: answer.status, code: JSON.parse(answer.text).error?.code }).toEqual({
        status: 400,
        code: 'invalid_request',
      });
      expect(rowChanges(before, await fuzz.rowCounts())).toEqual({});
    });

    it("a written request with a NUL character in its statement is 400 invalid_request, on the consumer's own eligible case", async () => {
      const owned = await decidedForMerchant(
        contextFor(fuzz.service.db),
        credentials.ownUser,
        new Clock(new Date(Date.now() - 10 * DAY)),
      );
      // The service tells the consumer of the decisions above in the background: counted once that is done.
      const before = await settledRowCounts(fuzz);
      for (const body of [
        { caseRef: owned.case.ref, statement: 'I never got it\u0000', desiredOutcome: 'A refund.' },
        { caseRef: owned.case.ref, statement: 'I never got it', desiredOutcome: 'A\u0000refund.' },
      ]) {
        const answer = await post(
          '/api/ombudsman/requests',
          { 'content-type': 'application/json', authorization: `Bearer ${credentials.ownToken}` },
          JSON.stringify(body),
        );
        expect({ status: answer.status, code: JSON.parse(answer.text).error?.code }).toEqual({
          status: 400,
          code: 'invalid_request',
        });
      }
      expect(rowChanges(before, await fuzz.rowCounts())).toEqual({});
    });

    it("the ombudsman's decision with a NUL character in its reasoning or feedback is 400 invalid_request (was a 500)", async () => {
      const owned = await decidedForMerchant(
        contextFor(fuzz.service.db),
        credentials.ownUser,
        new Clock(new Date(Date.now() - 10 * DAY)),
      );
      const filed = await post(
        '/api/ombudsman/requests',
        { 'content-type': 'application/json', authorization: `Bearer ${credentials.ownToken}` },
        JSON.stringify({ caseRef: owned.case.ref, statement: 'I never got the parcel.', desiredOutcome: 'A refund.' }),
      );
      expect(filed.status).toBe(201);
      // The service tells the consumer of the decisions above in the background: counted once that is done.
      const before = await settledRowCounts(fuzz);
      for (const body of [
        { decision: 'upheld', reasoning: 'The statement\u0000 stands.' },
        { decision: 'upheld', reasoning: 'The statement stands.', feedback: 'Good\u0000 work.' },
      ]) {
        const answer = await post(
          `/api/ombudsman/cases/${owned.case.ref}/decision`,
          { 'content-type': 'application/json', authorization: `Bearer ${credentials.ombudsmanToken}` },
          JSON.stringify(body),
        );
        expect({ status: answer.status, code: JSON.parse(answer.text).error?.code }).toEqual({
          status: 400,
          code: 'invalid_request',
        });
      }
      expect(rowChanges(before, await fuzz.rowCounts())).toEqual({});
    });
  });
}
