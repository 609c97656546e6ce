// Escalate: investigation, Merchant settled, Resolve, Final statement, Reply, Ask for info and
// the two Decide buttons open modals with required fields. A submission is validated with zod; problems are shown in the modal next to
// their field (response_action: errors) and nothing changes. A valid one closes the modal and
// runs the command like a button would. Ask for info and Decide run their command before closing
// the modal, so that routing's refusal (e.g. a merchant who never answered cannot win) is shown
// in the modal too, and nothing changes (so do the escalation and the merchant's settlement); a decision is one short database write, well inside
// Slack's three seconds.
//
// Every submission is applied once (apply-once.ts). What an agent writes for the consumer reaches them as plain text (plain-text.ts).
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { decideOmbudsmanReview, findCaseByRef, runCaseCommand, type StoredCase } from '../../db/index.ts';
import { parseAmountMinor } from '../../intents/entities/amounts.ts';
import { redact } from '../../intents/redact.ts';
import { REFUND_REASON_WORDS } from '../dispute-words.ts';
import {
  addDays,
  DEFAULT_POLICY,
  DISPUTE_KINDS,
  DisputeKind,
  hasOpenDispute,
  InvestigationDecision,
  OmbudsmanDecision,
  OVERTURN_OUTCOMES,
  OverturnOutcome,
  REFUND_REASONS,
  RefundReason,
  RESOLVE_OUTCOMES,
  ResolveOutcome,
  type Case,
  type Command,
  type Tier,
} from '../../routing/index.ts';
import type { Logger } from '../log.ts';
import { postAgentReply } from '../dialog/agent-reply.ts';
import { decisionMessage } from '../ombudsman/decision.ts';
import { tellOutcomes } from '../dialog/outcomes.ts';
import {
  clicked,
  runFromCard,
  showChange,
  tell,
  type AgentActor,
  type CaseActionsOptions,
  type Clicked,
} from './actions.ts';
import { applyOnce } from './apply-once.ts';
import { field, modalErrors, option, radioInput, textInput } from './modal-parts.ts';
import { CARD_ACTIONS, safeText } from './cards.ts';
import { consumerText, sendToConsumer } from './to-consumer.ts';

export const MODALS = {
  escalateInvestigation: 'case_escalate_investigation_modal',
  merchantSettled: 'case_merchant_settled_modal',
  resolve: 'case_resolve_modal',
  finalStatement: 'case_final_statement_modal',
  reply: 'case_reply_modal',
  askForInfo: 'case_ask_for_info_modal',
  decide: 'case_decide_modal',
  ombudsmanDecide: 'case_ombudsman_decide_modal',
} as const;

const OUTCOME_WORDS: Record<ResolveOutcome, string> = {
  answered: 'Answered / solved',
  fault_fixed: 'Technical fault fixed',
  withdrawn: 'Withdrawn by the consumer',
  consumer_unresponsive: 'Consumer did not answer',
};

/** What the modal carries back: the card it came from. Set by us; Slack signs the submission. */
const Origin = z.object({
  ref: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  channel: z.string().min(1),
  ts: z.string().optional(),
});
const NOTHING_FOR_THE_CONSUMER =
  'Only mentions of the desk: the consumer would get an empty message. Write what they should read.';

const ResolveForm = z.object({
  outcome: ResolveOutcome.nullish().refine((value) => value != null, { message: 'Choose an outcome.' }),
  note: z.string().trim().max(3_000, { message: 'At most 3000 characters.' }).nullish(),
});
const FinalStatementForm = z.object({
  text: z
    .string({ message: 'Write the final statement.' })
    .trim()
    .min(20, { message: "A final statement is the company's last answer: at least 20 characters." })
    .max(10_000, { message: 'At most 10000 characters.' }),
});

function resolveView(origin: Clicked): ModalView {
  return modal(MODALS.resolve, origin, { title: 'Resolve case', submit: 'Resolve', intro: '' }, [
    {
      type: 'input',
      block_id: 'outcome',
      label: { type: 'plain_text', text: 'Outcome' },
      element: {
        type: 'static_select',
        action_id: 'value',
        options: RESOLVE_OUTCOMES.map((o) => option(o, OUTCOME_WORDS[o])),
      },
    },
    {
      type: 'input',
      block_id: 'note',
      optional: true,
      label: { type: 'plain_text', text: 'Note (internal)' },
      element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3_000 },
    },
  ]);
}

function finalStatementView(origin: Clicked): ModalView {
  return modal(
    MODALS.finalStatement,
    origin,
    {
      title: 'Final statement',
      submit: 'Issue',
      intro: ": the company's formal, last answer. The consumer may take it to the ombudsman.",
    },
    [textInput('text', 'Statement')],
  );
}

const ReplyForm = z.object({
  text: z
    .string({ message: 'Write the reply.' })
    .trim()
    .min(1, { message: 'Write the reply.' })
    .max(4_000, { message: 'At most 4000 characters.' }),
});

function replyView(origin: Clicked): ModalView {
  return modal(
    MODALS.reply,
    origin,
    { title: 'Reply to consumer', submit: 'Send', intro: ': the consumer sees this in their chat.' },
    [textInput('text', 'Reply')],
  );
}

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

const REASONING_MIN = 20;
const reasoning = z
  .string({ message: 'Write the reasoning.' })
  .trim()
  .min(REASONING_MIN, { message: `The reasoning is part of the case's record: at least ${REASONING_MIN} characters.` })
  .max(10_000, { message: 'At most 10000 characters.' });

const DecideForm = z.object({
  decision: InvestigationDecision.nullish().refine((value) => value != null, { message: 'Choose in whose favour.' }),
  reasoning,
});

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

const DECISION_WORDS: Record<InvestigationDecision, string> = {
  merchant_favour: "In the merchant's favour: the invoice is reactivated, the consumer pays",
  consumer_favour: "In the consumer's favour: chargeback, the money goes back",
};
const OMBUDSMAN_WORDS: Record<OmbudsmanDecision, string> = {
  upheld: 'Upheld: the final statement stands',
  overturned: 'Overturned: the outcome below is carried out',
};
const OVERTURN_WORDS: Record<OverturnOutcome, string> = {
  chargeback: 'Chargeback (money back to the consumer)',
  invoice_reactivated: 'Invoice reactivated (the consumer pays)',
  answered: 'Answered (no change to the invoice)',
};

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

const metadata = (origin: Clicked) => JSON.stringify({ ref: origin.ref, channel: origin.channel, ts: origin.ts });
/**
 * The frame every desk modal shares: the card it came from (Slack signs it back with the
 * submission), a title, Submit and Cancel, and a first line naming the case, then `blocks`.
 */
function modal(
  callbackId: string,
  origin: Clicked,
  words: { title: string; submit: string; intro: string },
  blocks: ModalView['blocks'],
): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: metadata(origin),
    title: { type: 'plain_text', text: words.title },
    submit: { type: 'plain_text', text: words.submit },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `Case *${safeText(origin.ref)}*${words.intro}` } },
      ...blocks,
    ],
  };
}
/**
 * Ask for info: the consumer, or on a case with an open dispute also the merchant (investigation
 * hears the consumer first; routing refuses the merchant before that, shown in the modal).
 */
function askForInfoView(origin: Clicked, kase: Case | undefined, policy = DEFAULT_POLICY): ModalView {
  const merchantToo = kase !== undefined && hasOpenDispute(kase);
  const whom = (['consumer', 'merchant'] as const).map((value) => option(value, WHOM_WORDS[value]));
  const defaultDays =
    merchantToo && policy.merchantInfoDays !== policy.consumerInfoDays
      ? `the consumer ${policy.consumerInfoDays}, the merchant ${policy.merchantInfoDays}`
      : String(policy.consumerInfoDays);
  return modal(
    MODALS.askForInfo,
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
      {
        type: 'input',
        block_id: 'due',
        optional: true,
        label: { type: 'plain_text', text: `Answer due in (${defaultDays} days when empty)` },
        element: {
          type: 'static_select',
          action_id: 'value',
          options: ASK_DUE_DAYS.map((days) => option(days, `${days} days`)),
        },
      },
    ],
  );
}

/** Escalate to investigation: which dispute it opens (the case's own kind chosen when it has one). */
function escalateInvestigationView(origin: Clicked, kase: Case | undefined): ModalView {
  const kinds = DISPUTE_KINDS.map((kind) => option(kind, KIND_WORDS[kind]));
  const own = kase?.dispute?.kind ?? (kase && DISPUTE_KINDS.find((kind) => kind === kase.intent));
  const initial = kinds.find((choice) => choice.value === own);
  return modal(
    MODALS.escalateInvestigation,
    origin,
    {
      title: 'To investigation',
      submit: 'Escalate',
      intro: ': buyer protection. The dispute opens and the invoice is paused at once.',
    },
    [
      radioInput('kind', 'Kind of dispute', kinds, initial),
      {
        type: 'input',
        block_id: 'refund_reason',
        optional: true,
        label: { type: 'plain_text', text: 'Why the consumer wants their money back (a disagreement only)' },
        element: {
          type: 'static_select',
          action_id: 'value',
          options: REFUND_REASONS.map((reason) => option(reason, REFUND_REASON_WORDS[reason])),
        },
      },
      textInput('note', 'Note for investigation (internal)', true),
    ],
  );
}

/** Merchant settled: what the merchant says it did, recorded as its claim for the consumer to confirm. */
function merchantSettledView(origin: Clicked, kase: Case | undefined): ModalView {
  const currencies = SETTLEMENT_CURRENCIES.map((code) => option(code, code));
  const initial = currencies.find((choice) => choice.value === kase?.dispute?.currency);
  return modal(
    MODALS.merchantSettled,
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
      {
        type: 'input',
        block_id: 'currency',
        optional: true,
        label: { type: 'plain_text', text: 'Currency' },
        element: {
          type: 'static_select',
          action_id: 'value',
          options: currencies,
          ...(initial ? { initial_option: initial } : {}),
        },
      },
      textInput('terms', 'What the merchant says it did (internal)', true),
    ],
  );
}

function decideView(origin: Clicked): ModalView {
  return modal(
    MODALS.decide,
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

function ombudsmanDecideView(origin: Clicked): ModalView {
  return modal(
    MODALS.ombudsmanDecide,
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
      {
        type: 'input',
        block_id: 'new_outcome',
        optional: true,
        label: { type: 'plain_text', text: 'New outcome (overturned only)' },
        element: {
          type: 'static_select',
          action_id: 'value',
          options: OVERTURN_OUTCOMES.map((o) => option(o, OVERTURN_WORDS[o])),
        },
      },
      textInput('reasoning', 'Reasoning'),
      textInput('feedback', 'Feedback to the tier concerned (the reasoning when empty)', true),
    ],
  );
}

export interface CaseModalsOptions extends CaseActionsOptions {
  log?: Logger;
  /** The service's public address, for the ombudsman link in a final statement's notice. */
  publicUrl?: string;
}

/** What a modal's command gives back: the case as written, or the refusal to show in the modal. */
type ModalRun = (
  actor: AgentActor,
  now: Date,
) => Promise<{ ok: true; stored: StoredCase } | { ok: false; error: { message: string } }>;

export function registerCaseModals(app: App, options: CaseModalsOptions): void {
  const opener =
    (view: (origin: Clicked) => ModalView | Promise<ModalView>) =>
    async ({
      ack,
      body,
      action,
      client,
    }: {
      ack: () => Promise<void>;
      body: BlockAction;
      action: ButtonAction;
      client: import('@slack/web-api').WebClient;
    }) => {
      await ack();
      const origin = clicked(body, action);
      if (!origin) return;
      await client.views.open({ trigger_id: body.trigger_id, view: await view(origin) });
    };
  /** A modal that starts from what the case already knows (one read, well inside the trigger's 3 s). */
  const withCase = (view: (origin: Clicked, kase: Case | undefined) => ModalView) => async (origin: Clicked) =>
    view(origin, (await findCaseByRef(options.context.db, origin.ref))?.case);
  app.action<BlockAction<ButtonAction>>(
    CARD_ACTIONS.escalateInvestigation,
    opener(withCase(escalateInvestigationView)),
  );
  app.action<BlockAction<ButtonAction>>(CARD_ACTIONS.merchantSettled, opener(withCase(merchantSettledView)));
  app.action<BlockAction<ButtonAction>>(CARD_ACTIONS.resolve, opener(resolveView));
  app.action<BlockAction<ButtonAction>>(CARD_ACTIONS.finalStatement, opener(finalStatementView));
  app.action<BlockAction<ButtonAction>>(CARD_ACTIONS.reply, opener(replyView));
  const policy = options.context.policy ?? DEFAULT_POLICY;
  app.action<BlockAction<ButtonAction>>(
    CARD_ACTIONS.askForInfo,
    opener(withCase((origin, kase) => askForInfoView(origin, kase, policy))),
  );
  app.action<BlockAction<ButtonAction>>(CARD_ACTIONS.decide, opener(decideView));
  app.action<BlockAction<ButtonAction>>(CARD_ACTIONS.ombudsmanDecide, opener(ombudsmanDecideView));

  type Ack = (response?: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;
  const db = options.context.db;
  const clock = options.now ?? (() => new Date());

  const once = applyOnce({ db, now: clock, ...(options.log ? { log: options.log } : {}) });

  /**
   * Runs a modal's command before the modal closes: a refusal is shown in the modal on
   * `errorBlock` and nothing changed; an accepted one closes it and shows the change on the card.
   */
  async function decideInModal(
    ack: Ack,
    user: string,
    privateMetadata: string,
    errorBlock: string,
    run: ModalRun,
  ): Promise<Awaited<ReturnType<ModalRun>> | undefined> {
    const origin = Origin.parse(JSON.parse(privateMetadata));
    const tier: Tier | undefined = options.channelTiers[origin.channel];
    if (!tier) {
      await ack({ response_action: 'errors', errors: { [errorBlock]: "This card is not in a tier's channel." } });
      return undefined;
    }
    const now = clock();
    const result = await run({ kind: 'agent', id: user, tier }, now);
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: { [errorBlock]: safeText(result.error.message) } });
      return result;
    }
    await ack();
    await showChange(app.client, options, { channel: origin.channel, ts: origin.ts }, result.stored, tier, now);
    return result;
  }
  const command =
    (ref: string, make: (actor: AgentActor, now: Date) => Command): ModalRun =>
    (actor, now) =>
      runCaseCommand(options.context, ref, make(actor, now), now);

  app.view<ViewSubmitAction>(
    MODALS.askForInfo,
    once('question', async ({ ack, body, view, client }) => {
      const values = view.state.values;
      const form = AskForInfoForm.safeParse({
        question: field(values, 'question'),
        due: field(values, 'due'),
        whom: field(values, 'whom'),
      });
      if (!form.success) {
        await ack({ response_action: 'errors', errors: modalErrors(form.error) });
        return;
      }
      const question = await consumerText(client, form.data.question);
      if (!question) {
        await ack({ response_action: 'errors', errors: { question: NOTHING_FOR_THE_CONSUMER } });
        return;
      }
      const origin = Origin.parse(JSON.parse(view.private_metadata));
      const days = form.data.due ? Number(form.data.due) : undefined;
      if (form.data.whom === 'merchant') {
        // The merchant's question travels masked with its request (docs/events.md); nothing goes to the consumer.
        const masked = redact(question);
        const asked = await decideInModal(
          ack,
          body.user.id,
          view.private_metadata,
          'question',
          command(origin.ref, (actor, now) => ({
            type: 'request_info',
            actor,
            from: 'merchant',
            question: masked,
            ...(days ? { dueAt: addDays(now, days) } : {}),
          })),
        );
        if (!asked?.ok || !origin.ts) return;
        const due = asked.stored.case.waitingUntil
          ? ` (answer due ${asked.stored.case.waitingUntil.toISOString().slice(0, 10)})`
          : '';
        await client.chat.postMessage({
          channel: origin.channel,
          thread_ts: origin.ts,
          text: `<@${body.user.id}> asked the merchant${due}: ${safeText(masked)}`,
        });
        return;
      }
      const result = await decideInModal(
        ack,
        body.user.id,
        view.private_metadata,
        'question',
        command(origin.ref, (actor, now) => ({
          type: 'request_info',
          actor,
          from: 'consumer',
          ...(days ? { dueAt: addDays(now, days) } : {}),
        })),
      );
      if (!result?.ok) return;
      // The question is the agent's message to the consumer: stored, delivered, and shown masked
      // in the card's thread, so the thread shows what the consumer saw.
      const tier = options.channelTiers[origin.channel]!;
      const at = { ...origin, user: body.user.id, ts: origin.ts };
      try {
        await sendToConsumer(db, {
          stored: result.stored,
          agent: { id: body.user.id, tier },
          text: question,
          now: clock(),
        });
      } catch (error) {
        options.log?.error({ err: error, ref: origin.ref }, 'slack ask for info: question not stored');
        await tell(
          client,
          at,
          `The case waits for the consumer, but the question did not reach them; please send it again with Reply.`,
        ).catch(() => {});
        return;
      }
      if (origin.ts) {
        const due = result.stored.case.waitingUntil
          ? ` (answer due ${result.stored.case.waitingUntil.toISOString().slice(0, 10)})`
          : '';
        await client.chat.postMessage({
          channel: origin.channel,
          thread_ts: origin.ts,
          text: `<@${body.user.id}> asked the consumer${due}: ${safeText(question)}`,
        });
      }
    }),
  );

  app.view<ViewSubmitAction>(
    MODALS.escalateInvestigation,
    once('kind', async ({ ack, body, view }) => {
      const values = view.state.values;
      const form = EscalateInvestigationForm.safeParse({
        kind: field(values, 'kind'),
        refund_reason: field(values, 'refund_reason'),
        note: field(values, 'note'),
      });
      if (!form.success) {
        await ack({ response_action: 'errors', errors: modalErrors(form.error) });
        return;
      }
      const origin = Origin.parse(JSON.parse(view.private_metadata));
      const { kind, refund_reason: refundReason, note } = form.data;
      await decideInModal(
        ack,
        body.user.id,
        view.private_metadata,
        'kind',
        command(origin.ref, (actor) => ({
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

  app.view<ViewSubmitAction>(
    MODALS.merchantSettled,
    once('amount', async ({ ack, body, view }) => {
      const values = view.state.values;
      const form = MerchantSettledForm.safeParse({
        amount: field(values, 'amount'),
        currency: field(values, 'currency'),
        terms: field(values, 'terms'),
      });
      if (!form.success) {
        await ack({ response_action: 'errors', errors: modalErrors(form.error) });
        return;
      }
      const origin = Origin.parse(JSON.parse(view.private_metadata));
      const { amountMinor, currency, terms } = form.data;
      await decideInModal(
        ack,
        body.user.id,
        view.private_metadata,
        'amount',
        command(origin.ref, (actor) => ({
          type: 'merchant_settlement_claimed',
          actor,
          ...(amountMinor !== undefined ? { amountMinor, currency } : {}),
          ...(terms ? { terms } : {}),
        })),
      );
    }),
  );

  app.view<ViewSubmitAction>(
    MODALS.decide,
    once('decision', async ({ ack, body, view, client }) => {
      const form = DecideForm.safeParse({
        decision: field(view.state.values, 'decision'),
        reasoning: field(view.state.values, 'reasoning'),
      });
      if (!form.success) {
        await ack({ response_action: 'errors', errors: modalErrors(form.error) });
        return;
      }
      const origin = Origin.parse(JSON.parse(view.private_metadata));
      const result = await decideInModal(
        ack,
        body.user.id,
        view.private_metadata,
        'decision',
        command(origin.ref, (actor) => ({
          type: 'decide_investigation',
          actor,
          decision: form.data.decision!,
          reasoning: form.data.reasoning,
        })),
      );
      if (!result?.ok) return;
      // The consumer learns the decision in their own language: closed, and what it means for
      // the invoice (paid back, or to be paid). Told here at once; the notice loop (bot/dialog/
      // rating.ts) would tell it too if this failed, and the event's id keeps it to one message.
      try {
        await tellOutcomes(
          {
            db,
            publicUrl: options.publicUrl ?? '',
            ...(options.context.policy ? { policy: options.context.policy } : {}),
          },
          result.stored.id,
          clock(),
        );
      } catch (error) {
        options.log?.warn(
          { err: error, ref: origin.ref },
          'slack decide: the consumer was not told yet; the notice loop retries',
        );
      }
    }),
  );

  app.view<ViewSubmitAction>(
    MODALS.ombudsmanDecide,
    once('decision', async ({ ack, body, view, client }) => {
      const values = view.state.values;
      const form = OmbudsmanDecideForm.safeParse({
        decision: field(values, 'decision'),
        new_outcome: field(values, 'new_outcome'),
        reasoning: field(values, 'reasoning'),
        feedback: field(values, 'feedback'),
      });
      if (!form.success) {
        await ack({ response_action: 'errors', errors: modalErrors(form.error) });
        return;
      }
      const origin = Origin.parse(JSON.parse(view.private_metadata));
      // As the ombudsman's own desk records it (db/ombudsman.ts): routing's ombudsman_decide, the
      // request row completed, the process-feedback note for the tier concerned, and the consumer
      // told in their language, in one transaction. The reasoning stays on the case as written;
      // the consumer reads it as plain text.
      const reasoningText = form.data.reasoning;
      const toConsumer = await consumerText(client, reasoningText);
      const run: ModalRun = (actor, now) =>
        decideOmbudsmanReview(options.context, {
          ref: origin.ref,
          ombudsmanId: actor.id,
          decision: form.data.decision!,
          reasoning: reasoningText,
          ...(form.data.decision === 'overturned' && form.data.new_outcome
            ? { newOutcome: form.data.new_outcome }
            : {}),
          ...(form.data.feedback ? { feedback: form.data.feedback } : {}),
          now,
          messageFor: (kase) => decisionMessage(kase, toConsumer),
          redact,
        });
      await decideInModal(ack, body.user.id, view.private_metadata, 'decision', run);
    }),
  );

  app.view<ViewSubmitAction>(
    MODALS.reply,
    once('text', async ({ ack, body, view, client }) => {
      const form = ReplyForm.safeParse({ text: field(view.state.values, 'text') ?? undefined });
      if (!form.success) {
        await ack({ response_action: 'errors', errors: modalErrors(form.error) });
        return;
      }
      const origin = Origin.parse(JSON.parse(view.private_metadata));
      const tier = options.channelTiers[origin.channel];
      const at = { ...origin, user: body.user.id, ts: origin.ts };
      if (!tier) {
        await ack({ response_action: 'errors', errors: { text: "This card is not in a tier's channel." } });
        return;
      }
      const text = await consumerText(client, form.data.text);
      if (!text) {
        await ack({ response_action: 'errors', errors: { text: NOTHING_FOR_THE_CONSUMER } });
        return;
      }
      await ack();
      // Stored, then signalled to whichever replica holds the consumer's socket (agent-reply.ts).
      const result = await postAgentReply(options.context, {
        caseRef: origin.ref,
        agent: { id: body.user.id, tier },
        text,
        now: clock(),
      });
      if (!result.ok) {
        await tell(client, at, `Not sent to the consumer: ${safeText(result.error.message)}`);
        return;
      }
      if (origin.ts) {
        // The reply also goes in the card's thread, masked, so the thread shows what the consumer saw.
        await client.chat.postMessage({
          channel: origin.channel,
          thread_ts: origin.ts,
          text: `<@${body.user.id}> to the consumer: ${safeText(text)}`,
        });
      }
    }),
  );

  app.view<ViewSubmitAction>(
    MODALS.resolve,
    once('outcome', async ({ ack, body, view, client }) => {
      const form = ResolveForm.safeParse({
        outcome: field(view.state.values, 'outcome'),
        note: field(view.state.values, 'note'),
      });
      if (!form.success) {
        await ack({ response_action: 'errors', errors: modalErrors(form.error) });
        return;
      }
      await ack();
      const origin = Origin.parse(JSON.parse(view.private_metadata));
      const note = form.data.note || undefined;
      await runFromCard(client, options, { ...origin, user: body.user.id, ts: origin.ts }, (actor) => ({
        type: 'resolve',
        actor,
        outcome: form.data.outcome!,
        ...(note ? { note } : {}),
      }));
    }),
  );

  app.view<ViewSubmitAction>(
    MODALS.finalStatement,
    once('text', async ({ ack, body, view, client }) => {
      const form = FinalStatementForm.safeParse({ text: field(view.state.values, 'text') ?? undefined });
      if (!form.success) {
        await ack({ response_action: 'errors', errors: modalErrors(form.error) });
        return;
      }
      await ack();
      const origin = Origin.parse(JSON.parse(view.private_metadata));
      await runFromCard(client, options, { ...origin, user: body.user.id, ts: origin.ts }, (actor) => ({
        type: 'issue_final_statement',
        actor,
        text: form.data.text,
      }));
    }),
  );
}
