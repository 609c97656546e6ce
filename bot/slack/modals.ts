// Resolve and Final statement open modals with required fields. A submission is validated with
// zod; problems are shown in the modal next to their field (response_action: errors) and nothing
// changes. A valid one closes the modal and runs the command like a button would.
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { RESOLVE_OUTCOMES, ResolveOutcome } from '../../routing/index.ts';
import type { Logger } from '../log.ts';
import { postAgentReply } from '../dialog/agent-reply.ts';
import { clicked, runFromCard, tell, type CaseActionsOptions, type Clicked } from './actions.ts';
import { CARD_ACTIONS, safeText } from './cards.ts';

export const MODALS = { resolve: 'case_resolve_modal', finalStatement: 'case_final_statement_modal', reply: 'case_reply_modal' } as const;

const OUTCOME_WORDS: Record<ResolveOutcome, string> = {
  answered: 'Answered / solved',
  fault_fixed: 'Technical fault fixed',
  withdrawn: 'Withdrawn by the consumer',
  consumer_unresponsive: 'Consumer did not answer',
};

/** What the modal carries back: the card it came from. Set by us; Slack signs the submission. */
const Origin = z.object({ ref: z.string().min(1), channel: z.string().min(1), ts: z.string().optional() });

const ResolveForm = z.object({
  outcome: ResolveOutcome.nullish().refine((value) => value != null, { message: 'Choose an outcome.' }),
  note: z.string().trim().max(3_000, { message: 'At most 3000 characters.' }).nullish(),
});
const FinalStatementForm = z.object({
  text: z
    .string({ message: 'Write the final statement.' })
    .trim()
    .min(20, { message: 'A final statement is the company\'s last answer: at least 20 characters.' })
    .max(10_000, { message: 'At most 10000 characters.' }),
});

function resolveView(origin: Clicked): ModalView {
  return {
    type: 'modal',
    callback_id: MODALS.resolve,
    private_metadata: JSON.stringify({ ref: origin.ref, channel: origin.channel, ts: origin.ts }),
    title: { type: 'plain_text', text: 'Resolve case' },
    submit: { type: 'plain_text', text: 'Resolve' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `Case *${safeText(origin.ref)}*` } },
      {
        type: 'input',
        block_id: 'outcome',
        label: { type: 'plain_text', text: 'Outcome' },
        element: {
          type: 'static_select',
          action_id: 'value',
          options: RESOLVE_OUTCOMES.map((o) => ({ text: { type: 'plain_text', text: OUTCOME_WORDS[o] }, value: o })),
        },
      },
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        label: { type: 'plain_text', text: 'Note (internal)' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3_000 },
      },
    ],
  };
}

function finalStatementView(origin: Clicked): ModalView {
  return {
    type: 'modal',
    callback_id: MODALS.finalStatement,
    private_metadata: JSON.stringify({ ref: origin.ref, channel: origin.channel, ts: origin.ts }),
    title: { type: 'plain_text', text: 'Final statement' },
    submit: { type: 'plain_text', text: 'Issue' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `Case *${safeText(origin.ref)}*: the company's formal, last answer. The consumer may take it to the ombudsman.` },
      },
      {
        type: 'input',
        block_id: 'text',
        label: { type: 'plain_text', text: 'Statement' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true },
      },
    ],
  };
}

const ReplyForm = z.object({
  text: z.string({ message: 'Write the reply.' }).trim().min(1, { message: 'Write the reply.' }).max(4_000, { message: 'At most 4000 characters.' }),
});

function replyView(origin: Clicked): ModalView {
  return {
    type: 'modal',
    callback_id: MODALS.reply,
    private_metadata: JSON.stringify({ ref: origin.ref, channel: origin.channel, ts: origin.ts }),
    title: { type: 'plain_text', text: 'Reply to consumer' },
    submit: { type: 'plain_text', text: 'Send' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `Case *${safeText(origin.ref)}*: the consumer sees this in their chat.` } },
      { type: 'input', block_id: 'text', label: { type: 'plain_text', text: 'Reply' }, element: { type: 'plain_text_input', action_id: 'value', multiline: true } },
    ],
  };
}

type StateValues = ViewSubmitAction['view']['state']['values'];

function field(values: StateValues, block: string): string | null | undefined {
  const value = values[block]?.value;
  return value?.selected_option?.value ?? value?.value;
}

/** zod's issues as Slack's modal errors: block id -> message. */
function modalErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const block = String(issue.path[0] ?? 'text');
    errors[block] ??= issue.message;
  }
  return errors;
}

export function registerCaseModals(app: App, options: CaseActionsOptions & { log?: Logger }): void {
  const opener = (view: (origin: Clicked) => ModalView) =>
    async ({ ack, body, action, client }: { ack: () => Promise<void>; body: BlockAction; action: ButtonAction; client: import('@slack/web-api').WebClient }) => {
      await ack();
      const origin = clicked(body, action);
      if (!origin) return;
      await client.views.open({ trigger_id: body.trigger_id, view: view(origin) });
    };
  app.action<BlockAction<ButtonAction>>(CARD_ACTIONS.resolve, opener(resolveView));
  app.action<BlockAction<ButtonAction>>(CARD_ACTIONS.finalStatement, opener(finalStatementView));
  app.action<BlockAction<ButtonAction>>(CARD_ACTIONS.reply, opener(replyView));

  app.view(MODALS.reply, async ({ ack, body, view, client }) => {
    const form = ReplyForm.safeParse({ text: field(view.state.values, 'text') ?? undefined });
    if (!form.success) {
      await ack({ response_action: 'errors', errors: modalErrors(form.error) });
      return;
    }
    const origin = Origin.parse(JSON.parse(view.private_metadata));
    const tier = options.channelTiers[origin.channel];
    const at = { ...origin, user: body.user.id, ts: origin.ts };
    if (!tier) {
      await ack({ response_action: 'errors', errors: { text: 'This card is not in a tier\'s channel.' } });
      return;
    }
    await ack();
    // Stored, then signalled to whichever replica holds the consumer's socket (agent-reply.ts).
    const result = await postAgentReply(options.context, { caseRef: origin.ref, agent: { id: body.user.id, tier }, text: form.data.text, now: new Date() });
    if (!result.ok) {
      await tell(client, at, `Not sent to the consumer: ${safeText(result.error.message)}`);
      return;
    }
    if (origin.ts) {
      // The reply also goes in the card's thread, masked, so the thread shows what the consumer saw.
      await client.chat.postMessage({ channel: origin.channel, thread_ts: origin.ts, text: `<@${body.user.id}> to the consumer: ${safeText(form.data.text)}` });
    }
  });

  app.view(MODALS.resolve, async ({ ack, body, view, client }) => {
    const form = ResolveForm.safeParse({ outcome: field(view.state.values, 'outcome'), note: field(view.state.values, 'note') });
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
  });

  app.view(MODALS.finalStatement, async ({ ack, body, view, client }) => {
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
  });
}
