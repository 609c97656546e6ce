// Merchant settled: what the merchant says it did (an amount it refunded, in its currency, and its
// terms), recorded as its claim for the consumer to confirm. Run before the modal closes, so that
// routing's refusal is shown in the modal.
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { parseAmountMinor } from '../../../intents/entities/amounts.ts';
import type { Case } from '../../../routing/index.ts';
import type { Clicked } from '../actions.ts';
import { CARD_ACTIONS } from '../cards.ts';
import { option, selectInput, textInput } from '../modal-parts.ts';
import { caseCommand, cardModal, opener, runInModal, withCase, type CardModalDeps } from './card-modal.ts';

export const MERCHANT_SETTLED_MODAL = 'case_merchant_settled_modal';

/** The currencies of the markets the desk serves, for the amount a merchant says it refunded. */
const SETTLEMENT_CURRENCIES = ['SEK', 'NOK', 'DKK', 'EUR'] as const;

const MerchantSettledForm = z
  .object({
    amount: z.string().trim().max(30, { message: 'Write the amount, e.g. 899 or 899,50.' }).nullish(),
    currency: z.enum(SETTLEMENT_CURRENCIES).nullish(),
    terms: z.string().trim().max(3_000, { message: 'At most 3000 characters.' }).nullish(),
  })
  .transform((form, ctx) => {
    if (!form.amount) return { amountMinor: undefined, currency: undefined, terms: form.terms || undefined };
    if (!form.currency) {
      ctx.addIssue({ code: 'custom', path: ['currency'], message: 'An amount needs its currency.' });
      return z.NEVER;
    }
    const amountMinor = parseAmountMinor(form.amount, form.currency);
    if (amountMinor === undefined || !/^[\d\s.,']+$/.test(form.amount)) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Write the amount as a number, e.g. 899 or 899,50.' });
      return z.NEVER;
    }
    return { amountMinor, currency: form.currency, terms: form.terms || undefined };
  });

/** The dispute's own currency is chosen when it has one. */
function merchantSettledView(origin: Clicked, kase: Case | undefined): ModalView {
  const currencies = SETTLEMENT_CURRENCIES.map((code) => option(code, code));
  const initial = currencies.find((choice) => choice.value === kase?.dispute?.currency);
  return cardModal(
    MERCHANT_SETTLED_MODAL,
    origin,
    {
      title: 'Merchant settled',
      submit: 'Record',
      intro:
        ": the merchant's claim. The dispute closes when the consumer confirms it, or has not objected within 7 days; an objection lets it go on.",
    },
    [
      {
        type: 'input',
        block_id: 'amount',
        optional: true,
        label: { type: 'plain_text', text: 'Amount the merchant says it refunded' },
        element: { type: 'plain_text_input', action_id: 'value', max_length: 30 },
      },
      selectInput('currency', 'Currency', currencies, { optional: true, initial }),
      textInput('terms', 'What the merchant says it did (internal)', true),
    ],
  );
}

export function register(app: App, deps: CardModalDeps): void {
  app.action<BlockAction<ButtonAction>>(
    CARD_ACTIONS.merchantSettled,
    opener(withCase(deps.context, merchantSettledView)),
  );
  app.view<ViewSubmitAction>(
    MERCHANT_SETTLED_MODAL,
    deps.submission(MerchantSettledForm, { errorBlock: 'amount' }, async (submitted) => {
      const { amountMinor, currency, terms } = submitted.form;
      await runInModal(
        deps,
        submitted,
        caseCommand(deps.context, submitted.origin.ref, (actor) => ({
          type: 'merchant_settlement_claimed',
          actor,
          ...(amountMinor !== undefined ? { amountMinor, currency } : {}),
          ...(terms ? { terms } : {}),
        })),
      );
    }),
  );
}
