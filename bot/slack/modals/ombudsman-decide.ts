// The ombudsman's Decide: uphold the final statement, or overturn it and name what is carried out
// instead, with the reasoning and any lesson for the tier concerned. Run before the modal closes,
// so that a refusal is shown in the modal.
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { decideOmbudsmanReview } from '../../../db/index.ts';
import { redact } from '../../../intents/redact.ts';
import { OmbudsmanDecision, OVERTURN_OUTCOMES, OverturnOutcome } from '../../../routing/index.ts';
import { decisionMessage } from '../../ombudsman/decision.ts';
import type { Clicked } from '../actions.ts';
import { CARD_ACTIONS } from '../cards.ts';
import { option, radioInput, selectInput, textInput } from '../modal-parts.ts';
import { consumerText } from '../to-consumer.ts';
import { cardModal, opener, runInModal, type CardModalDeps } from './card-modal.ts';
import { reasoning } from './decide.ts';

export const OMBUDSMAN_DECIDE_MODAL = 'case_ombudsman_decide_modal';

const OmbudsmanDecideForm = z
  .object({
    decision: OmbudsmanDecision.nullish().refine((value) => value != null, { message: 'Choose upheld or overturned.' }),
    new_outcome: OverturnOutcome.nullish(),
    reasoning,
    feedback: z.string().trim().max(3_000, { message: 'At most 3000 characters.' }).nullish(),
  })
  .superRefine((form, ctx) => {
    if (form.decision === 'overturned' && !form.new_outcome) {
      ctx.addIssue({ code: 'custom', path: ['new_outcome'], message: 'An overturn names the outcome to carry out.' });
    }
    if (form.decision === 'upheld' && form.new_outcome) {
      ctx.addIssue({
        code: 'custom',
        path: ['new_outcome'],
        message: "An upheld decision keeps the final statement's outcome: leave this empty.",
      });
    }
  });

const OMBUDSMAN_WORDS: Record<OmbudsmanDecision, string> = {
  upheld: 'Upheld: the final statement stands',
  overturned: 'Overturned: the outcome below is carried out',
};
const OVERTURN_WORDS: Record<OverturnOutcome, string> = {
  chargeback: 'Chargeback (money back to the consumer)',
  invoice_reactivated: 'Invoice reactivated (the consumer pays)',
  answered: 'Answered (no change to the invoice)',
};

function ombudsmanDecideView(origin: Clicked): ModalView {
  return cardModal(
    OMBUDSMAN_DECIDE_MODAL,
    origin,
    {
      title: "Ombudsman's decision",
      submit: 'Decide',
      intro: ': uphold the final statement, or overturn it and name what is carried out instead.',
    },
    [
      radioInput(
        'decision',
        'Decision',
        OmbudsmanDecision.options.map((d) => option(d, OMBUDSMAN_WORDS[d])),
      ),
      selectInput(
        'new_outcome',
        'New outcome (overturned only)',
        OVERTURN_OUTCOMES.map((o) => option(o, OVERTURN_WORDS[o])),
        { optional: true },
      ),
      textInput('reasoning', 'Reasoning'),
      textInput('feedback', 'Feedback to the tier concerned (the reasoning when empty)', true),
    ],
  );
}

export function register(app: App, deps: CardModalDeps): void {
  app.action<BlockAction<ButtonAction>>(CARD_ACTIONS.ombudsmanDecide, opener(ombudsmanDecideView));
  app.view<ViewSubmitAction>(
    OMBUDSMAN_DECIDE_MODAL,
    deps.submission(OmbudsmanDecideForm, { errorBlock: 'decision' }, async (submitted) => {
      const { form, origin, client } = submitted;
      // As the ombudsman's own desk records it (db/ombudsman.ts): routing's ombudsman_decide, the
      // request row completed, the process-feedback note for the tier concerned, and the consumer
      // told in their language, in one transaction. The reasoning stays on the case as written;
      // the consumer reads it as plain text.
      const toConsumer = await consumerText(client, form.reasoning);
      await runInModal(deps, submitted, (actor, now) =>
        decideOmbudsmanReview(deps.context, {
          ref: origin.ref,
          ombudsmanId: actor.id,
          decision: form.decision!,
          reasoning: form.reasoning,
          ...(form.decision === 'overturned' && form.new_outcome ? { newOutcome: form.new_outcome } : {}),
          ...(form.feedback ? { feedback: form.feedback } : {}),
          now,
          messageFor: (kase) => decisionMessage(kase, toConsumer),
          redact,
        }),
      );
    }),
  );
}
