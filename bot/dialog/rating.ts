// When a case is resolved, its consumer is asked once for a rating (1 to 5), in their language,
// in the conversation the case came from. "Once" holds across replicas: the case_ratings row is
// claimed first, and only the replica that claims it asks. The question is a stored message
// signalled to the relay, so whichever replica holds the consumer's socket shows it; a consumer
// who is offline finds it in the history. A periodic scan covers missed signals and restarts.
import { redact } from '../../intents/redact.ts';
import {
  CASE_CHANNEL,
  casesAwaitingRatingRequest,
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

export async function startRatingRequests(deps: { db: Db; log: Logger; intervalMs?: number; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  let queue: Promise<unknown> = Promise.resolve();
  const ask = (ids: number[]) => {
    queue = queue.then(async () => {
      for (const id of ids) {
        try {
          if (await askForRating(deps.db, id, now())) deps.log.info({ caseId: id }, 'rating asked for');
        } catch (error) {
          deps.log.warn({ err: error, caseId: id }, 'could not ask for a rating; the next scan retries');
        }
      }
    });
  };
  const unlisten = await deps.db.listen(CASE_CHANNEL, (payload) => ask(parseCaseSignal(payload)));
  const timer = setInterval(() => {
    casesAwaitingRatingRequest(deps.db, new Date(now().getTime() - 7 * 86_400_000))
      .then(ask)
      .catch((error) => deps.log.warn({ err: error }, 'rating scan failed'));
  }, deps.intervalMs ?? 30_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await unlisten();
      await queue;
    },
  };
}
