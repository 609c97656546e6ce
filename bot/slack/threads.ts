// An agent's message in a case card's thread goes to the consumer (PEERS.md: agent replies must
// reach the widget), as the agent's reply through routing: only the holder may answer. The
// message gets a reaction once stored and signalled for delivery, so the agent sees what went
// out; a refused one is explained privately. A message starting with `note:` stays internal.
import type { App } from '@slack/bolt';
import type { GenericMessageEvent } from '@slack/types';
import type { DecisionContext } from '../../db/index.ts';
import type { Tier } from '../../routing/index.ts';
import { postAgentReply } from '../dialog/agent-reply.ts';
import type { Logger } from '../log.ts';
import { safeText } from './cards.ts';
import type { CardStore } from '../../db/index.ts';

export const SENT_REACTION = 'white_check_mark';
export const NOTE_REACTION = 'memo';

export interface ThreadOptions {
  context: DecisionContext;
  channelTiers: Readonly<Record<string, Tier>>;
  store: CardStore;
  now?: () => Date;
  log?: Logger;
}

export function isInternalNote(text: string): boolean {
  return /^\s*note:/i.test(text);
}

export function registerThreadReplies(app: App, options: ThreadOptions): void {
  const now = options.now ?? (() => new Date());

  app.event('message', async ({ event, client, context }) => {
    // Edits, joins and bot posts carry a subtype; only plain messages by people are replies.
    if (event.subtype !== undefined) return;
    const message = event as GenericMessageEvent;
    if (!message.thread_ts || message.thread_ts === message.ts || message.bot_id) return;
    // Acknowledged late once already: the first delivery of this event is being handled.
    if (context.retryNum && context.retryReason === 'http_timeout') return;
    const tier = options.channelTiers[message.channel];
    if (!tier) return;
    const card = await options.store.caseInThread(message.channel, message.thread_ts);
    if (!card || card.tier !== tier) return;
    const text = message.text ?? '';

    if (isInternalNote(text)) {
      await client.reactions.add({ channel: message.channel, timestamp: message.ts, name: NOTE_REACTION });
      return;
    }
    const result = await postAgentReply(options.context, { caseRef: card.ref, agent: { id: message.user, tier }, text, now: now() });
    if (result.ok) {
      await client.reactions.add({ channel: message.channel, timestamp: message.ts, name: SENT_REACTION });
      return;
    }
    await client.chat.postEphemeral({
      channel: message.channel,
      user: message.user,
      thread_ts: message.thread_ts,
      text: `Not sent to the consumer: ${safeText(result.error.message)}`,
    });
  });
}
