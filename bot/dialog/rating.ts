// When a case is resolved, its consumer is asked once for a rating (1 to 5), in their language,
// in the conversation the case came from. "Once" holds across replicas: the case_ratings row is
// claimed first, and only the replica that claims it asks. The question is a stored message
// signalled to the relay, so whichever replica holds the consumer's socket shows it; a consumer
// who is offline finds it in the history. A periodic scan covers missed signals and restarts.
//
// The same loop tells the consumer every outcome first (bot/dialog/outcomes.ts): on each case
// signal, the case's untold notices are stored, and only then is the rating asked for, so the
// history reads "your case is closed, what it means" before "how happy are you?".
import { redact } from '../../intents/redact.ts';
import {
  CASE_CHANNEL,
  casesAwaitingRatingRequest,
  casesWithUntoldOutcomes,
  findCaseById,
  latestConversation,
  parseCaseSignal,
  requestRating,
  saveDialogState,
  signalConsumerMessage,
  storeOutbound,
  type Db,
} from '../../db/index.ts';
import type { Logger } from '../log.ts';
import { ratingQuickReplies, replyLanguage, t } from './catalogue.ts';
import { tellOutcomes, type OutcomeNoticeDeps } from './outcomes.ts';
import { inTurn, startSignalLoop } from '../signal-loop.ts';

export async function askForRating(db: Db, caseId: number, now: Date): Promise<boolean> {
  const stored = await findCaseById(db, caseId);
  if (!stored || stored.case.status !== 'resolved') return false;
  const conversationId =
    stored.case.conversationId ??
    (await latestConversation(db, stored.case.consumerId, 'web')) ??
    (await latestConversation(db, stored.case.consumerId, 'app'));
  if (!conversationId) return false; // a case with no conversation (e.g. from an integration): nobody to ask
  if (!(await requestRating(db, caseId, now))) return false;
  const language = replyLanguage(stored.case.language);
  const text = t(language, 'rating_request', { ref: stored.case.ref });
  const message = await storeOutbound(db, {
    conversationId,
    caseId,
    author: 'bot',
    text,
    redactedText: redact(text),
    quickReplies: ratingQuickReplies(),
    at: now,
  });
  await saveDialogState(db, conversationId, { language, state: { stage: 'rating', ref: stored.case.ref } }, language);
  await signalConsumerMessage(db, message.id);
  return true;
}

/** What a case's change tells the consumer: its outcome notices, then (once resolved) the rating request. */
export async function tellConsumer(
  deps: OutcomeNoticeDeps & { log: Logger },
  caseId: number,
  now: Date,
): Promise<void> {
  const told = await tellOutcomes(deps, caseId, now);
  if (told.length > 0) deps.log.info({ caseId, messages: told.map((message) => message.id) }, 'outcome told');
  if (await askForRating(deps.db, caseId, now)) deps.log.info({ caseId }, 'rating asked for');
}

export async function startRatingRequests(
  deps: OutcomeNoticeDeps & { log: Logger; intervalMs?: number; now?: () => Date },
) {
  const now = deps.now ?? (() => new Date());
  const work = inTurn((error) => deps.log.warn({ err: error }, 'outcome notice round failed'));
  const ask = (ids: number[]) =>
    work.run(async () => {
      for (const id of ids) {
        try {
          await tellConsumer(deps, id, now());
        } catch (error) {
          deps.log.warn(
            { err: error, caseId: id },
            'could not tell the consumer an outcome or ask for a rating; the next scan retries',
          );
        }
      }
    });
  return startSignalLoop({
    db: deps.db,
    channel: CASE_CHANNEL,
    onSignal: (payload) => ask(parseCaseSignal(payload)),
    catchUp: async () => {
      const since = new Date(now().getTime() - 7 * 86_400_000);
      const [untold, unrated] = await Promise.all([
        casesWithUntoldOutcomes(deps.db, since),
        casesAwaitingRatingRequest(deps.db, since),
      ]);
      ask([...new Set([...untold, ...unrated])]);
    },
    intervalMs: deps.intervalMs ?? 30_000,
    onCatchUpError: (error) => deps.log.warn({ err: error }, 'rating scan failed'),
    idle: () => work.idle(),
  });
}
