// Ask for info: a question to the consumer, or on a case with an open dispute also to the merchant
// (investigation hears the consumer first; routing refuses the merchant before that, shown in the
// modal). The case waits for the answer; the card's thread shows the question, masked.
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import type { StoredCase } from '../../../db/index.ts';
import { redact } from '../../../intents/redact.ts';
import { addDays, DEFAULT_POLICY, hasOpenDispute, type Case, type Policy } from '../../../routing/index.ts';
import { tell, type Clicked } from '../actions.ts';
import { CARD_ACTIONS, safeText } from '../cards.ts';
import { option, radioInput, selectInput, textInput } from '../modal-parts.ts';
import { consumerText, sendToConsumer } from '../to-consumer.ts';
import {
  atCard,
  caseCommand,
  cardModal,
  NOTHING_FOR_THE_CONSUMER,
  opener,
  runInModal,
  withCase,
  type CardModalDeps,
} from './card-modal.ts';

export const ASK_FOR_INFO_MODAL = 'case_ask_for_info_modal';

const ASK_DUE_DAYS = ['2', '7', '14'] as const;

const AskForInfoForm = z.object({
  question: z
    .string({ message: 'Write the question.' })
    .trim()
    .min(1, { message: 'Write the question.' })
    .max(4_000, { message: 'At most 4000 characters.' }),
  due: z.enum(ASK_DUE_DAYS, { message: 'Choose when the answer is due.' }).nullish(),
  /** Whom to ask: offered on a case with an open dispute; the consumer when absent. */
  whom: z.enum(['consumer', 'merchant'], { message: 'Choose whom to ask.' }).nullish(),
});
const WHOM_WORDS = {
  consumer: 'The consumer (in their chat)',
  merchant: "The merchant (its webhook and e-mail; after the consumer's account)",
} as const;

function askForInfoView(origin: Clicked, kase: Case | undefined, policy: Policy): ModalView {
  const merchantToo = kase !== undefined && hasOpenDispute(kase);
  const whom = (['consumer', 'merchant'] as const).map((value) => option(value, WHOM_WORDS[value]));
  const defaultDays =
    merchantToo && policy.merchantInfoDays !== policy.consumerInfoDays
      ? `the consumer ${policy.consumerInfoDays}, the merchant ${policy.merchantInfoDays}`
      : String(policy.consumerInfoDays);
  return cardModal(
    ASK_FOR_INFO_MODAL,
    origin,
    {
      title: 'Ask for info',
      submit: 'Ask',
      intro: merchantToo
        ? ': the consumer sees the question in their chat, the merchant gets it with its dispute; the case waits for the answer.'
        : ': the consumer sees the question in their chat; the case waits for their answer.',
    },
    [
      ...(merchantToo ? [radioInput('whom', 'Ask whom', whom, whom[0])] : []),
      textInput('question', 'Question'),
      selectInput(
        'due',
        `Answer due in (${defaultDays} days when empty)`,
        ASK_DUE_DAYS.map((days) => option(days, `${days} days`)),
        { optional: true },
      ),
    ],
  );
}

const dueWords = (stored: StoredCase) =>
  stored.case.waitingUntil ? ` (answer due ${stored.case.waitingUntil.toISOString().slice(0, 10)})` : '';

export function register(app: App, deps: CardModalDeps): void {
  const policy = deps.context.policy ?? DEFAULT_POLICY;
  app.action<BlockAction<ButtonAction>>(
    CARD_ACTIONS.askForInfo,
    opener(withCase(deps.context, (origin, kase) => askForInfoView(origin, kase, policy))),
  );
  app.view<ViewSubmitAction>(
    ASK_FOR_INFO_MODAL,
    deps.submission(AskForInfoForm, { errorBlock: 'question' }, async (submitted) => {
      const { form, origin, tier, user, now, client } = submitted;
      const question = await consumerText(client, form.question);
      if (!question) return submitted.refuse(NOTHING_FOR_THE_CONSUMER);
      const due = form.due ? { dueAt: addDays(now, Number(form.due)) } : {};
      if (form.whom === 'merchant') {
        // The merchant's question travels masked with its request (docs/events.md); nothing goes to the consumer.
        const masked = redact(question);
        const asked = await runInModal(
          deps,
          submitted,
          caseCommand(deps.context, origin.ref, (actor) => ({
            type: 'request_info',
            actor,
            from: 'merchant',
            question: masked,
            ...due,
          })),
        );
        if (!asked.ok || !origin.ts) return;
        await client.chat.postMessage({
          channel: origin.channel,
          thread_ts: origin.ts,
          text: `<@${user}> asked the merchant${dueWords(asked.stored)}: ${safeText(masked)}`,
        });
        return;
      }
      const result = await runInModal(
        deps,
        submitted,
        caseCommand(deps.context, origin.ref, (actor) => ({ type: 'request_info', actor, from: 'consumer', ...due })),
      );
      if (!result.ok) return;
      // The question is the agent's message to the consumer: stored, delivered, and shown masked
      // in the card's thread, so the thread shows what the consumer saw.
      try {
        await sendToConsumer(deps.context.db, {
          stored: result.stored,
          agent: { id: user, tier },
          text: question,
          now,
        });
      } catch (error) {
        deps.log?.error({ err: error, ref: origin.ref }, 'slack ask for info: question not stored');
        await tell(
          client,
          atCard(submitted),
          `The case waits for the consumer, but the question did not reach them; please send it again with Reply.`,
        ).catch(() => {});
        return;
      }
      if (origin.ts) {
        await client.chat.postMessage({
          channel: origin.channel,
          thread_ts: origin.ts,
          text: `<@${user}> asked the consumer${dueWords(result.stored)}: ${safeText(question)}`,
        });
      }
    }),
  );
}
