// The ombudsman's lessons reach the team (issue 18): each process-feedback note (written with the
// ombudsman's decision, db/ombudsman.ts) is posted to the Slack channel of the tier it concerns,
// as a reply in the case's card thread there that is also shown in the channel (reply_broadcast),
// or as a message of its own when that tier never had the case's card. Masked like everything on
// the desk. Run by the card poster: for a case when its cards are refreshed (the decision's
// signal), and for any note left over in its catch-up scan (Slack was away, a replica died).
import type { WebClient } from '@slack/web-api';
import {
  claimFeedbackToPost,
  deferFeedbackPost,
  markFeedbackPosted,
  type CardStore,
  type Db,
  type FeedbackToPost,
} from '../../db/index.ts';
import type { Tier } from '../../routing/index.ts';
import { safeText, TIER_NAMES } from './cards.ts';

/** How long a claimed note waits for its poster before another replica posts it (s): longer than
 *  the Slack client's own retries of one post, so a slow post is not made twice. */
export const FEEDBACK_LEASE_SECONDS = 300;
/** How long a note whose post failed waits before it is tried again; the notes behind it go on. */
export const FEEDBACK_RETRY_MS = 5 * 60_000;
const PER_ROUND = 20;

export interface FeedbackPostOptions {
  db: Db;
  client: WebClient;
  store: CardStore;
  tierChannels: Partial<Record<Tier, string>>;
  now: () => Date;
}

export function feedbackText(note: FeedbackToPost): string {
  const decision = note.decision === 'overturned' ? 'overturned the decision' : 'upheld the decision';
  return `:scales: *Lesson from the customer ombudsman* on ${safeText(note.caseRef)} (${TIER_NAMES[note.tier]}; the ombudsman ${decision}):\n>${safeText(note.note).replace(/\n/g, '\n>')}`;
}

/**
 * Posts the unposted notes of `caseId` (or of any case), each once. A note whose post failed waits
 * FEEDBACK_RETRY_MS (a channel the bot is not in must not hold back the rest) and the first error
 * is thrown once the others were tried, so the caller's Slack link sees it; a tier without a
 * channel here has nobody to read it in Slack: the note is marked posted and stays in the reports.
 */
export async function postProcessFeedback(options: FeedbackPostOptions, caseId?: number): Promise<number> {
  const notes = await claimFeedbackToPost(options.db, {
    ...(caseId !== undefined ? { caseId } : {}),
    now: options.now(),
    leaseSeconds: FEEDBACK_LEASE_SECONDS,
    limit: PER_ROUND,
  });
  let posted = 0;
  let failure: unknown;
  for (const note of notes) {
    const channel = options.tierChannels[note.tier];
    if (channel) {
      const card = (await options.store.cardsOf(note.caseId)).find(
        (c) => c.tier === note.tier && c.channelId === channel && c.messageTs !== null,
      );
      try {
        const text = feedbackText(note);
        await (card
          ? options.client.chat.postMessage({
              channel,
              text,
              thread_ts: card.messageTs!,
              reply_broadcast: true,
              unfurl_links: false,
            })
          : options.client.chat.postMessage({ channel, text, unfurl_links: false }));
      } catch (error) {
        await deferFeedbackPost(options.db, note.id, new Date(options.now().getTime() + FEEDBACK_RETRY_MS));
        failure ??= error;
        continue;
      }
      posted += 1;
    }
    await markFeedbackPosted(options.db, note.id, options.now());
  }
  if (failure !== undefined) throw failure;
  return posted;
}
