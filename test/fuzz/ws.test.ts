// The widget's websocket under fuzzed frames (text that is not JSON, JSON that is not a message,
// wrong types, NUL and lone surrogates, bytes that are not UTF-8, binary frames, frames that
// claim another consumer, frames too big for the socket), on PGlite and PostgreSQL: every frame
// is answered with an error frame carrying a stable code, or the socket is closed with a stable
// close code; the service keeps running, no table gains a row, and a good message sent after
// all of it still gets its answer. fast-check prints the seed and the smallest failing frame.
import fc from 'fast-check';
import type { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSocket } from '../../bench/lib/chat-load.ts';
import { DRIVERS } from '../support/databases.ts';
import { frameProblem, rowChanges, sendFrame, wsFrame, type HttpCredentials } from '../support/fuzz-inputs.ts';
import { errorLines, fuzzCredentials, startFuzzService, type FuzzService } from './support.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

for (const kind of DRIVERS) {
  describe(`fuzzed websocket frames [${kind}]`, () => {
    let fuzz: FuzzService;
    let credentials: HttpCredentials;
    let ws: WebSocket | undefined;
    const ids = () => ({ ownUser: credentials.ownUser, otherUser: credentials.otherUser });
    const url = () => `${fuzz.base.replace('http', 'ws')}/ws?token=${credentials.ownToken}`;
    const socket = async () => {
      if (!ws || ws.readyState !== ws.OPEN) ws = await openSocket(url());
      return ws;
    };

    beforeAll(async () => {
      fuzz = await startFuzzService(kind);
      credentials = await fuzzCredentials(fuzz.service.db);
    });
    afterAll(async () => {
      ws?.terminate();
      await fuzz?.stop();
    });

    it('answers every bad frame with a stable error or close, and writes nothing', async () => {
      const before = await fuzz.rowCounts();
      let answered = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(wsFrame, { minLength: 1, maxLength: 8 }), async (frames) => {
          for (const frame of frames) {
            answered += 1;
            const outcome = await sendFrame(await socket(), frame, ids());
            const problem = frameProblem(outcome);
            if (problem)
              throw new Error(`${problem}; service errors: ${JSON.stringify(errorLines(fuzz.problems).slice(-2))}`);
          }
        }),
        { numRuns: RUNS, verbose: 1 },
      );
      expect(answered).toBeGreaterThanOrEqual(RUNS);
      expect(rowChanges(before, await fuzz.rowCounts())).toEqual({});
      expect(errorLines(fuzz.problems)).toEqual([]);
    }, 120_000);

    it('a frame that claims another consumer is refused with user_mismatch', async () => {
      const outcome = await sendFrame(
        await socket(),
        { binary: false, data: JSON.stringify({ type: 'message', text: 'Hej', user: credentials.otherUser }) },
        ids(),
      );
      expect(outcome).toEqual({ kind: 'error', code: 'user_mismatch' });
    });

    it('a message with a NUL character is refused with invalid_frame and stores nothing (was a database failure)', async () => {
      const before = await fuzz.rowCounts();
      const outcome = await sendFrame(
        await socket(),
        { binary: false, data: JSON.stringify({ type: 'message', text: 'a\u0000b' }) },
        ids(),
      );
      expect(outcome).toEqual({ kind: 'error', code: 'invalid_frame' });
      expect(rowChanges(before, await fuzz.rowCounts())).toEqual({});
    });

    it('after all the junk, a good message still gets its answer', async () => {
      const outcome = await sendFrame(
        await socket(),
        { binary: false, data: JSON.stringify({ type: 'message', text: 'Hej!' }) },
        ids(),
        15_000,
      );
      expect(outcome.kind).toBe('reply');
      expect(JSON.parse((outcome as { frame: string }).frame)).toMatchObject({
        type: 'message',
        text: expect.any(String),
      });
    }, 30_000);
  });
}
