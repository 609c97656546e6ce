// Reply: the agent's message to the consumer, who reads it in their chat as plain text
// (plain-text.ts); the card's thread shows it masked, as the consumer saw it.
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { postAgentReply } from '../../dialog/agent-reply.ts';
import { tell, type Clicked } from '../actions.ts';
import { CARD_ACTIONS, safeText } from '../cards.ts';
import { textInput } from '../modal-parts.ts';
import { consumerText } from '../to-consumer.ts';
import { atCard, cardModal, NOTHING_FOR_THE_CONSUMER, opener, type CardModalDeps } from './card-modal.ts';

export const REPLY_MODAL = 'case_reply_modal';

const ReplyForm = z.object({
  text: z
    .string({ message: 'Write the reply.' })
    .trim()
    .min(1, { message: 'Write the reply.' })
    .max(4_000, { message: 'At most 4000 characters.' }),
});

function replyView(origin: Clicked): ModalView {
  return cardModal(
    REPLY_MODAL,
    origin,
    { title: 'Reply to consumer', submit: 'Send', intro: ': the consumer sees this in their chat.' },
    [textInput('text', 'Reply')],
  );
}

export function register(app: App, deps: CardModalDeps): void {
  app.action<BlockAction<ButtonAction>>(CARD_ACTIONS.reply, opener(replyView));
  app.view<ViewSubmitAction>(
    REPLY_MODAL,
    deps.submission(ReplyForm, { errorBlock: 'text' }, async (submitted) => {
      const { origin, tier, user, now, client } = submitted;
      const text = await consumerText(client, submitted.form.text);
      if (!text) return submitted.refuse(NOTHING_FOR_THE_CONSUMER);
      await submitted.ack();
      // Stored, then signalled to whichever replica holds the consumer's socket (agent-reply.ts).
      const result = await postAgentReply(deps.context, { caseRef: origin.ref, agent: { id: user, tier }, text, now });
      if (!result.ok) {
        await tell(client, atCard(submitted), `Not sent to the consumer: ${safeText(result.error.message)}`);
        return;
      }
      if (origin.ts) {
        // The reply also goes in the card's thread, masked, so the thread shows what the consumer saw.
        await client.chat.postMessage({
          channel: origin.channel,
          thread_ts: origin.ts,
          text: `<@${user}> to the consumer: ${safeText(text)}`,
        });
      }
    }),
  );
}
