// What the modals opened from a case's card share: the frame (the case named first, the card it
// came from carried back with the submission), the button that opens one, and running the
// modal's command before the modal closes, so that routing's refusal is shown in the modal and
// nothing changes.
import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { findCaseByRef, runCaseCommand, type DecisionContext, type StoredCase } from '../../../db/index.ts';
import type { Case, Command, Tier } from '../../../routing/index.ts';
import type { Logger } from '../../log.ts';
import { clicked, showChange, type AgentActor, type CaseActionsOptions, type Clicked } from '../actions.ts';
import { safeText } from '../cards.ts';
import { modal } from '../modal-parts.ts';
import type { Submission, Submitted } from '../submission.ts';

/** The card a modal was opened from. */
export const CardOrigin = z.object({
  ref: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  channel: z.string().min(1),
  ts: z.string().optional(),
});
export type CardOrigin = z.infer<typeof CardOrigin>;

export interface CaseModalsOptions extends CaseActionsOptions {
  log?: Logger;
  /** The service's public address, for the ombudsman link in a final statement's notice. */
  publicUrl?: string;
}

/** What each card modal's `register` is given. */
export interface CardModalDeps extends CaseModalsOptions {
  now: () => Date;
  submission: Submission<CardOrigin>;
}

export const NOTHING_FOR_THE_CONSUMER =
  'Only mentions of the desk: the consumer would get an empty message. Write what they should read.';

/** Submit and Cancel, the case named first, then `blocks`; the card comes back with the submission. */
export function cardModal(
  callbackId: string,
  origin: Clicked,
  words: { title: string; submit: string; intro: string },
  blocks: ModalView['blocks'],
): ModalView {
  return modal(callbackId, { ref: origin.ref, channel: origin.channel, ts: origin.ts }, words, [
    { type: 'section', text: { type: 'mrkdwn', text: `Case *${safeText(origin.ref)}*${words.intro}` } },
    ...blocks,
  ]);
}

/** The card's button that opens `view`, within the 3 s of its trigger. */
export function opener(
  view: (origin: Clicked) => ModalView | Promise<ModalView>,
): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, action, client }) => {
    await ack();
    const origin = clicked(body, action);
    if (!origin) return;
    await client.views.open({ trigger_id: body.trigger_id, view: await view(origin) });
  };
}

/** A modal that starts from what the case already knows (one read, well inside the trigger's 3 s). */
export const withCase =
  (context: DecisionContext, view: (origin: Clicked, kase: Case | undefined) => ModalView) => async (origin: Clicked) =>
    view(origin, (await findCaseByRef(context.db, origin.ref))?.case);

/** Where a submitted card modal came from, as a click on the card would name it. */
export const atCard = ({ origin, user }: Submitted<unknown, CardOrigin, Tier | undefined>): Clicked => ({
  ...origin,
  user,
  ts: origin.ts,
});

/** What a modal's command gives back: the case as written, or the refusal to show in the modal. */
export type ModalRun = (
  actor: AgentActor,
  now: Date,
) => Promise<{ ok: true; stored: StoredCase } | { ok: false; error: { message: string } }>;

/** A routing command on the submitted card's case. */
export const caseCommand =
  (context: DecisionContext, ref: string, make: (actor: AgentActor) => Command): ModalRun =>
  (actor, now) =>
    runCaseCommand(context, ref, make(actor), now);

/**
 * Runs a modal's command before the modal closes: a refusal is shown in the modal and nothing
 * changed; an accepted one closes it and shows the change on the card.
 */
export async function runInModal(
  deps: CardModalDeps,
  submitted: Submitted<unknown, CardOrigin>,
  run: ModalRun,
): Promise<Awaited<ReturnType<ModalRun>>> {
  const { origin, tier, user, now, ack, refuse, client } = submitted;
  const result = await run({ kind: 'agent', id: user, tier }, now);
  if (!result.ok) {
    await refuse(safeText(result.error.message));
    return result;
  }
  await ack();
  await showChange(client, deps, { channel: origin.channel, ts: origin.ts }, result.stored, tier, now);
  return result;
}
