// One card per case and tier, however many replicas run: before posting, a replica claims the
// (case, tier) row of `slack_cards`; only the claimant posts, and saves the message's ts. Every
// later change of the case updates that message in place, once: the row records what the card
// shows (case version, notes), and only the caller that moves it forward calls chat.update. A
// claim whose poster died before saving a ts expires after a lease, so the card is posted by
// someone else then.
import type { WebClient } from '@slack/web-api';
import { findCaseById, type CardRevision, type CardStore, type Queryable, type StoredCase } from '../../db/index.ts';
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

/** `current`: the card already shows this change (someone else updated it). */
export type ShowCardResult = 'posted' | 'updated' | 'current' | 'pending';

function revisionOf(stored: StoredCase, details: CardDetails): CardRevision {
  // Notes and files both only grow, so their sum is a count the card shows that only grows: a
  // new file redraws the card like a new note does.
  return { version: stored.version, notes: (details.notes?.count ?? 0) + (details.evidence?.length ?? 0) };
}

function render(options: ShowCardOptions, stored: StoredCase, details: CardDetails, tier: Tier, now: Date) {
  return renderCard({
    case: stored.case,
    ...details,
    channelTier: tier,
    now,
    ...(options.policy ? { policy: options.policy } : {}),
  });
}

/** Updates the posted card of (case, tier) when it shows something older than `stored`. */
async function updateIfBehind(
  options: ShowCardOptions,
  stored: StoredCase,
  tier: Tier,
  now: Date,
): Promise<'updated' | 'current'> {
  const details = await options.details(stored);
  const shown = revisionOf(stored, details);
  const slot = await options.store.claimRevision(stored.id, tier, shown);
  if (!slot) return 'current';
  const card = render(options, stored, details, tier, now);
  try {
    await options.client.chat.update({
      channel: slot.channelId,
      ts: slot.messageTs,
      text: card.text,
      blocks: card.blocks,
    });
  } catch (error) {
    await options.store.releaseRevision(stored.id, tier, shown);
    throw error;
  }
  return 'updated';
}

/**
 * Shows the case's card in the channel of `tier`: posts it the first time, updates it after.
 * `pending` when another replica is posting it right now (it re-renders after posting).
 */
export async function showCaseCard(
  options: ShowCardOptions,
  stored: StoredCase,
  tier: Tier,
  channelId: string,
  now: Date,
): Promise<ShowCardResult> {
  const claim = await options.store.claim(stored.id, tier, channelId, now);
  if (!claim.claimed) {
    if (claim.slot.messageTs === null) return 'pending';
    return updateIfBehind(options, stored, tier, now);
  }
  let ts: string;
  let shown: CardRevision;
  // While Slack's client waits and retries (429, 5xx: minutes, with its default policy), the claim
  // is renewed, so that no other replica takes it for lapsed and posts the card a second time
  // (bench:faults found that with two replicas and Slack failing for 50 s).
  const claimedAt = Date.now();
  const renewal = setInterval(
    () => {
      options.store.renewClaim(stored.id, tier, new Date(now.getTime() + Date.now() - claimedAt)).catch(() => {});
    },
    (options.store.leaseSeconds * 1000) / 3,
  );
  renewal.unref();
  try {
    const details = await options.details(stored);
    shown = revisionOf(stored, details);
    const card = render(options, stored, details, tier, now);
    const response = await options.client.chat.postMessage({
      channel: channelId,
      text: card.text,
      blocks: card.blocks,
      unfurl_links: false,
    });
    if (!response.ts) throw new Error('chat.postMessage answered without a ts');
    ts = response.ts;
  } catch (error) {
    clearInterval(renewal);
    await options.store.unclaim(stored.id, tier);
    throw error;
  } finally {
    clearInterval(renewal);
  }
  await options.store.posted(stored.id, tier, ts, now, shown);
  // A change that arrived while we were posting found no ts and skipped its update: catch up.
  const latest = await findCaseById(options.db, stored.id);
  if (latest && latest.version !== stored.version) await updateIfBehind(options, latest, tier, now);
  return 'posted';
}
