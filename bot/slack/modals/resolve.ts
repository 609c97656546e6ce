// Resolve: the outcome, and a note for the desk. The modal closes at once and the case is resolved
// as a button would do it: a refusal is told to the agent privately.
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { RESOLVE_OUTCOMES, ResolveOutcome } from '../../../routing/index.ts';
import { runFromCard, type Clicked } from '../actions.ts';
import { CARD_ACTIONS } from '../cards.ts';
import { option, selectInput, textInput } from '../modal-parts.ts';
import { atCard, cardModal, opener, type CardModalDeps } from './card-modal.ts';

export const RESOLVE_MODAL = 'case_resolve_modal';

const OUTCOME_WORDS: Record<ResolveOutcome, string> = {
  answered: 'Answered / solved',
  fault_fixed: 'Technical fault fixed',
  withdrawn: 'Withdrawn by the consumer',
  consumer_unresponsive: 'Consumer did not answer',
};

const ResolveForm = z.object({
  outcome: ResolveOutcome.nullish().refine((value) => value != null, { message: 'Choose an outcome.' }),
  note: z.string().trim().max(3_000, { message: 'At most 3000 characters.' }).nullish(),
});

function resolveView(origin: Clicked): ModalView {
  return cardModal(RESOLVE_MODAL, origin, { title: 'Resolve case', submit: 'Resolve', intro: '' }, [
    selectInput(
      'outcome',
      'Outcome',
      RESOLVE_OUTCOMES.map((o) => option(o, OUTCOME_WORDS[o])),
    ),
    textInput('note', 'Note (internal)', true, 3_000),
  ]);
}

export function register(app: App, deps: CardModalDeps): void {
  app.action<BlockAction<ButtonAction>>(CARD_ACTIONS.resolve, opener(resolveView));
  app.view<ViewSubmitAction>(
    RESOLVE_MODAL,
    deps.submission(ResolveForm, { errorBlock: 'outcome', anyChannel: true }, async (submitted) => {
      await submitted.ack();
      const note = submitted.form.note || undefined;
      await runFromCard(submitted.client, deps, atCard(submitted), (actor) => ({
        type: 'resolve',
        actor,
        outcome: submitted.form.outcome!,
        ...(note ? { note } : {}),
      }));
    }),
  );
}
