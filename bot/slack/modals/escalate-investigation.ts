// Escalate: investigation (buyer protection) names the dispute it opens, and for a disagreement
// with the shop why the consumer wants their money back; the invoice is paused at once. Run before
// the modal closes, so that routing's refusal is shown in the modal.
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { DISPUTE_KINDS, DisputeKind, REFUND_REASONS, RefundReason, type Case } from '../../../routing/index.ts';
import { REFUND_REASON_WORDS } from '../../dispute-words.ts';
import type { Clicked } from '../actions.ts';
import { CARD_ACTIONS } from '../cards.ts';
import { option, radioInput, selectInput, textInput } from '../modal-parts.ts';
import { caseCommand, cardModal, opener, runInModal, withCase, type CardModalDeps } from './card-modal.ts';

export const ESCALATE_INVESTIGATION_MODAL = 'case_escalate_investigation_modal';

const KIND_WORDS: Record<DisputeKind, string> = {
  merchant_disagreement: 'A disagreement with the shop (the merchant gets 21 days to settle)',
  unrecognized_purchase: 'A purchase the consumer does not recognise (to investigation at once)',
};

const EscalateInvestigationForm = z
  .object({
    kind: DisputeKind.nullish().refine((value) => value != null, { message: 'Choose what kind of dispute it is.' }),
    refund_reason: RefundReason.nullish(),
    note: z.string().trim().max(3_000, { message: 'At most 3000 characters.' }).nullish(),
  })
  .refine((form) => form.kind !== 'unrecognized_purchase' || !form.refund_reason, {
    message: 'A purchase the consumer does not recognise has no refund reason: leave this empty.',
    path: ['refund_reason'],
  });

/** The case's own kind of dispute is chosen when it has one. */
function escalateInvestigationView(origin: Clicked, kase: Case | undefined): ModalView {
  const kinds = DISPUTE_KINDS.map((kind) => option(kind, KIND_WORDS[kind]));
  const own = kase?.dispute?.kind ?? (kase && DISPUTE_KINDS.find((kind) => kind === kase.intent));
  const initial = kinds.find((choice) => choice.value === own);
  return cardModal(
    ESCALATE_INVESTIGATION_MODAL,
    origin,
    {
      title: 'To investigation',
      submit: 'Escalate',
      intro: ': buyer protection. The dispute opens and the invoice is paused at once.',
    },
    [
      radioInput('kind', 'Kind of dispute', kinds, initial),
      selectInput(
        'refund_reason',
        'Why the consumer wants their money back (a disagreement only)',
        REFUND_REASONS.map((reason) => option(reason, REFUND_REASON_WORDS[reason])),
        { optional: true },
      ),
      textInput('note', 'Note for investigation (internal)', true),
    ],
  );
}

export function register(app: App, deps: CardModalDeps): void {
  app.action<BlockAction<ButtonAction>>(
    CARD_ACTIONS.escalateInvestigation,
    opener(withCase(deps.context, escalateInvestigationView)),
  );
  app.view<ViewSubmitAction>(
    ESCALATE_INVESTIGATION_MODAL,
    deps.submission(EscalateInvestigationForm, { errorBlock: 'kind' }, async (submitted) => {
      const { kind, refund_reason: refundReason, note } = submitted.form;
      await runInModal(
        deps,
        submitted,
        caseCommand(deps.context, submitted.origin.ref, (actor) => ({
          type: 'escalate',
          actor,
          to: 'investigation',
          reason: 'buyer_protection',
          kind: kind!,
          ...(refundReason ? { refundReason } : {}),
          ...(note ? { note } : {}),
        })),
      );
    }),
  );
}
