// The agent desk's endpoint (/slack/events, Bolt's real receiver on the running service) under
// fuzzed payloads on PGlite and PostgreSQL: correctly signed but malformed events, interactive
// payloads (random action ids, values, users, views, private metadata) and slash commands; and
// unsigned, wrongly signed and stale ones. Unsigned ones get 401; signed junk never gets a 5xx
// or a hang, writes no row, and makes no Slack Web API call that posts or changes anything
// people see (a private answer to the clicking agent is allowed). fast-check prints the seed.
import fc from 'fast-check';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS } from '../support/databases.ts';
import { rowChanges, slackInput, SLACK_POSTING_METHODS, type SlackInput } from '../support/fuzz-inputs.ts';
import {
  BOT_TOKEN,
  interceptSlackApi,
  payloadBody,
  postToSlackEndpoint,
  SIGNING_SECRET,
  SLACK_API,
  type SlackApiCall,
} from '../slack/support.ts';
import { errorLines, startFuzzService, type FuzzService } from './support.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 7);
const BATCH = 25;
const CS = 'C0FUZZCS';
const INV = 'C0FUZZINV';
const calls: SlackApiCall[] = [];

beforeAll(() => {
  interceptSlackApi((call) => calls.push(call));
  nock('https://hooks.slack.test')
    .persist()
    .post(/.*/)
    .reply(function (uri, body) {
      calls.push({ method: `response_url ${uri}`, body: body as Record<string, string> });
      return [200, 'ok'];
    });
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

/** Sends a fuzzed payload signed (or not) as its kind says. */
export function sendSlack(base: string, input: SlackInput) {
  const now = Math.floor(Date.now() / 1000);
  return postToSlackEndpoint(base, {
    body: input.body,
    contentType: input.contentType,
    ...(input.kind === 'unsigned' ? { signature: null } : {}),
    ...(input.kind === 'bad_signature' ? { signature: `v0=${'0'.repeat(64)}` } : {}),
    ...(input.kind === 'stale' ? { timestamp: now - 6 * 60 } : {}),
  });
}

const posting = () =>
  calls.filter(
    (call) =>
      SLACK_POSTING_METHODS.has(call.method) ||
      (call.method.startsWith('response_url') && !/ephemeral/.test(JSON.stringify(call.body))),
  );

for (const kind of DRIVERS) {
  describe(`fuzzed Slack payloads [${kind}]`, () => {
    let fuzz: FuzzService;

    beforeAll(async () => {
      fuzz = await startFuzzService(kind, {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_CHANNEL_CUSTOMER_SERVICE: CS,
        SLACK_CHANNEL_INVESTIGATION: INV,
        SLACK_BOT_ID: 'B0FUZZ',
        SLACK_BOT_USER_ID: 'U0FUZZBOT',
        SLACK_API_URL: `${SLACK_API}/api/`,
      });
      calls.length = 0;
    });
    afterAll(() => fuzz?.stop());

    it('refuses unsigned and badly signed payloads with 401, survives signed junk without a 5xx, a row or a post', async () => {
      const before = await fuzz.rowCounts();
      // Sent in batches at once: Bolt answers a payload no listener acknowledges after 3 s.
      await fc.assert(
        fc.asyncProperty(
          fc.array(slackInput({ tierChannels: [CS, INV] }), { minLength: 1, maxLength: BATCH }),
          async (inputs) => {
            const answers = await Promise.all(inputs.map((input) => sendSlack(fuzz.base, input)));
            inputs.forEach((input, i) => {
              const answer = answers[i]!;
              if (input.kind === 'unsigned' || input.kind === 'bad_signature' || input.kind === 'stale') {
                if (answer.status !== 401) throw new Error(`${input.kind}: status ${answer.status}`);
                return;
              }
              if (answer.status >= 500 || answer.status === 0) {
                throw new Error(
                  `${input.kind} ${input.body}: status ${answer.status} ${answer.text.slice(0, 200)}; service errors: ${JSON.stringify(errorLines(fuzz.problems).slice(-2))}`,
                );
              }
            });
          },
        ),
        { numRuns: RUNS, verbose: 1 },
      );
      // Handlers run after the acknowledgement: give them a moment to do whatever they would.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(rowChanges(before, await fuzz.rowCounts())).toEqual({});
      expect(posting()).toEqual([]);
      // Bolt logs every listener's error itself (component slack); the service's own lines must stay clean.
      expect(errorLines(fuzz.problems).filter((line) => line.component !== 'slack')).toEqual([]);
    }, 120_000);

    it('a signed modal submission whose private metadata is not ours is 400 invalid_request (was 500)', async () => {
      const answer = await sendSlack(fuzz.base, {
        kind: 'interactive',
        ...payloadBody({
          type: 'view_submission',
          team: { id: 'T1' },
          user: { id: 'U0ANNA', team_id: 'T1' },
          api_app_id: 'A1',
          view: {
            id: 'V1',
            type: 'modal',
            callback_id: 'case_reply_modal',
            private_metadata: 'not json',
            state: { values: { text: { value: { type: 'plain_text_input', value: 'Hello there' } } } },
          },
        }),
      });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text).error.code).toBe('invalid_request');
    });

    it('a click whose value is not a case reference (a NUL in it) is ignored: no database error, no call to Slack', async () => {
      const errorsBefore = errorLines(fuzz.problems).length;
      const callsBefore = calls.length;
      const answer = await sendSlack(fuzz.base, {
        kind: 'interactive',
        ...payloadBody({
          type: 'block_actions',
          team: { id: 'T1' },
          user: { id: 'U0ANNA', team_id: 'T1' },
          api_app_id: 'A1',
          trigger_id: 't',
          channel: { id: CS },
          container: { type: 'message', message_ts: '1764300000.000100', channel_id: CS },
          actions: [
            { type: 'button', action_id: 'case_pick_up', block_id: 'case:x', value: 'OMB-1\u0000', action_ts: '1.1' },
          ],
        }),
      });
      expect(answer.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(errorLines(fuzz.problems).slice(errorsBefore)).toEqual([]);
      expect(calls.slice(callsBefore)).toEqual([]);
    });

    it('a signed click whose user and actions are not objects is 400, not a 500 (it reached every action listener)', async () => {
      const before = await fuzz.rowCounts();
      const answer = await sendSlack(fuzz.base, {
        kind: 'interactive',
        ...payloadBody({ type: 'block_actions', user: '', actions: ' ' }),
      });
      expect(answer.status).toBe(400);
      expect(rowChanges(before, await fuzz.rowCounts())).toEqual({});
    });
  });
}
