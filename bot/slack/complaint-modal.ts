// `/complaint [case ref]`, typed in a tier's channel, opens a form to register a complaint that
// came outside the chat: by e-mail, letter, phone or through an authority (the complaints
// register, docs/domain.md "Complaints"). The form asks how it came (and which authority), the
// case it is about or what it is about, the market, when it came and any deadline of its own, and
// what it says. A submission is checked field by field and problems are shown next to their field;
// nothing is kept until all is right (submission.ts). The summary is masked before it is kept. A
// complaint about a case goes on the case's record, and its card shows it. Applied once per
// submission; the agent is told privately what was registered and by when it must be answered.
import type { App, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { ComplaintError, fileComplaint, findCaseByRef, type DecisionContext } from '../../db/index.ts';
import { INTENTS } from '../../intents/labels.ts';
import { redact } from '../../intents/redact.ts';
import {
  AUTHORITIES,
  AUTHORITY_KEYS,
  COMPLAINT_ANSWER_DAYS,
  type AuthorityKey,
  type Tier,
} from '../../routing/index.ts';
import { timeZoneOf } from '../dialog/catalogue/format.ts';
import { marketOf } from '../dialog/outcomes.ts';
import { endOfDayIn } from '../dialog/readers/date.ts';
import type { Logger } from '../log.ts';
import { SLACK_ID } from './actions.ts';
import { safeText } from './cards.ts';
import { modal, option, selectInput, textInput } from './modal-parts.ts';
import { submissions } from './submission.ts';

export const COMPLAINT_MODAL = 'complaint_register_modal';

/** The channels an agent registers by hand; complaints in the chat are the bot's. */
const DESK_CHANNELS = ['email', 'letter', 'phone', 'authority'] as const;
const CHANNEL_WORDS: Record<(typeof DESK_CHANNELS)[number], string> = {
  email: 'E-mail',
  letter: 'Letter',
  phone: 'Phone',
  authority: 'Through an authority',
};
const MARKETS = ['SE', 'NO', 'DK', 'FI', 'DE'] as const;
const MARKET_WORDS: Record<(typeof MARKETS)[number], string> = {
  SE: 'Sweden',
  NO: 'Norway',
  DK: 'Denmark',
  FI: 'Finland',
  DE: 'Germany',
};
const CASE_REF = /^[A-Za-z0-9-]{1,64}$/;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Where the form was opened: the channel the agent is told in. Set by us; Slack signs it back. */
const Origin = z.object({ channel: z.string().regex(SLACK_ID) });

const isoDay = (at: Date) => at.toISOString().slice(0, 10);
/** A calendar day as the register keeps it: noon UTC, so that it is the same day in every market. */
const noon = (day: string) => new Date(`${day}T12:00:00Z`);
const validDay = (day: string) => DAY.test(day) && isoDay(noon(day)) === day;

const ComplaintForm = z
  .object({
    channel: z.enum(DESK_CHANNELS, { message: 'Choose how the complaint came.' }),
    authority: z.enum(AUTHORITY_KEYS as [AuthorityKey, ...AuthorityKey[]]).nullish(),
    case: z
      .string()
      .trim()
      .regex(CASE_REF, { message: 'A case reference looks like OMB-7K3F9QX2.' })
      .nullish()
      .or(z.literal('').transform(() => null)),
    market: z.enum(MARKETS).nullish(),
    intent: z.enum(INTENTS).nullish(),
    received: z
      .string({ message: 'Give the day the complaint came.' })
      .refine(validDay, { message: 'Give the day the complaint came.' }),
    due: z.string().refine(validDay, { message: 'Not a day.' }).nullish(),
    summary: z
      .string({ message: 'Write what the complaint says.' })
      .trim()
      .min(1, { message: 'Write what the complaint says.' })
      .max(4_000, { message: 'At most 4000 characters.' })
      .refine((text) => !CONTROL.test(text), { message: 'Remove the control characters.' }),
  })
  .superRefine((form, ctx) => {
    if (form.channel === 'authority' && !form.authority)
      ctx.addIssue({ code: 'custom', path: ['authority'], message: 'Choose the authority it came through.' });
    if (form.channel !== 'authority' && form.authority)
      ctx.addIssue({
        code: 'custom',
        path: ['authority'],
        message: 'Only a complaint through an authority names one.',
      });
    if (!form.case && !form.intent)
      ctx.addIssue({ code: 'custom', path: ['intent'], message: 'Without a case, say what the complaint is about.' });
    if (!form.case && !form.authority && !form.market)
      ctx.addIssue({ code: 'custom', path: ['market'], message: 'Without a case or an authority, choose the market.' });
    if (form.due && form.due <= form.received)
      ctx.addIssue({ code: 'custom', path: ['due'], message: 'The answer is due after the day it came.' });
  });

function datePicker(block: string, label: string, optional: boolean, initial?: string) {
  return {
    type: 'input' as const,
    block_id: block,
    optional,
    label: { type: 'plain_text' as const, text: label },
    element: { type: 'datepicker' as const, action_id: 'value', ...(initial ? { initial_date: initial } : {}) },
  };
}

/** The form, with the case the agent typed after /complaint filled in. */
export function complaintView(channel: string, caseRef: string | undefined, today: Date): ModalView {
  const authorityGroups = MARKETS.map((market) => ({
    label: { type: 'plain_text' as const, text: MARKET_WORDS[market] },
    // Slack caps an option's text at 75 characters.
    options: AUTHORITY_KEYS.filter((key) => AUTHORITIES[key].market === market).map((key) =>
      option(key, AUTHORITIES[key].name.slice(0, 75)),
    ),
  }));
  return modal(COMPLAINT_MODAL, { channel }, { title: 'Register a complaint', submit: 'Register' }, [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `A complaint that came outside the chat. It must be answered within ${COMPLAINT_ANSWER_DAYS.letter} days (one through an authority ${COMPLAINT_ANSWER_DAYS.authority}) unless it names its own date.`,
      },
    },
    selectInput(
      'channel',
      'How it came',
      DESK_CHANNELS.map((value) => option(value, CHANNEL_WORDS[value])),
      { optional: false },
    ),
    {
      type: 'input',
      block_id: 'authority',
      optional: true,
      label: { type: 'plain_text', text: 'Authority (through an authority only)' },
      element: { type: 'static_select', action_id: 'value', option_groups: authorityGroups },
    },
    {
      type: 'input',
      block_id: 'case',
      optional: true,
      label: { type: 'plain_text', text: 'Case it is about (reference)' },
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        max_length: 64,
        placeholder: { type: 'plain_text', text: 'OMB-7K3F9QX2' },
        ...(caseRef ? { initial_value: caseRef } : {}),
      },
    },
    selectInput(
      'intent',
      'What it is about (without a case)',
      INTENTS.map((intent) => option(intent, intent.replace(/_/g, ' '))),
      { optional: true },
    ),
    selectInput(
      'market',
      "Market (the case's or the authority's when empty)",
      MARKETS.map((market) => option(market, MARKET_WORDS[market])),
      { optional: true },
    ),
    datePicker('received', 'Came on', false, isoDay(today)),
    datePicker('due', 'Must be answered by (its own date, if it names one)', true),
    textInput('summary', 'What it says (personal data is masked)'),
  ]);
}

export interface ComplaintDeskOptions {
  context: DecisionContext;
  channelTiers: Readonly<Record<string, Tier>>;
  now?: () => Date;
  log?: Logger;
}

export function registerComplaintDesk(app: App, options: ComplaintDeskOptions): void {
  const clock = options.now ?? (() => new Date());
  const submission = submissions({
    db: options.context.db,
    now: clock,
    channelTiers: options.channelTiers,
    origin: Origin,
    ...(options.log ? { log: options.log } : {}),
  });

  app.command('/complaint', async ({ command, ack, client }) => {
    if (!options.channelTiers[command.channel_id]) {
      await ack({ response_type: 'ephemeral', text: "Register complaints in a tier's channel." });
      return;
    }
    const typed = command.text.trim();
    if (typed !== '' && !CASE_REF.test(typed)) {
      await ack({
        response_type: 'ephemeral',
        text: 'Type `/complaint`, or `/complaint OMB-7K3F9QX2` for a complaint about that case.',
      });
      return;
    }
    await ack();
    await client.views.open({
      trigger_id: command.trigger_id,
      view: complaintView(command.channel_id, typed ? typed.toUpperCase() : undefined, clock()),
    });
  });

  app.view<ViewSubmitAction>(
    COMPLAINT_MODAL,
    submission(ComplaintForm, { errorBlock: 'summary', anyChannel: true }, async (submitted) => {
      const { form: data, origin, user, now, client, refuse } = submitted;
      if (data.received > isoDay(now)) return refuse('A complaint cannot have come after today.', 'received');
      const ref = data.case ? data.case.toUpperCase() : undefined;
      const stored = ref ? await findCaseByRef(options.context.db, ref) : undefined;
      if (ref && !stored) return refuse(`There is no case ${safeText(ref)}.`, 'case');
      const caseMarket = stored ? marketOf(stored.case) : null;
      const authorityMarket = data.authority ? AUTHORITIES[data.authority].market : null;
      // A market chosen beside an authority or a case that says another one is a slip, not a choice.
      const clash =
        data.market && authorityMarket && data.market !== authorityMarket
          ? `${AUTHORITIES[data.authority!].name} is ${MARKET_WORDS[authorityMarket as (typeof MARKETS)[number]] ?? authorityMarket}'s: leave the market empty or choose ${authorityMarket}.`
          : data.market && caseMarket && data.market !== caseMarket
            ? `Case ${ref} is in ${caseMarket}: leave the market empty or choose ${caseMarket}.`
            : authorityMarket && caseMarket && authorityMarket !== caseMarket
              ? `Case ${ref} is in ${caseMarket}, ${AUTHORITIES[data.authority!].name} in ${authorityMarket}: check the case or the authority.`
              : undefined;
      if (clash) return refuse(safeText(clash), 'market');
      const summary = redact(data.summary);
      if (summary.length > 4_000) return refuse('At most 4000 characters once personal data is masked.');
      const market = authorityMarket ?? data.market ?? caseMarket;
      if (!market) return refuse("The case's language does not tell its market: choose it.", 'market');
      let complaint;
      try {
        complaint = await fileComplaint(options.context, {
          channel: data.channel,
          ...(data.authority ? { authority: data.authority } : {}),
          market,
          ...(ref ? { caseRef: ref } : {}),
          ...(data.intent ? { intent: data.intent } : {}),
          summary,
          receivedAt: noon(data.received),
          // A date of its own is answered by the end of that day where the complaint was made.
          ...(data.due ? { answerDueAt: endOfDayIn(data.due, timeZoneOf('en', market)) } : {}),
          registeredBy: `agent:${user}`,
          now,
        });
      } catch (error) {
        if (!(error instanceof ComplaintError)) throw error;
        return refuse(safeText(error.message));
      }
      await submitted.ack();
      const how = complaint.authority
        ? `through ${AUTHORITIES[complaint.authority].name}`
        : `by ${CHANNEL_WORDS[data.channel].toLowerCase()}`;
      const about = complaint.caseRef
        ? ` about case ${safeText(complaint.caseRef)} (its card shows it)`
        : ` about ${complaint.intent.replace(/_/g, ' ')}`;
      await client.chat
        .postEphemeral({
          channel: origin.channel,
          user,
          text: `Complaint ${complaint.id} registered: came ${how} on ${isoDay(complaint.receivedAt)}${about}; to be answered by ${isoDay(complaint.answerDueAt)}.`,
        })
        .catch((error: unknown) =>
          options.log?.warn(
            { err: error, complaint: complaint.id },
            'slack /complaint: the agent was not told; the complaint is registered',
          ),
        );
    }),
  );
}
