// The ombudsman's lessons reach the team (issue 18) through the real service (bot/service.ts in
// this process, Slack through Bolt with its Web API recorded by nock), on PGlite and PostgreSQL:
// a decision's process feedback is posted once, masked, to the channel of the tier the case came
// from, as a reply in that tier's card thread that is shown in the channel too; no other channel
// gets it, and later catch-up scans do not post it again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/log.ts';
import { startService, type RunningService } from '../../bot/service.ts';
import { processFeedbackFor } from '../../db/index.ts';
import {
  bearer,
  Clock,
  contextFor,
  DAY,
  INV,
  MERCHANT,
  newSession,
  OMBUDSMAN_TOKEN,
  open,
  postJson,
  run,
  SECRET,
} from '../ombudsman/support.ts';
import { createServerDatabase, DRIVERS } from '../support/databases.ts';
import { freePort } from '../support/process.ts';
import { recordSlackApi, SIGNING_SECRET, SLACK_API } from './support.ts';
import { until } from '../support/until.ts';

const CS_CHANNEL = 'C0CUSTSERV';
const INV_CHANNEL = 'C0INVESTIG';
const OMB_CHANNEL = 'C0OMBUDSMN';
let nextTs = 0;
const slack = recordSlackApi((call) => ({
  channel: call.body.channel,
  ts: call.body.ts ?? `1764400000.${String(++nextTs).padStart(6, '0')}`,
}));

for (const kind of DRIVERS) {
  describe(`the ombudsman's lessons in Slack [${kind}]`, () => {
    let service: RunningService;
    let base: string;
    let dataDir: string;
    let drop = async () => {};

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'ombud-lessons-'));
      const server = kind === 'postgres' ? await createServerDatabase() : undefined;
      if (server) drop = server.drop;
      const config = loadConfig({
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        SESSION_SECRET: SECRET,
        LOG_LEVEL: 'warn',
        OMBUDSMAN_TOKEN,
        SLACK_BOT_TOKEN: 'xoxb-lessons-test',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${SLACK_API}/api/`,
        SLACK_BOT_ID: 'B0BOT',
        SLACK_BOT_USER_ID: 'U0BOT',
        SLACK_CHANNEL_CUSTOMER_SERVICE: CS_CHANNEL,
        SLACK_CHANNEL_INVESTIGATION: INV_CHANNEL,
        SLACK_CHANNEL_OMBUDSMAN: OMB_CHANNEL,
        ...(server ? { DATABASE_URL: server.url } : {}),
      });
      service = await startService(config, createLogger('warn'));
      base = `http://127.0.0.1:${service.port}`;
    }, 120_000);

    afterAll(async () => {
      await service?.stop();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it("posts the feedback once, masked, into the investigation card's thread and its channel", async () => {
      const consumer = newSession();
      const context = contextFor(service.db);
      const clock = new Clock(new Date(Date.now() - 40 * DAY));
      const opened = await open(context, consumer.user, 'merchant_disagreement', clock.now);
      const ref = opened.case.ref;
      await run(
        context,
        ref,
        { type: 'merchant_responded', actor: MERCHANT, summary: 'The parcel was delivered.' },
        clock.tick(2 * DAY),
      );
      await run(context, ref, { type: 'window_expired', actor: { kind: 'system' } }, clock.tick(19 * DAY));
      // Investigation's card is up before the case moves on.
      const cardOf = (channel: string) =>
        slack.calls.find(
          (call) =>
            call.method === 'chat.postMessage' &&
            call.body.channel === channel &&
            !call.body.thread_ts &&
            String(call.body.text).startsWith(`${ref}:`),
        );
      await until(() => cardOf(INV_CHANNEL) !== undefined, 'the investigation card');
      await run(context, ref, { type: 'pick_up', actor: INV }, clock.tick());
      await run(context, ref, { type: 'request_info', actor: INV, from: 'consumer' }, clock.tick());
      await run(context, ref, { type: 'reply', actor: { kind: 'consumer', id: consumer.user } }, clock.tick());
      await run(
        context,
        ref,
        {
          type: 'decide_investigation',
          actor: INV,
          decision: 'merchant_favour',
          reasoning: 'Tracking shows delivery.',
        },
        clock.tick(),
      );
      await run(
        context,
        ref,
        { type: 'issue_final_statement', actor: INV, text: 'The invoice stands: the parcel was delivered.' },
        clock.tick(),
      );

      const filed = await postJson(
        `${base}/api/ombudsman/requests`,
        { caseRef: ref, statement: 'The tracking is for another parcel.', desiredOutcome: 'My money back.' },
        bearer(consumer.token),
      );
      expect(filed.status).toBe(201);
      const feedback =
        'Ask the consumer for the tracking number before deciding; the card 4111 1111 1111 1111 was quoted in the file.';
      const answer = await postJson(
        `${base}/api/ombudsman/cases/${ref}/decision`,
        { decision: 'upheld', reasoning: 'The delivery is proven by the signed receipt.', feedback },
        bearer(OMBUDSMAN_TOKEN),
      );
      expect(answer.status).toBe(200);

      const lessons = () =>
        slack.calls.filter(
          (call) =>
            call.method === 'chat.postMessage' &&
            String(call.body.text).includes('Lesson from the customer ombudsman') &&
            String(call.body.text).includes(ref),
        );
      await until(() => lessons().length > 0, 'the lesson in Slack');
      // Two more catch-up rounds: nothing posted twice.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(lessons()).toHaveLength(1);
      const [lesson] = lessons();
      expect(lesson!.body.channel).toBe(INV_CHANNEL);
      expect(String(lesson!.body.reply_broadcast)).toBe('true');
      expect(lesson!.body.thread_ts).toBeDefined();
      const text = String(lesson!.body.text);
      expect(text).toContain('Ask the consumer for the tracking number before deciding');
      expect(text).toContain('upheld the decision');
      expect(text).not.toContain('4111');
      // Kept for the reports as before.
      expect((await processFeedbackFor(service.db, 'investigation')).map((note) => note.caseRef)).toContain(ref);
    }, 120_000);
  });
}
