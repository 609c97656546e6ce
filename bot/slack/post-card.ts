// One card per case and tier, however many replicas run: before posting, a replica claims the
// (case, tier) row of `slack_cards`; only the claimant posts, and saves the message's ts. Every
// later change of the case updates that message in place. A claim whose poster died before
// saving a ts expires after a lease, so the card is posted by someone else then.
import type { WebClient } from '@slack/web-api';
import { findCaseById, type CardStore, type Queryable, type StoredCase } from '../../db/index.ts';
import type { Policy, Tier } from '../../routing/index.ts';
import { renderCard } from './cards.ts';
import type { CardDetails } from './details.ts';

export interface ShowCardOptions {
  client: WebClient;
  store: CardStore;
  db: Queryable;
  details: (stored: StoredCase) => Promise<CardDetails>;
  policy?: Policy;
}

export type ShowCardResult = 'posted' | 'updated' | 'pending';

async function render(options: ShowCardOptions, stored: StoredCase, tier: Tier, now: Date) {
  const details = await options.details(stored);
  return renderCard({ case: stored.case, ...details, channelTier: tier, now, ...(options.policy ? { policy: options.policy } : {}) });
}

/**
 * Shows the case's card in the channel of `tier`: posts it the first time, updates it after.
 * `pending` when another replica is posting it right now (it re-renders after posting).
 */
export async function showCaseCard(options: ShowCardOptions, stored: StoredCase, tier: Tier, channelId: string, now: Date): Promise<ShowCardResult> {
  const claim = await options.store.claim(stored.id, tier, channelId, now);
  if (!claim.claimed) {
    if (claim.slot.messageTs === null) return 'pending';
    const card = await render(options, stored, tier, now);
    await options.client.chat.update({ channel: claim.slot.channelId, ts: claim.slot.messageTs, text: card.text, blocks: card.blocks });
    return 'updated';
  }
  let ts: string;
  try {
    const card = await render(options, stored, tier, now);
    const response = await options.client.chat.postMessage({ channel: channelId, text: card.text, blocks: card.blocks, unfurl_links: false });
    if (!response.ts) throw new Error('chat.postMessage answered without a ts');
    ts = response.ts;
  } catch (error) {
    await options.store.unclaim(stored.id, tier);
    throw error;
  }
  await options.store.posted(stored.id, tier, ts, now);
  // A change that arrived while we were posting found no ts and skipped its update: catch up.
  const latest = await findCaseById(options.db, stored.id);
  if (latest && latest.version !== stored.version) {
    const card = await render(options, latest, tier, now);
    await options.client.chat.update({ channel: channelId, ts, text: card.text, blocks: card.blocks });
  }
  return 'posted';
}
