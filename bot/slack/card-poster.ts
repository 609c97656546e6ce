// Keeps the cards in step with the cases: on every "case changed" signal, the case's card in
// its tier's channel is posted (the first time) or updated, and its cards in earlier tiers'
// channels are updated (their buttons go once the case has moved on). Changes of one case are
// handled in order; different cases in parallel. The signal can be lost (db/case-signal.ts: a
// replica that was down or reconnecting), so a catch-up scan every second looks for cases whose
// cards are behind (by case event id, the append-only history) and brings them up to date.
//
// While Slack is away (the desk's link, bot/slack/link.ts) the poster calls it not at all: the
// scan's window stays where it was, so every card that became due meanwhile is found by the first
// scan once Slack is back, however long it was away and however many cases changed.
//
// The ombudsman's process feedback on a case is posted from here too (feedback-poster.ts), to the
// channel of the tier it concerns, once the case's cards are up to date.
import {
  CASE_CHANNEL,
  casesWithStaleCards,
  findCaseById,
  newestCaseEventId,
  parseCaseSignal,
  type Db,
} from '../../db/index.ts';
import type { Tier } from '../../routing/index.ts';
import type { Logger } from '../log.ts';
import type { SlackLink } from './link.ts';
import { startSignalLoop } from '../signal-loop.ts';
import { postProcessFeedback } from './feedback-poster.ts';
import { showCaseCard, type ShowCardOptions } from './post-card.ts';

export interface CardPosterOptions extends ShowCardOptions {
  db: Db;
  /** The channel of each tier that has one. */
  tierChannels: Partial<Record<Tier, string>>;
  now?: () => Date;
  log?: Logger;
  /** How often the catch-up scan runs (ms); 0 turns it off. */
  catchUpMs?: number;
  /** Whether Slack is there, and where failures that say it is not are reported. */
  link?: Pick<SlackLink, 'isOn' | 'lost'>;
}

/** At start, the scan looks this many case events back (what happened while this replica was down). */
const STARTUP_LOOKBACK_EVENTS = 10_000;
/**
 * Event ids are taken before commit, so a smaller id may commit after a larger one was seen:
 * each scan looks this many events back again (cheap: the scan skips cards that are current).
 */
const LOOKBACK_EVENTS = 1_000;
const SCAN_LIMIT = 500;

export interface CardPoster {
  /** Brings the cards of one case up to date (also used by a catch-up scan). */
  refresh(caseId: number): Promise<void>;
  /** Resolves when every refresh started so far has finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startCardPoster(options: CardPosterOptions): Promise<CardPoster> {
  const now = options.now ?? (() => new Date());
  const chains = new Map<number, Promise<void>>();
  const slackIsOn = () => options.link?.isOn() ?? true;
  /** Set when a refresh left a case behind because Slack was away: the scan's window then stays. */
  let leftBehind = false;

  async function bringUpToDate(caseId: number): Promise<void> {
    if (!slackIsOn()) {
      leftBehind = true;
      return;
    }
    const stored = await findCaseById(options.db, caseId);
    if (!stored) return;
    const at = now();
    const channel = options.tierChannels[stored.case.tier];
    const cards = await options.store.cardsOf(caseId);
    const hasCard = cards.some((card) => card.tier === stored.case.tier);
    // A resolved case gets no new card; one it already has is updated.
    if (channel && (hasCard || stored.case.status !== 'resolved'))
      await showCaseCard(options, stored, stored.case.tier, channel, at);
    for (const card of cards) {
      if (card.tier === stored.case.tier || card.messageTs === null) continue;
      await showCaseCard(options, stored, card.tier, card.channelId, at);
    }
    // The ombudsman's lessons on this case, to the teams concerned (after the cards: into their threads).
    await postProcessFeedback(feedback, caseId);
  }

  function refresh(caseId: number): Promise<void> {
    const previous = chains.get(caseId) ?? Promise.resolve();
    const next = previous
      .then(() => bringUpToDate(caseId))
      .catch((error: unknown) => {
        if (options.link?.lost(error)) {
          leftBehind = true;
          options.log?.warn({ caseId }, 'slack card left for when slack is back');
        } else options.log?.error({ err: error, caseId }, 'slack card refresh failed');
      });
    chains.set(caseId, next);
    void next.then(() => {
      if (chains.get(caseId) === next) chains.delete(caseId);
    });
    return next;
  }

  const feedback = {
    db: options.db,
    client: options.client,
    store: options.store,
    tierChannels: options.tierChannels,
    now,
  };
  const tiers = (Object.entries(options.tierChannels) as [Tier, string | undefined][])
    .filter(([, channel]) => channel)
    .map(([tier]) => tier);
  let cursor = Math.max(0, (await newestCaseEventId(options.db)) - STARTUP_LOOKBACK_EVENTS);

  async function catchUp(): Promise<void> {
    if (!slackIsOn()) return;
    const upTo = await newestCaseEventId(options.db);
    const behind = await casesWithStaleCards(options.db, {
      afterEventId: cursor,
      upToEventId: upTo,
      tiers,
      now: now(),
      limit: SCAN_LIMIT,
    });
    leftBehind = false;
    await Promise.all(behind.map((id) => refresh(id)));
    // Lessons a refresh could not post (Slack away, a replica gone mid-post).
    try {
      await postProcessFeedback(feedback);
    } catch (error) {
      // Each failed note waits its turn again (feedback-poster.ts); the cards' scan goes on.
      if (!options.link?.lost(error))
        options.log?.warn({ err: error }, 'a process-feedback note was not posted; trying again later');
    }
    // A full page may leave more behind, and a round that found Slack away left some: keep the
    // cursor and read again next time.
    if (behind.length < SCAN_LIMIT && !leftBehind) cursor = Math.max(cursor, upTo - LOOKBACK_EVENTS);
  }

  async function refreshed(): Promise<void> {
    while (chains.size > 0) await Promise.all([...chains.values()]);
  }

  const loop = await startSignalLoop({
    db: options.db,
    channel: CASE_CHANNEL,
    onSignal: (payload) => {
      if (slackIsOn()) for (const id of parseCaseSignal(payload)) void refresh(id);
    },
    catchUp,
    intervalMs: options.catchUpMs ?? 1_000,
    onCatchUpError: (error) => options.log?.warn({ err: error }, 'slack card catch-up scan failed'),
    idle: refreshed,
  });

  return {
    refresh,
    idle: () => loop.idle(),
    stop: () => loop.stop(),
  };
}
