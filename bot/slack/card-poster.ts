// Keeps the cards in step with the cases: on every "case changed" signal, the case's card in
// its tier's channel is posted (the first time) or updated, and its cards in earlier tiers'
// channels are updated (their buttons go once the case has moved on). Changes of one case are
// handled in order; different cases in parallel.
import { CASE_CHANNEL, findCaseById, parseCaseSignal, type Db, type Unlisten } from '../../db/index.ts';
import type { Tier } from '../../routing/index.ts';
import type { Logger } from '../log.ts';
import { showCaseCard, type ShowCardOptions } from './post-card.ts';

export interface CardPosterOptions extends ShowCardOptions {
  db: Db;
  /** The channel of each tier that has one. */
  tierChannels: Partial<Record<Tier, string>>;
  now?: () => Date;
  log?: Logger;
}

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

  async function bringUpToDate(caseId: number): Promise<void> {
    const stored = await findCaseById(options.db, caseId);
    if (!stored) return;
    const at = now();
    const channel = options.tierChannels[stored.case.tier];
    const cards = await options.store.cardsOf(caseId);
    const hasCard = cards.some((card) => card.tier === stored.case.tier);
    // A resolved case gets no new card; one it already has is updated.
    if (channel && (hasCard || stored.case.status !== 'resolved')) await showCaseCard(options, stored, stored.case.tier, channel, at);
    for (const card of cards) {
      if (card.tier === stored.case.tier || card.messageTs === null) continue;
      await showCaseCard(options, stored, card.tier, card.channelId, at);
    }
  }

  function refresh(caseId: number): Promise<void> {
    const previous = chains.get(caseId) ?? Promise.resolve();
    const next = previous
      .then(() => bringUpToDate(caseId))
      .catch((error: unknown) => options.log?.error({ err: error, caseId }, 'slack card refresh failed'));
    chains.set(caseId, next);
    void next.then(() => {
      if (chains.get(caseId) === next) chains.delete(caseId);
    });
    return next;
  }

  const unlisten: Unlisten = await options.db.listen(CASE_CHANNEL, (payload) => {
    for (const id of parseCaseSignal(payload)) void refresh(id);
  });

  async function idle(): Promise<void> {
    while (chains.size > 0) await Promise.all([...chains.values()]);
  }

  return {
    refresh,
    idle,
    async stop() {
      await unlisten();
      await idle();
    },
  };
}
