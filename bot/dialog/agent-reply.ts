// An agent's (or the ombudsman's) reply to a consumer, from any desk (Slack comes later): a
// routing decision first (only the case's assignee may reply; the first reply meets the
// first-response target), then the message stored in the consumer's conversation, then a signal
// so that whichever replica holds the consumer's socket delivers it at once. A consumer who is
// offline sees it in the history when they come back.
import { redact } from '../../intents/redact.ts';
import {
  findCaseByRef,
  latestConversation,
  openConversation,
  runCaseCommand,
  storeOutboundInOrder,
  type DecisionContext,
  type StoredMessage,
} from '../../db/index.ts';
import type { RoutingError, Tier } from '../../routing/index.ts';

export type AgentReplyResult = { ok: true; message: StoredMessage } | { ok: false; error: RoutingError };

export async function postAgentReply(
  context: DecisionContext,
  input: {
    caseRef: string;
    agent: { id: string; tier: Tier };
    text: string;
    /** The desk's id of the message (e.g. its Slack ts): a reply worked twice is stored once. */
    sourceRef?: string;
    now: Date;
  },
): Promise<AgentReplyResult> {
  const decided = await runCaseCommand(
    context,
    input.caseRef,
    { type: 'reply', actor: { kind: 'agent', id: input.agent.id, tier: input.agent.tier } },
    input.now,
  );
  if (!decided.ok) return decided;
  const stored = (await findCaseByRef(context.db, input.caseRef))!;
  const conversationId =
    stored.case.conversationId ??
    (await latestConversation(context.db, stored.case.consumerId, 'web')) ??
    (await latestConversation(context.db, stored.case.consumerId, 'app')) ??
    (await openConversation(context.db, { consumerId: stored.case.consumerId, channel: 'web', at: input.now }));
  // Stored and signalled in one transaction, one reply at a time per conversation: replies
  // written at once reach the consumer in the history's order.
  const message = await storeOutboundInOrder(context.db, {
    conversationId,
    caseId: stored.id,
    author: `${input.agent.tier === 'ombudsman' ? 'ombudsman' : 'agent'}:${input.agent.id}`,
    text: input.text,
    redactedText: redact(input.text),
    ...(input.sourceRef !== undefined ? { clientMessageId: input.sourceRef } : {}),
    at: input.now,
  });
  return { ok: true, message };
}
