// Final statement: the company's formal, last answer, which the consumer may take to the
// ombudsman. The modal closes at once and the statement is issued as a button would do it.
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { runFromCard, type Clicked } from '../actions.ts';
import { CARD_ACTIONS } from '../cards.ts';
import { textInput } from '../modal-parts.ts';
import { atCard, cardModal, opener, type CardModalDeps } from './card-modal.ts';

export const FINAL_STATEMENT_MODAL = 'case_final_statement_modal';

const FinalStatementForm = z.object({
  text: z
    .string({ message: 'Write the final statement.' })
    .trim()
    .min(20, { message: "A final statement is the company's last answer: at least 20 characters." })
    .max(10_000, { message: 'At most 10000 characters.' }),
});

function finalStatementView(origin: Clicked): ModalView {
  return cardModal(
    FINAL_STATEMENT_MODAL,
    origin,
    {
      title: 'Final statement',
      submit: 'Issue',
      intro: ": the company's formal, last answer. The consumer may take it to the ombudsman.",
    },
    [textInput('text', 'Statement')],
  );
}

export function register(app: App, deps: CardModalDeps): void {
  app.action<BlockAction<ButtonAction>>(CARD_ACTIONS.finalStatement, opener(finalStatementView));
  app.view<ViewSubmitAction>(
    FINAL_STATEMENT_MODAL,
    deps.submission(FinalStatementForm, { errorBlock: 'text', anyChannel: true }, async (submitted) => {
      await submitted.ack();
      await runFromCard(submitted.client, deps, atCard(submitted), (actor) => ({
        type: 'issue_final_statement',
        actor,
        text: submitted.form.text,
      }));
    }),
  );
}
