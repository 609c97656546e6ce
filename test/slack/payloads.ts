// What Slack sends the desk, built in the tests: a click on a case card's button (block_actions),
// a modal's submission (view_submission) and the values in it, a slash command, a person's message
// in a card's thread and the App Home being opened (Events API), each whole, with the fields Slack
// adds that the desk does not read; and the case an agent holds, which most of them act on.
// Signing and sending them is support.ts's.
import { openCase, openConversation, runCaseCommand, type DecisionContext, type StoredCase } from '../../db/index.ts';
import type { Intent } from '../../intents/labels.ts';
import { addDays, type Command, type Tier } from '../../routing/index.ts';

/** Where Slack's response_url points. */
export const HOOKS = 'https://hooks.slack.test';

export const jsonBody = (value: unknown) => ({ body: JSON.stringify(value), contentType: 'application/json' });
/** Interactive payloads (block_actions, view_submission) come form-encoded as `payload=`. */
export const payloadBody = (value: unknown) => ({
  body: new URLSearchParams({ payload: JSON.stringify(value) }).toString(),
  contentType: 'application/x-www-form-urlencoded',
});

/**
 * A click on a button of the case card `cardTs` in `channel`, as Slack sends it (the button's
 * value is the case reference).
 */
export function cardClick(input: {
  ref: string;
  actionId: string;
  channel: string;
  cardTs: string;
  user?: string;
  triggerId?: string;
}) {
  const user = input.user ?? 'U0ANNA';
  return payloadBody({
    type: 'block_actions',
    team: { id: 'T1', domain: 'ombud' },
    user: { id: user, username: user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: input.triggerId ?? 'trigger-1',
    container: { type: 'message', message_ts: input.cardTs, channel_id: input.channel, is_ephemeral: false },
    channel: { id: input.channel, name: 'desk' },
    message: { type: 'message', ts: input.cardTs, text: 'card', user: 'UBOT', bot_id: 'B1' },
    response_url: `${HOOKS}/actions/T1/1/x`,
    actions: [
      {
        type: 'button',
        action_id: input.actionId,
        block_id: `case:${input.ref}`,
        value: input.ref,
        text: { type: 'plain_text', text: 'button' },
        action_ts: '1764000001.000001',
      },
    ],
  });
}

let nextView = 1;

/** Which modal Slack opened and which version of it: each call names another opened modal. */
export function newView(): { id: string; hash: string } {
  const n = nextView++;
  return { id: `V0VIEW${String(n).padStart(6, '0')}`, hash: `1764000000.${n.toString(16).padStart(8, '0')}` };
}

/** A modal's state as Slack sends it: block id -> the input's value. */
export type ModalValues = Record<string, Record<string, unknown>>;

/**
 * A modal's submission as Slack sends it, from the case card `ts` in `channel`; another opened
 * modal each time unless `view` names one (a replay, a second Submit of the same modal).
 */
export function viewSubmission(input: {
  ref: string;
  callbackId: string;
  channel: string;
  cardTs: string;
  values: ModalValues;
  user?: string;
  view?: { id: string; hash: string };
}) {
  const view = input.view ?? newView();
  const user = input.user ?? 'U0ANNA';
  return payloadBody({
    type: 'view_submission',
    team: { id: 'T1' },
    user: { id: user, team_id: 'T1' },
    api_app_id: 'A1',
    trigger_id: 'trigger-2',
    view: {
      id: view.id,
      team_id: 'T1',
      type: 'modal',
      callback_id: input.callbackId,
      private_metadata: JSON.stringify({ ref: input.ref, channel: input.channel, ts: input.cardTs }),
      state: { values: input.values },
      hash: view.hash,
      title: { type: 'plain_text', text: 'x' },
      blocks: [],
      app_id: 'A1',
      bot_id: 'B1',
    },
  });
}

/**
 * The case card `cardTs` in `channel`: a click on one of its buttons, a submission of a modal it
 * opened, and a message in its thread, by Anna unless `user` is named.
 */
export function onCard(channel: string, cardTs: string) {
  const by = (user: string | undefined) => (user ? { user } : {});
  return {
    click: (ref: string, actionId: string, user?: string) => cardClick({ ref, actionId, channel, cardTs, ...by(user) }),
    submission: (ref: string, callbackId: string, values: ModalValues, user?: string) =>
      viewSubmission({ ref, callbackId, channel, cardTs, values, ...by(user) }),
    threadMessage: (text: string, user?: string) =>
      threadMessageEvent({ channel, threadTs: cardTs, text, ...by(user) }),
  };
}

/** A modal's text field as Slack sends its state. */
export const textValue = (value: string | null) => ({ value: { type: 'plain_text_input', value } });
/** A modal's select or radio buttons as Slack sends its state; null when nothing is chosen. */
export const selectedValue = (value: string | null, type = 'static_select') => ({
  value: { type, selected_option: value === null ? null : { value, text: { type: 'plain_text', text: value } } },
});
/** A modal's date picker as Slack sends its state. */
export const dateValue = (value: string | null) => ({ value: { type: 'datepicker', selected_date: value } });

/** The ombudsman's Decide form as Slack sends it back (nothing chosen or typed where not given). */
export const ombudsmanDecideForm = (form: {
  decision: string | null;
  reasoning: string;
  newOutcome?: string;
  feedback?: string;
}) => ({
  decision: selectedValue(form.decision, 'radio_buttons'),
  new_outcome: selectedValue(form.newOutcome ?? null),
  reasoning: textValue(form.reasoning),
  feedback: textValue(form.feedback ?? null),
});

/** `command text` typed by `user` (Anna unless named) in `channel`. */
export function slashCommand(input: { command: string; text: string; channel: string; user?: string }) {
  const user = input.user ?? 'U0ANNA';
  return {
    body: new URLSearchParams({
      token: 'legacy',
      team_id: 'T1',
      channel_id: input.channel,
      channel_name: 'desk',
      user_id: user,
      user_name: 'anna',
      command: input.command,
      text: input.text,
      api_app_id: 'A1',
      response_url: `${HOOKS}/commands/T1/1/x`,
      trigger_id: '1.2.3',
    }).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}

let nextEvent = 1;

/** An Events API delivery of `event`; a new event id each time. */
function eventCallback(kind: string, event: Record<string, unknown>) {
  return {
    type: 'event_callback',
    team_id: 'T1',
    api_app_id: 'A1',
    event_id: `Ev${kind}${nextEvent++}`,
    event_time: Math.floor(Date.now() / 1000),
    event,
  };
}

/**
 * A person's message in the thread of the case card `threadTs`, as the Events API delivers it:
 * its own ts (the one the ✅ goes on), the payload (for the socket) and the request.
 */
export function threadMessageEvent(input: { channel: string; threadTs: string; text: string; user?: string }) {
  const ts = `1764700000.${String(nextEvent).padStart(6, '0')}`;
  const payload = eventCallback('Thread', {
    type: 'message',
    channel: input.channel,
    channel_type: 'channel',
    user: input.user ?? 'U0ANNA',
    text: input.text,
    ts,
    thread_ts: input.threadTs,
  });
  return { ts, payload, request: jsonBody(payload) };
}

/** `user` opening the desk's App Home tab. */
export function appHomeOpened(user: string) {
  return jsonBody({
    token: 'legacy',
    ...eventCallback('Home', {
      type: 'app_home_opened',
      user,
      channel: 'D1',
      tab: 'home',
      event_ts: '1764000000.000100',
    }),
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
  });
}

export const agent = (id: string, tier: Tier) => ({ kind: 'agent', id, tier }) as const;

/** Runs `command` on the case; a refusal fails the test. */
export async function run(context: DecisionContext, ref: string, command: Command, at = new Date()) {
  const result = await runCaseCommand(context, ref, command, at);
  if (!result.ok) throw new Error(`${command.type}: ${result.error.code}`);
  return result.stored;
}

export interface CaseSetup {
  intent?: Intent;
  language?: 'sv' | 'en';
  /** What the bot understood of the purchase (merchant, amount, order). */
  entities?: { merchant: string; amountMinor: number; currency: string; orderNumber: string };
  /** Without a conversation, as a case opened outside the web chat. */
  noConversation?: boolean;
  at?: Date;
}

/** A case the bot opened (an invoice question in English unless set) for a new consumer. */
export async function openedCase(context: DecisionContext, setup: CaseSetup = {}): Promise<StoredCase> {
  const at = setup.at ?? new Date();
  const consumerId = `c-${Math.random()}`;
  const conversationId = setup.noConversation
    ? undefined
    : await openConversation(context.db, { consumerId, channel: 'web', at });
  const opened = await openCase(
    context,
    {
      type: 'open',
      actor: { kind: 'bot' },
      consumerId,
      ...(conversationId ? { conversationId } : {}),
      intent: setup.intent ?? 'invoice',
      language: setup.language ?? 'en',
      ...(setup.entities ? { entities: setup.entities } : {}),
    },
    at,
  );
  if (!opened.ok) throw new Error(opened.error.code);
  return opened.stored;
}

/** The held case: opened as `openedCase` does, then picked up by `holder` (Anna of customer service). */
export async function heldCase(
  context: DecisionContext,
  setup: CaseSetup & { holder?: ReturnType<typeof agent> } = {},
): Promise<StoredCase> {
  const stored = await openedCase(context, setup);
  return run(
    context,
    stored.case.ref,
    { type: 'pick_up', actor: setup.holder ?? agent('U0ANNA', 'customer_service') },
    setup.at,
  );
}

/**
 * `held` (Anna's) taken on to the ombudsman: her final statement, resolved, the consumer's request
 * for a review, and the ombudsman U0OMB holding it.
 */
export async function toOmbudsman(context: DecisionContext, held: StoredCase): Promise<StoredCase> {
  const ref = held.case.ref;
  const anna = agent('U0ANNA', 'customer_service');
  await run(context, ref, {
    type: 'issue_final_statement',
    actor: anna,
    text: 'The invoice stands as issued, after review.',
  });
  await run(context, ref, { type: 'resolve', actor: anna, outcome: 'answered' });
  await run(context, ref, {
    type: 'request_ombudsman',
    actor: { kind: 'consumer', id: held.case.consumerId },
    statement: 'I never got the goods.',
    desiredOutcome: 'Cancel the invoice.',
  });
  return run(context, ref, { type: 'pick_up', actor: agent('U0OMB', 'ombudsman') });
}

/**
 * A disagreement whose merchant never answered in its window, held by investigation's U0INGA, who
 * has heard the consumer's account: a decision for the merchant is refused.
 */
export async function merchantNeverAnswered(context: DecisionContext): Promise<StoredCase> {
  const stored = await openedCase(context, { intent: 'merchant_disagreement' });
  const ref = stored.case.ref;
  const later = addDays(new Date(), 22);
  const investigator = agent('U0INGA', 'investigation');
  await run(context, ref, { type: 'window_expired', actor: { kind: 'system' } }, later);
  await run(context, ref, { type: 'pick_up', actor: investigator }, later);
  await run(context, ref, { type: 'request_info', actor: investigator, from: 'consumer' }, later);
  return run(context, ref, { type: 'reply', actor: { kind: 'consumer', id: stored.case.consumerId } }, later);
}
