// An agent's message in a case card's thread goes to the consumer (PEERS.md: agent replies must
// reach the widget), as the agent's reply through routing: only the holder may answer. The
// message gets a reaction once stored and signalled for delivery, so the agent sees what went
// out; a refused one is explained privately. A message starting with `note:` stays internal: it
// is kept on the case as a note (shown on the card) and never sent to the consumer.
//
// Slack retries an event it thinks was not taken (x-slack-retry-num), possibly to another
// replica: the event's id is claimed in the database first, so a retried message never reaches
// the consumer twice (nor adds a note twice).
import type { App } from '@slack/bolt';
import type { GenericMessageEvent } from '@slack/types';
import {
  addCaseNote,
  claimSlackEvent,
  findCaseById,
  finishSlackEvent,
  releaseSlackEvent,
  type CardStore,
  type DecisionContext,
  type StoredCase,
} from '../../db/index.ts';
import { redact } from '../../intents/redact.ts';
import type { Tier } from '../../routing/index.ts';
import { postAgentReply } from '../dialog/agent-reply.ts';
import type { Logger } from '../log.ts';
import { showChange } from './actions.ts';
import { safeText } from './cards.ts';
import type { CardDetails } from './details.ts';

export const SENT_REACTION = 'white_check_mark';
export const NOTE_REACTION = 'memo';

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

const NOTE = /^\s*note:\s*/i;

export function isInternalNote(text: string): boolean {
  return NOTE.test(text);
}

export function registerThreadReplies(app: App, options: ThreadOptions): void {
  const now = options.now ?? (() => new Date());
  const db = options.context.db;

  app.event('message', async ({ event, client, body }) => {
    // Edits, joins and bot posts carry a subtype; only plain messages by people are replies.
    if (event.subtype !== undefined) return;
    const message = event as GenericMessageEvent;
    if (!message.thread_ts || message.thread_ts === message.ts || message.bot_id) return;
    const tier = options.channelTiers[message.channel];
    if (!tier) return;
    // Slack was told the event arrived before this runs, so it will not send it again: when the
    // message cannot be taken, the agent is told so (else they would take the missing ✅ for a
    // slow one, and the consumer would never get it).
    let taken = false;
    try {
      const card = await options.store.caseInThread(message.channel, message.thread_ts);
      if (!card || card.tier !== tier) return;

      // Taken once across retries and replicas (a retry whose first delivery is still being
      // worked, or was done, finds the claim).
      const eventId = (body as { event_id?: string }).event_id;
      if (eventId && !(await claimSlackEvent(db, eventId, now()))) {
        options.log?.info({ eventId, ref: card.ref }, 'slack event already taken');
        return;
      }
      try {
        await handle(message, card, tier, () => (taken = true));
        if (eventId) await finishSlackEvent(db, eventId, now());
      } catch (error) {
        // Stored already: a retry must not store it again. Not stored: a retry may take it.
        if (eventId) await (taken ? finishSlackEvent(db, eventId, now()) : releaseSlackEvent(db, eventId)).catch(() => {});
        throw error;
      }
    } catch (error) {
      if (!taken) {
        const what = isInternalNote(message.text ?? '') ? 'kept as a note' : 'sent to the consumer';
        await client.chat
          .postEphemeral({ channel: message.channel, user: message.user, thread_ts: message.thread_ts, text: `Not ${what}: something went wrong on our side. Please send it again.` })
          .catch(() => {});
      }
      throw error;
    }

    async function handle(message: GenericMessageEvent, card: { caseId: number; ref: string }, tier: Tier, markTaken: () => void): Promise<void> {
      const text = message.text ?? '';
      if (isInternalNote(text)) {
        const note = text.replace(NOTE, '').trim();
        const at = now();
        await addCaseNote(db, {
          caseId: card.caseId,
          author: `${tier === 'ombudsman' ? 'ombudsman' : 'agent'}:${message.user}`,
          text: note,
          redactedText: redact(note),
          sourceRef: `slack:${message.channel}:${message.ts}`,
          at,
        });
        markTaken();
        await client.reactions.add({ channel: message.channel, timestamp: message.ts, name: NOTE_REACTION });
        const stored = await findCaseById(db, card.caseId);
        if (stored) await showChange(client, options, { channel: message.channel, ts: message.thread_ts }, stored, tier, at);
        return;
      }
      const result = await postAgentReply(options.context, { caseRef: card.ref, agent: { id: message.user, tier }, text, now: now() });
      if (result.ok) {
        markTaken();
        await client.reactions.add({ channel: message.channel, timestamp: message.ts, name: SENT_REACTION });
        return;
      }
      await client.chat.postEphemeral({
        channel: message.channel,
        user: message.user,
        thread_ts: message.thread_ts,
        text: `Not sent to the consumer: ${safeText(result.error.message)}`,
      });
    }
  });
}
