// Decide (investigation): in whose favour the dispute is decided, with the reasoning on the case's
// record. Run before the modal closes, so that routing's refusal (e.g. a merchant who never
// answered cannot win) is shown in the modal; the consumer is then told what it means for them.
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { InvestigationDecision } from '../../../routing/index.ts';
import { tellOutcomes } from '../../dialog/outcomes.ts';
import type { Clicked } from '../actions.ts';
import { CARD_ACTIONS } from '../cards.ts';
import { option, radioInput, textInput } from '../modal-parts.ts';
import { caseCommand, cardModal, opener, runInModal, type CardModalDeps } from './card-modal.ts';

export const DECIDE_MODAL = 'case_decide_modal';

const REASONING_MIN = 20;
/** A decision's reasoning, investigation's or the ombudsman's. */
export const reasoning = z
  .string({ message: 'Write the reasoning.' })
  .trim()
  .min(REASONING_MIN, { message: `The reasoning is part of the case's record: at least ${REASONING_MIN} characters.` })
  .max(10_000, { message: 'At most 10000 characters.' });

const DecideForm = z.object({
  decision: InvestigationDecision.nullish().refine((value) => value != null, { message: 'Choose in whose favour.' }),
  reasoning,
});

const DECISION_WORDS: Record<InvestigationDecision, string> = {
  merchant_favour: "In the merchant's favour: the invoice is reactivated, the consumer pays",
  consumer_favour: "In the consumer's favour: chargeback, the money goes back",
};

function decideView(origin: Clicked): ModalView {
  return cardModal(
    DECIDE_MODAL,
    origin,
    {
      title: 'Decide the dispute',
      submit: 'Decide',
      intro: ": the investigation department's decision, with its reasoning.",
    },
    [
      radioInput(
        'decision',
        'Decision',
        InvestigationDecision.options.map((d) => option(d, DECISION_WORDS[d])),
      ),
      textInput('reasoning', 'Reasoning'),
    ],
  );
}

export function register(app: App, deps: CardModalDeps): void {
  app.action<BlockAction<ButtonAction>>(CARD_ACTIONS.decide, opener(decideView));
  app.view<ViewSubmitAction>(
    DECIDE_MODAL,
    deps.submission(DecideForm, { errorBlock: 'decision' }, async (submitted) => {
      const { form, origin, now } = submitted;
      const result = await runInModal(
        deps,
        submitted,
        caseCommand(deps.context, origin.ref, (actor) => ({
          type: 'decide_investigation',
          actor,
          decision: form.decision!,
          reasoning: form.reasoning,
        })),
      );
      if (!result.ok) return;
      // The consumer learns the decision in their own language: closed, and what it means for
      // the invoice (paid back, or to be paid). Told here at once; the notice loop (bot/dialog/
      // rating.ts) would tell it too if this failed, and the event's id keeps it to one message.
      try {
        await tellOutcomes(
          {
            db: deps.context.db,
            publicUrl: deps.publicUrl ?? '',
            ...(deps.context.policy ? { policy: deps.context.policy } : {}),
          },
          result.stored.id,
          now,
        );
      } catch (error) {
        deps.log?.warn(
          { err: error, ref: origin.ref },
          'slack decide: the consumer was not told yet; the notice loop retries',
        );
      }
    }),
  );
}
