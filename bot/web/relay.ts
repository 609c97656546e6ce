// Delivers people's replies (agents, the ombudsman) to the consumer's open sockets on this
// replica. Every replica listens; each sends only to sockets it holds, so a message reaches each
// open tab once. A signal missed while the listening connection was down is caught up by id.
import {
  agentMessagesAfter,
  CONSUMER_MESSAGE_CHANNEL,
  messageForDelivery,
  newestMessageId,
  type Db,
} from '../../db/index.ts';
import type { Logger } from '../log.ts';
import type { AuthenticatedWebAdapter } from './adapter.ts';
import { inTurn, startSignalLoop } from '../signal-loop.ts';

export async function startConsumerRelay(deps: {
  db: Db;
  adapter: AuthenticatedWebAdapter;
  log: Logger;
  catchUpMs?: number;
}) {
  let lastDelivered = 0;
  const delivered = new Set<number>();

  // One delivery at a time, in the order they were asked for: the signal and the catch-up read
  // may both bring a message, and two deliveries of it must not both pass the check.
  const work = inTurn((error) => deps.log.warn({ err: error }, 'relay read failed'));
  function deliverInTurn(ids: () => Promise<number[]>): void {
    work.run(async () => {
      for (const id of await ids())
        await deliver(id).catch((error) => deps.log.warn({ err: error, messageId: id }, 'relay failed'));
    });
  }
  /**
   * A signal for message `id`, and before it, in id order (the history's), the people's messages
   * stored before it whose signals are still on their way: two replies written at once on
   * another replica may signal in the other order than they were stored.
   */
  async function upTo(id: number): Promise<number[]> {
    const earlier = (await agentMessagesAfter(deps.db, Math.max(0, lastDelivered - 200))).filter((other) => other < id);
    return [...earlier, id];
  }

  async function deliver(messageId: number) {
    if (delivered.has(messageId)) return;
    const message = await messageForDelivery(deps.db, messageId);
    if (!message) return;
    delivered.add(messageId);
    if (delivered.size > 10_000) delivered.delete(delivered.values().next().value!);
    lastDelivered = Math.max(lastDelivered, messageId);
    if (!deps.adapter.isConnected(message.consumerId)) return; // offline: the history has it
    deps.adapter.sendToUser(message.consumerId, {
      type: 'message',
      text: message.text,
      from: message.author === 'bot' ? 'bot' : message.author.startsWith('ombudsman:') ? 'ombudsman' : 'agent',
      id: message.id,
      ...(message.quickReplies ? { quick_replies: message.quickReplies } : {}),
      ...(message.caseRef
        ? {
            case: {
              ref: message.caseRef,
              tier: message.caseTier,
              status: message.caseStatus,
              intent: message.caseIntent,
            },
          }
        : {}),
    });
  }

  // Start from now: older messages were delivered by whoever ran then, or are in the history.
  lastDelivered = await newestMessageId(deps.db);

  return startSignalLoop({
    db: deps.db,
    channel: CONSUMER_MESSAGE_CHANNEL,
    onSignal: (payload) => {
      const id = Number(payload);
      if (Number.isSafeInteger(id)) deliverInTurn(() => upTo(id));
    },
    // The catch-up read: whatever a lost signal left behind reaches open sockets within seconds.
    // Ids are taken before commit, so a smaller id can commit later: look back a window, and let
    // `delivered` drop what was already sent.
    catchUp: async () => deliverInTurn(() => agentMessagesAfter(deps.db, Math.max(0, lastDelivered - 200))),
    intervalMs: deps.catchUpMs ?? 2_000,
    onCatchUpError: (error) => deps.log.warn({ err: error }, 'relay read failed'),
    idle: () => work.idle(),
  });
}
