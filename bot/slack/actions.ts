// The card's buttons. Each handler acknowledges at once (Slack retries what is not acknowledged
// within 3 s, PEERS.md), then runs the command for the clicking user as an agent of the tier
// whose channel the card is in, and updates the card in place (chat.update on the clicked
// message), so a card is never posted twice. Routing checks everything else.
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { findCaseByRef, runCaseCommand, type DecisionContext, type StoredCase } from '../../db/index.ts';
import type { RoutingError, Tier } from '../../routing/index.ts';
import type { Logger } from '../log.ts';
import { CARD_ACTIONS, renderCard, safeText } from './cards.ts';
import { loadCardDetails, type CardDetails } from './details.ts';

export interface CaseActionsOptions {
  context: DecisionContext;
  /** Slack channel id -> the tier whose queue it shows. */
  channelTiers: Readonly<Record<string, Tier>>;
  now?: () => Date;
  /** Card details beyond the case row; read from the database by default. */
  details?: (stored: StoredCase) => Promise<CardDetails>;
  log?: Logger;
}

interface Clicked {
  ref: string;
  user: string;
  channel: string;
  /** The card message's ts, to update it in place. */
  ts: string | undefined;
}

function clicked(body: BlockAction, action: ButtonAction): Clicked | undefined {
  const channel = body.channel?.id ?? body.container?.channel_id;
  if (!channel || !action.value) return undefined;
  return { ref: action.value, user: body.user.id, channel, ts: body.message?.ts ?? body.container?.message_ts };
}

async function tell(client: WebClient, at: Clicked, text: string): Promise<void> {
  await client.chat.postEphemeral({ channel: at.channel, user: at.user, text });
}

export async function updateCard(
  client: WebClient,
  options: Pick<CaseActionsOptions, 'context' | 'details'>,
  at: { channel: string; ts: string },
  stored: StoredCase,
  channelTier: Tier,
  now: Date,
): Promise<void> {
  const details = await (options.details ?? ((s: StoredCase) => loadCardDetails(options.context.db, s)))(stored);
  const card = renderCard({ case: stored.case, ...details, channelTier, now, ...(options.context.policy ? { policy: options.context.policy } : {}) });
  await client.chat.update({ channel: at.channel, ts: at.ts, text: card.text, blocks: card.blocks });
}

function refusalText(ref: string, error: RoutingError, current: StoredCase | undefined, user: string): string {
  const holder = current?.case.assignee;
  if (error.code === 'illegal_move' && holder && holder !== user) {
    return `Case ${safeText(ref)} is already with ${/^[UW][A-Z0-9]+$/.test(holder) ? `<@${holder}>` : safeText(holder)}.`;
  }
  if (error.code === 'illegal_move' && holder === user) return `You already have case ${safeText(ref)}.`;
  return safeText(error.message);
}

export function registerCaseActions(app: App, options: CaseActionsOptions): void {
  const now = options.now ?? (() => new Date());

  app.action<BlockAction<ButtonAction>>(CARD_ACTIONS.pickUp, async ({ ack, body, action, client }) => {
    await ack();
    const at = clicked(body, action);
    if (!at) return;
    const tier = options.channelTiers[at.channel];
    if (!tier) {
      await tell(client, at, 'This channel is not a tier\'s channel; cases are picked up in their tier\'s channel.');
      return;
    }
    const moment = now();
    try {
      const result = await runCaseCommand(options.context, at.ref, { type: 'pick_up', actor: { kind: 'agent', id: at.user, tier } }, moment);
      if (result.ok) {
        if (at.ts) await updateCard(client, options, { channel: at.channel, ts: at.ts }, result.stored, tier, moment);
        return;
      }
      const current = await findCaseByRef(options.context.db, at.ref);
      await tell(client, at, refusalText(at.ref, result.error, current, at.user));
      // The card the loser clicked may be stale: show what the case is now (in its own tier's
      // channel only; a click from a wrong channel changes nothing there).
      if (current && current.case.tier === tier && at.ts) await updateCard(client, options, { channel: at.channel, ts: at.ts }, current, tier, moment);
    } catch (error) {
      options.log?.error({ err: error, ref: at.ref }, 'slack pick up failed');
      await tell(client, at, `Case ${safeText(at.ref)} could not be picked up just now; please try again.`).catch(() => {});
    }
  });
}
