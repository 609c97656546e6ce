// The card's buttons. Each handler acknowledges at once (Slack retries what is not acknowledged
// within 3 s, docs/peers.md), then runs the command for the clicking user as an agent of the tier
// whose channel the card is in, and updates the card in place (chat.update on the clicked
// message), so a card is never posted twice. Routing checks everything else. In the running desk
// the card is updated through the card poster (`cards`), which writes each change to Slack once
// however many handlers and replicas see it; without one (tests of a single handler) the
// clicked message is updated directly. Pick up counts the agent's open cases against the limit.
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import {
  findCaseByRef,
  pickUpCase,
  runCaseCommand,
  type CommandResult,
  type DecisionContext,
  type StoredCase,
} from '../../db/index.ts';
import type { Command, RoutingError, Tier } from '../../routing/index.ts';
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
  /** Brings a case's cards up to date (the card poster); the clicked card is updated directly when absent. */
  cards?: { refresh(caseId: number): Promise<void> };
  log?: Logger;
}

const CASE_REF = /^[A-Za-z0-9-]{1,64}$/;

export interface Clicked {
  ref: string;
  user: string;
  channel: string;
  /** The card message's ts, to update it in place. */
  ts: string | undefined;
}

/** What Slack's ids look like (U…, W…, C…, G…, D…, T…): upper-case letters and digits. */
export const SLACK_ID = /^[A-Z0-9]{2,32}$/;

export function clicked(body: BlockAction, action: ButtonAction): Clicked | undefined {
  const channel = body.channel?.id ?? body.container?.channel_id;
  // A value that is not a case reference never came from one of our cards: nothing to do (a NUL
  // in it failed in the database before).
  if (!channel || !action.value || !CASE_REF.test(action.value)) return undefined;
  // Nor did user or channel ids that are not Slack's: a lone surrogate in one made the Web API
  // client's encodeURIComponent throw "URI malformed" on the way out.
  if (!SLACK_ID.test(channel) || !SLACK_ID.test(body.user?.id ?? '')) return undefined;
  return { ref: action.value, user: body.user.id, channel, ts: body.message?.ts ?? body.container?.message_ts };
}

export async function tell(client: WebClient, at: Clicked, text: string): Promise<void> {
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
  const card = renderCard({
    case: stored.case,
    ...details,
    channelTier,
    now,
    ...(options.context.policy ? { policy: options.context.policy } : {}),
  });
  await client.chat.update({ channel: at.channel, ts: at.ts, text: card.text, blocks: card.blocks });
}

/** Shows a change on the case's card: through the card poster when there is one, else on the clicked card. */
export async function showChange(
  client: WebClient,
  options: Pick<CaseActionsOptions, 'context' | 'details' | 'cards'>,
  at: { channel: string; ts: string | undefined },
  stored: StoredCase,
  channelTier: Tier,
  now: Date,
): Promise<void> {
  if (options.cards) return options.cards.refresh(stored.id);
  if (at.ts) await updateCard(client, options, { channel: at.channel, ts: at.ts }, stored, channelTier, now);
}

function refusalText(ref: string, error: RoutingError, current: StoredCase | undefined, user: string): string {
  const holder = current?.case.assignee;
  if (error.code === 'illegal_move' && holder && holder !== user) {
    return `Case ${safeText(ref)} is already with ${/^[UW][A-Z0-9]+$/.test(holder) ? `<@${holder}>` : safeText(holder)}.`;
  }
  if (error.code === 'illegal_move' && holder === user) return `You already have case ${safeText(ref)}.`;
  if (error.code === 'agent_at_capacity') return `Case ${safeText(ref)} stays in the queue: ${safeText(error.message)}`;
  return safeText(error.message);
}

/**
 * Runs a command from the desk for `at.user` as an agent of the channel's tier, then updates the
 * card in place, or tells the agent privately why not. True when the command was accepted.
 */
export type AgentActor = { kind: 'agent'; id: string; tier: Tier };

/** How a card's command is run: a routing command on the case, or a run of its own (Pick up). */
export type CardRun = (actor: AgentActor, now: Date) => Promise<CommandResult>;

export async function runFromCard(
  client: WebClient,
  options: CaseActionsOptions,
  at: Clicked,
  command: ((actor: AgentActor) => Command) | { run: CardRun },
): Promise<boolean> {
  const tier = options.channelTiers[at.channel];
  if (!tier) {
    await tell(client, at, "This channel is not a tier's channel; cases are worked in their tier's channel.");
    return false;
  }
  const moment = (options.now ?? (() => new Date()))();
  const actor: AgentActor = { kind: 'agent', id: at.user, tier };
  const result =
    typeof command === 'function'
      ? await runCaseCommand(options.context, at.ref, command(actor), moment)
      : await command.run(actor, moment);
  if (result.ok) {
    await showChange(client, options, at, result.stored, tier, moment);
    return true;
  }
  const current = await findCaseByRef(options.context.db, at.ref);
  await tell(client, at, refusalText(at.ref, result.error, current, at.user));
  // The agent may have clicked a stale card: bring it up to date (a no-op when it is current).
  if (current && current.case.tier === tier) await showChange(client, options, at, current, tier, moment);
  return false;
}

export function registerCaseActions(app: App, options: CaseActionsOptions): void {
  app.action<BlockAction<ButtonAction>>(CARD_ACTIONS.pickUp, async ({ ack, body, action, client }) => {
    await ack();
    const at = clicked(body, action);
    if (!at) return;
    try {
      // Like `/cases next`: the agent's open cases are counted against the policy's limit.
      await runFromCard(client, options, at, { run: (actor, now) => pickUpCase(options.context, at.ref, actor, now) });
    } catch (error) {
      options.log?.error({ err: error, ref: at.ref }, 'slack pick up failed');
      await tell(client, at, `Case ${safeText(at.ref)} could not be picked up just now; please try again.`).catch(
        () => {},
      );
    }
  });

  // Buttons that need no more input: the command at once.
  const simple: [string, (actor: { kind: 'agent'; id: string; tier: Tier }) => Command][] = [
    [CARD_ACTIONS.release, (actor) => ({ type: 'release', actor })],
    [
      CARD_ACTIONS.escalateSpecialist,
      (actor) => ({ type: 'escalate', actor, to: 'specialist', reason: 'outside_routine' }),
    ],
    [CARD_ACTIONS.merchantResponded, (actor) => ({ type: 'merchant_responded', actor })],
  ];
  for (const [actionId, command] of simple) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      const at = clicked(body, action);
      if (!at) return;
      try {
        await runFromCard(client, options, at, command);
      } catch (error) {
        options.log?.error({ err: error, ref: at.ref, action: actionId }, 'slack action failed');
        await tell(client, at, `That did not work just now for case ${safeText(at.ref)}; please try again.`).catch(
          () => {},
        );
      }
    });
  }
}
