// An agent's message in a case card's thread goes to the consumer, as the agent's reply through
// routing: only the holder may answer. The message gets a reaction once stored and signalled for
// delivery, so the agent sees what went out; a refused one is explained privately. A message
// starting with `note:` stays internal: it is kept on the case as a note (shown on the card) and
// never sent to the consumer.
//
// Slack never sends an acknowledged event again, and Bolt acknowledges before any listener runs;
// so the message is written down with its event's claim before the acknowledgement, within
// Slack's 3 s (one INSERT, under a budget). A replica that dies after that leaves an unfinished
// claim, which any replica's recovery takes up after the lease and works as the listener would;
// the reply is stored under the Slack message's ts, and a note under its source, so a message
// worked twice reaches the consumer once. Why not a scan of the cards' threads for messages
// without our reaction: that is one conversations.replies call per open card per round, past
// Slack's rate limits at a few hundred open cases, and it finds a lost message a minute late at
// best. Slack's retries (x-slack-retry-num, possibly to another replica) find the claim and add
// nothing.
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import {
  addCaseNote,
  claimSlackEvent,
  findCaseById,
  finishSlackEvent,
  unfinishedThreadMessages,
  withTimeout,
  type CardStore,
  type DecisionContext,
  type RecordedThreadMessage,
  type StoredCase,
} from '../../db/index.ts';
import { redact } from '../../intents/redact.ts';
import type { Tier } from '../../routing/index.ts';
import { postAgentReply } from '../dialog/agent-reply.ts';
import type { Logger } from '../log.ts';
import { showChange } from './actions.ts';
import { beforeAcknowledging } from './app.ts';
import { safeText } from './cards.ts';
import type { CardDetails } from './details.ts';
import { consumerText } from './to-consumer.ts';

export const SENT_REACTION = 'white_check_mark';
export const NOTE_REACTION = 'memo';

/** Writing the claim must leave time to answer Slack within its 3 s. */
const RECORD_BUDGET_MS = 2_000;
/** Slack delivers an event at most four times (x-slack-retry-num 0 to 3). */
const LAST_DELIVERY = 3;
/** Work a message at most this many times; then the agent is asked to send it again. */
const MAX_ATTEMPTS = 5;

export interface ThreadOptions {
  context: DecisionContext;
  channelTiers: Readonly<Record<string, Tier>>;
  store: CardStore;
  /** Brings a case's cards up to date (the card poster); the thread's card is updated directly when absent. */
  cards?: { refresh(caseId: number): Promise<void> };
  details?: (stored: StoredCase) => Promise<CardDetails>;
  now?: () => Date;
  log?: Logger;
}

export interface ThreadReplies {
  /** Works the thread messages whose replica died (or failed) after Slack was answered. */
  recover(): Promise<void>;
}

const NOTE = /^\s*note:\s*/i;

export function isInternalNote(text: string): boolean {
  return NOTE.test(text);
}

/** The thread message in an event's body that the desk works, if it is one (a person's reply in a tier's channel). */
function threadMessageIn(
  body: unknown,
  channelTiers: Readonly<Record<string, Tier>>,
): RecordedThreadMessage | undefined {
  const event = (body as { type?: string; event?: Record<string, unknown> }).event;
  if ((body as { type?: string }).type !== 'event_callback' || event?.type !== 'message') return undefined;
  // Edits, joins and bot posts carry a subtype; only plain messages by people are replies.
  if (event.subtype !== undefined || event.bot_id !== undefined) return undefined;
  const { channel, ts, thread_ts: threadTs, user, text } = event;
  if (typeof channel !== 'string' || typeof ts !== 'string' || typeof threadTs !== 'string' || typeof user !== 'string')
    return undefined;
  if (threadTs === ts || !channelTiers[channel]) return undefined;
  return { channel, ts, threadTs, user, text: typeof text === 'string' ? text : '' };
}

/** What the record before the acknowledgement found, for the listener. */
type Claim = 'ours' | 'taken' | 'unrecorded';

export function registerThreadReplies(app: App, options: ThreadOptions): ThreadReplies {
  const now = options.now ?? (() => new Date());
  const db = options.context.db;

  beforeAcknowledging(app, async (event) => {
    const message = threadMessageIn(event.body, options.channelTiers);
    const eventId = (event.body as { event_id?: unknown }).event_id;
    if (!message || typeof eventId !== 'string') return event;
    let claim: Claim;
    try {
      claim = (await withTimeout(
        claimSlackEvent(db, eventId, now(), message),
        RECORD_BUDGET_MS,
        'recording a slack thread message',
      ))
        ? 'ours'
        : 'taken';
    } catch (error) {
      // Unanswered (a 500), Slack delivers it again; its last delivery is taken as it is, and
      // the agent is told it did not go out.
      if ((event.retryNum ?? 0) < LAST_DELIVERY) throw error;
      options.log?.error({ err: error, eventId }, 'slack thread message could not be recorded on its last delivery');
      claim = 'unrecorded';
    }
    return { ...event, customProperties: { ...event.customProperties, threadMessageClaim: claim } };
  });

  app.event('message', async ({ body, client, context }) => {
    const message = threadMessageIn(body, options.channelTiers);
    if (!message) return;
    const eventId = (body as { event_id?: string }).event_id;
    const claim = context.threadMessageClaim as Claim | undefined;
    if (claim === 'taken') {
      options.log?.info({ eventId }, 'slack event already taken');
      return;
    }
    if (claim === 'unrecorded') {
      await tellNotTaken(client, message);
      return;
    }
    await work(client, message, eventId, 1);
  });

  async function tellNotTaken(client: WebClient, message: RecordedThreadMessage): Promise<void> {
    const what = isInternalNote(message.text) ? 'kept as a note' : 'sent to the consumer';
    await client.chat
      .postEphemeral({
        channel: message.channel,
        user: message.user,
        thread_ts: message.threadTs,
        text: `Not ${what}: something went wrong on our side. Please send it again.`,
      })
      .catch((error: unknown) =>
        options.log?.warn({ err: error }, 'could not tell the agent their message was not taken'),
      );
  }

  /**
   * Works a recorded message (its claim held, when it has an event id): stored or refused, the
   * claim finished, then the reaction or the refusal shown. A failure before that leaves the claim
   * to the recovery, until the last attempt, which tells the agent instead.
   */
  async function work(
    client: WebClient,
    message: RecordedThreadMessage,
    eventId: string | undefined,
    attempt: number,
  ): Promise<void> {
    const finish = () => (eventId ? finishSlackEvent(db, eventId, now()) : Promise.resolve());
    let taken = false;
    try {
      const tier = options.channelTiers[message.channel]!;
      const card = await options.store.caseInThread(message.channel, message.threadTs);
      if (!card || card.tier !== tier) return await finish();
      const show = await take(client, message, card, tier);
      taken = true;
      await finish();
      await show();
    } catch (error) {
      options.log?.error(
        { err: error, eventId, attempt },
        taken
          ? 'slack thread message taken; showing so in slack failed'
          : 'slack thread message not taken; it is tried again',
      );
      if (taken || attempt < MAX_ATTEMPTS) return;
      await tellNotTaken(client, message);
      await finish().catch(() => {});
    }
  }

  /** Stores the message (a note, a reply) or has routing refuse it; what to show in Slack afterwards. */
  async function take(
    client: WebClient,
    message: RecordedThreadMessage,
    card: { caseId: number; ref: string },
    tier: Tier,
  ): Promise<() => Promise<void>> {
    const sourceRef = `slack:${message.channel}:${message.ts}`;
    if (isInternalNote(message.text)) {
      const note = message.text.replace(NOTE, '').trim();
      const at = now();
      await addCaseNote(db, {
        caseId: card.caseId,
        author: `${tier === 'ombudsman' ? 'ombudsman' : 'agent'}:${message.user}`,
        text: note,
        redactedText: redact(note),
        sourceRef,
        at,
      });
      return async () => {
        await client.reactions.add({ channel: message.channel, timestamp: message.ts, name: NOTE_REACTION });
        const stored = await findCaseById(db, card.caseId);
        if (stored)
          await showChange(client, options, { channel: message.channel, ts: message.threadTs }, stored, tier, at);
      };
    }
    // The consumer reads plain text, never Slack's markup; the message as typed stays in Slack.
    const text = await consumerText(client, message.text);
    const result = text
      ? await postAgentReply(options.context, {
          caseRef: card.ref,
          agent: { id: message.user, tier },
          text,
          sourceRef,
          now: now(),
        })
      : undefined;
    if (result?.ok)
      return () =>
        client.reactions.add({ channel: message.channel, timestamp: message.ts, name: SENT_REACTION }).then(() => {});
    const why = result ? result.error.message : 'it holds only mentions of the desk, nothing for the consumer to read.';
    return () =>
      client.chat
        .postEphemeral({
          channel: message.channel,
          user: message.user,
          thread_ts: message.threadTs,
          text: `Not sent to the consumer: ${safeText(why)}`,
        })
        .then(() => {});
  }

  return {
    async recover() {
      for (const { eventId, message, attempts } of await unfinishedThreadMessages(db, {
        now: now(),
        maxAttempts: MAX_ATTEMPTS,
      })) {
        // Another replica's recovery (or Slack's retry) may have taken it since the read.
        if (!(await claimSlackEvent(db, eventId, now()))) continue;
        options.log?.warn({ eventId, attempt: attempts + 1 }, 'working a slack thread message left unfinished');
        await work(app.client, message, eventId, attempts + 1);
      }
    },
  };
}
