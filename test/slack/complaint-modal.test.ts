// Registering a complaint from Slack (issue 18, item 4) through the real service (bot/service.ts in
// this process; Slack through Bolt's HTTP receiver with signed requests, its Web API recorded by
// nock), on PGlite and PostgreSQL: `/complaint OMB-…` in a tier's channel opens the form with the
// case filled in; a form with problems is answered field by field and registers nothing; a right
// one registers the complaint once (a replayed submission adds nothing), masked, with the
// authority's deadline, tells the agent privately, and the case's card shows it, then shows it
// answered once the CLI's answer is recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/log.ts';
import { startService, type RunningService } from '../../bot/service.ts';
import { COMPLAINT_MODAL } from '../../bot/slack/complaint-modal.ts';
import { caseEvents, closeComplaint, findCaseByRef, listComplaints } from '../../db/index.ts';
import { contextFor, open, OMBUDSMAN_TOKEN, SECRET } from '../ombudsman/support.ts';
import { createServerDatabase, DRIVERS } from '../support/databases.ts';
import { freePort } from '../support/process.ts';
import { dateValue, newView, selectedValue, slashCommand, textValue, viewSubmission } from './payloads.ts';
import { postToSlackEndpoint, recordSlackApi, SIGNING_SECRET, SLACK_API } from './support.ts';
import { until } from '../support/until.ts';

const CS_CHANNEL = 'C0CUSTSERV';
const INV_CHANNEL = 'C0INVESTIG';
let nextTs = 0;
const slack = recordSlackApi((call) => ({
  channel: call.body.channel,
  ts: call.body.ts ?? `1764500000.${String(++nextTs).padStart(6, '0')}`,
}));

const slash = (text: string, channel = CS_CHANNEL) => slashCommand({ command: '/complaint', text, channel });

const day = (at: Date) => at.toISOString().slice(0, 10);

/** The form as Slack sends it back: every block, with what the agent chose or typed. */
function form(values: {
  channel?: string;
  authority?: string;
  case?: string;
  intent?: string;
  market?: string;
  received?: string;
  due?: string;
  summary?: string;
}) {
  return {
    channel: selectedValue(values.channel ?? null),
    authority: selectedValue(values.authority ?? null),
    case: textValue(values.case ?? null),
    intent: selectedValue(values.intent ?? null),
    market: selectedValue(values.market ?? null),
    received: dateValue(values.received ?? null),
    due: dateValue(values.due ?? null),
    summary: textValue(values.summary ?? null),
  };
}

for (const kind of DRIVERS) {
  describe(`/complaint in Slack [${kind}]`, () => {
    let service: RunningService;
    let dataDir: string;
    let drop = async () => {};
    const submit = (values: Parameters<typeof form>[0], view = newView()) =>
      postToSlackEndpoint(
        `http://127.0.0.1:${service.port}`,
        viewSubmission({
          ref: '',
          callbackId: COMPLAINT_MODAL,
          channel: CS_CHANNEL,
          cardTs: '',
          values: form(values),
          view,
        }),
      );

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'ombud-complaint-'));
      const server = kind === 'postgres' ? await createServerDatabase() : undefined;
      if (server) drop = server.drop;
      const config = loadConfig({
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        SESSION_SECRET: SECRET,
        LOG_LEVEL: 'warn',
        OMBUDSMAN_TOKEN,
        SLACK_BOT_TOKEN: 'xoxb-complaint-test',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${SLACK_API}/api/`,
        SLACK_BOT_ID: 'B0BOT',
        SLACK_BOT_USER_ID: 'U0BOT',
        SLACK_CHANNEL_CUSTOMER_SERVICE: CS_CHANNEL,
        SLACK_CHANNEL_INVESTIGATION: INV_CHANNEL,
        ...(server ? { DATABASE_URL: server.url } : {}),
      });
      service = await startService(config, createLogger('warn'));
    }, 120_000);

    afterAll(async () => {
      await service?.stop();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('outside a tier channel, or with something else than a case reference, says how to use it', async () => {
      const base = `http://127.0.0.1:${service.port}`;
      const elsewhere = await postToSlackEndpoint(base, slash('', 'C0RANDOM'));
      expect(elsewhere.status).toBe(200);
      expect(JSON.parse(elsewhere.text).text).toMatch(/tier's channel/);
      const wrong = await postToSlackEndpoint(base, slash('the letter from Anna'));
      expect(JSON.parse(wrong.text).text).toMatch(/\/complaint OMB-/);
      expect(slack.calls.filter((call) => call.method === 'views.open')).toEqual([]);
    });

    it('registers a complaint through an authority on a case once, masked, and the card shows it, then answered', async () => {
      const context = contextFor(service.db);
      const opened = await open(context, `c-${Math.random()}`, 'invoice', new Date());
      const ref = opened.case.ref;
      const cardPosts = () =>
        slack.calls.filter(
          (call) =>
            call.method === 'chat.postMessage' &&
            call.body.channel === CS_CHANNEL &&
            String(call.body.text).startsWith(`${ref}:`),
        );
      await until(() => cardPosts().length === 1, 'the case card');

      // Typed with the reference in lower case: the form has it, and today as the day it came.
      const typed = await postToSlackEndpoint(`http://127.0.0.1:${service.port}`, slash(ref.toLowerCase()));
      expect(typed.status).toBe(200);
      await until(() => slack.calls.some((call) => call.method === 'views.open'), 'the form');
      const view = JSON.parse(slack.calls.find((call) => call.method === 'views.open')!.body.view!);
      expect(view.callback_id).toBe(COMPLAINT_MODAL);
      const blocks = JSON.stringify(view.blocks);
      expect(blocks).toContain(`"initial_value":"${ref}"`);
      expect(blocks).toContain(`"initial_date":"${day(new Date())}"`);
      expect(blocks).toContain('Finansinspektionen');

      // Problems, each next to its field; nothing registered.
      const tomorrow = day(new Date(Date.now() + 86_400_000));
      const wrong = await submit({ channel: 'authority', case: ref, received: day(new Date()), summary: '   ' });
      expect(JSON.parse(wrong.text)).toEqual({
        response_action: 'errors',
        errors: { authority: 'Choose the authority it came through.', summary: 'Write what the complaint says.' },
      });
      const future = await submit({
        channel: 'letter',
        case: ref,
        received: tomorrow,
        summary: 'Letter about the invoice.',
      });
      expect(JSON.parse(future.text).errors).toEqual({ received: 'A complaint cannot have come after today.' });
      const missing = await submit({
        channel: 'letter',
        case: 'OMB-NOSUCH1',
        received: day(new Date()),
        summary: 'Letter about the invoice.',
      });
      expect(JSON.parse(missing.text).errors).toEqual({ case: 'There is no case OMB-NOSUCH1.' });
      const noCase = await submit({ channel: 'phone', received: day(new Date()), summary: 'Called about fees.' });
      expect(JSON.parse(noCase.text).errors).toEqual({
        intent: 'Without a case, say what the complaint is about.',
        market: 'Without a case or an authority, choose the market.',
      });
      const clash = await submit({
        channel: 'authority',
        authority: 'finansinspektionen',
        market: 'NO',
        case: ref,
        received: day(new Date()),
        summary: 'FI forwards a complaint.',
      });
      expect(JSON.parse(clash.text).errors).toEqual({
        market: expect.stringMatching(/^Finansinspektionen is Sweden's: leave the market empty or choose SE\.$/),
      });
      expect(await listComplaints(service.db)).toEqual([]);

      // Right: registered once, though Slack delivers the submission twice.
      const received = new Date(Date.now() - 2 * 86_400_000);
      const values = {
        channel: 'authority',
        authority: 'finansinspektionen',
        case: ref.toLowerCase(),
        received: day(received),
        summary: 'FI forwards a complaint: the invoice was paid with card 4111 1111 1111 1111 and is still open.',
      };
      const submitted = newView();
      const first = await submit(values, submitted);
      expect(first.status).toBe(200);
      expect(first.text).toBe('');
      const replay = await submit(values, submitted);
      expect(replay.status).toBe(200);
      const complaints = await listComplaints(service.db);
      expect(complaints).toHaveLength(1);
      const [complaint] = complaints;
      expect(complaint).toMatchObject({
        caseRef: ref,
        channel: 'authority',
        authority: 'finansinspektionen',
        market: 'SE',
        intent: 'invoice',
        registeredBy: 'agent:U0ANNA',
      });
      expect(complaint!.summary).not.toContain('4111 1111');
      // An authority's ten days, from the day it came.
      expect(day(complaint!.answerDueAt)).toBe(day(new Date(received.getTime() + 10 * 86_400_000)));
      expect(
        (await caseEvents(service.db, (await findCaseByRef(service.db, ref))!.id)).filter(
          (event) => event.type === 'complaint_registered',
        ),
      ).toHaveLength(1);

      await until(
        () => slack.calls.some((call) => call.method === 'chat.postEphemeral' && call.body.user === 'U0ANNA'),
        'the note to the agent',
      );
      const told = slack.calls.filter((call) => call.method === 'chat.postEphemeral');
      expect(told).toHaveLength(1);
      expect(told[0]!.body.text).toBe(
        `Complaint ${complaint!.id} registered: came through Finansinspektionen on ${day(received)} about case ${ref} (its card shows it); to be answered by ${day(complaint!.answerDueAt)}.`,
      );

      const cardShows = (words: string) => () =>
        slack.calls.some(
          (call) =>
            call.method === 'chat.update' &&
            call.body.channel === CS_CHANNEL &&
            String(call.body.blocks).includes(words) &&
            String(call.body.blocks).includes(ref),
        );
      await until(
        cardShows(
          `#${complaint!.id} through Finansinspektionen, came ${day(received)}: answer by ${day(complaint!.answerDueAt)}`,
        ),
        'the complaint on the card',
      );
      const update = slack.calls.find(
        (call) => call.method === 'chat.update' && String(call.body.blocks).includes('Complaints registered'),
      )!;
      expect(String(update.body.blocks)).not.toContain('4111');

      await closeComplaint(context, {
        id: complaint!.id,
        outcome: 'Explained the open invoice to FI.',
        at: new Date(),
      });
      await until(
        cardShows(`#${complaint!.id} through Finansinspektionen, came ${day(received)}: answered ${day(new Date())}`),
        'the answer on the card',
      );
      expect(cardPosts()).toHaveLength(1);
    }, 120_000);

    it('registers one about no case with what it is about and its market', async () => {
      const before = (await listComplaints(service.db)).length;
      const answer = await submit({
        channel: 'letter',
        intent: 'login',
        market: 'NO',
        received: day(new Date()),
        due: day(new Date(Date.now() + 5 * 86_400_000)),
        summary: 'Letter: cannot log in with BankID.',
      });
      expect(answer.text).toBe('');
      const latest = (await listComplaints(service.db)).find((k) => k.summary === 'Letter: cannot log in with BankID.');
      expect((await listComplaints(service.db)).length).toBe(before + 1);
      expect(latest).toMatchObject({
        caseRef: null,
        channel: 'letter',
        authority: null,
        market: 'NO',
        intent: 'login',
      });
      expect(day(latest!.answerDueAt)).toBe(day(new Date(Date.now() + 5 * 86_400_000)));
    });
  });
}
