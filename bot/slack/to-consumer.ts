// A person's message to the consumer from the desk that is not a plain reply (the question of
// Ask for info): stored in the consumer's conversation after routing accepted the command, then
// signalled so that whichever replica holds the consumer's socket delivers it (bot/web/relay.ts).
// The same steps as bot/dialog/agent-reply.ts, without its `reply` command: the case already
// changed through its own command, and one change is one card update.
import { redact } from '../../intents/redact.ts';
import {
  latestConversation,
  openConversation,
  storeOutboundInOrder,
  type Db,
  type StoredCase,
  type StoredMessage,
} from '../../db/index.ts';
import type { Tier } from '../../routing/index.ts';

export async function sendToConsumer(
  db: Db,
  input: { stored: StoredCase; agent: { id: string; tier: Tier }; text: string; now: Date },
): Promise<StoredMessage> {
  const kase = input.stored.case;
  const conversationId =
    kase.conversationId ??
    (await latestConversation(db, kase.consumerId, 'web')) ??
    (await latestConversation(db, kase.consumerId, 'app')) ??
    (await openConversation(db, { consumerId: kase.consumerId, channel: 'web', language: kase.language, at: input.now }));
  // Stored and signalled in one transaction, one reply at a time per conversation: replies
  // written at once reach the consumer in the history's order.
  const message = await storeOutboundInOrder(db, {
    conversationId,
    caseId: input.stored.id,
    author: `${input.agent.tier === 'ombudsman' ? 'ombudsman' : 'agent'}:${input.agent.id}`,
    text: input.text,
    redactedText: redact(input.text),
    at: input.now,
  });
  return message;
}
