// Telling the consumer every outcome in writing (issue 18): for each decision routing names in
// `outcomeNotices` (a final statement, a resolution, an escalation, the ombudsman's decision),
// one bot message in the consumer's conversation, in the case's language, saying what was decided
// and what happens next. The notices are derived from the case's events (written in the
// decision's transaction) and stored under their event's id, so a notice is stored once however
// many replicas work the case's signal and however often (db/outcome-notices.ts). They are sent
// from the same loop as the rating request, and before it (bot/dialog/rating.ts).
import { redact } from '../../intents/redact.ts';
import { findCaseById, noticeEventsOf, storeNoticeOnce, type Db, type StoredMessage } from '../../db/index.ts';
import {
  DEFAULT_POLICY,
  noticeMessageId,
  outcomeNotices,
  outsideBodiesFor,
  type Case,
  type OutcomeNotice,
  type Policy,
} from '../../routing/index.ts';
import type { Language } from '../../intents/labels.ts';
import { replyLanguage, t, type MessageKey } from './catalogue.ts';

export interface OutcomeNoticeDeps {
  db: Db;
  /** The service's public address: the written ombudsman request is at `${publicUrl}/ombudsman`. */
  publicUrl: string;
  /** Its `outsideBodies` name the body for the consumer's market. */
  policy?: Policy;
}

/** Where a language is the language of one market (English is not). */
const HOME_MARKET: Partial<Record<Language, string>> = { sv: 'SE', no: 'NO', da: 'DK', fi: 'FI', de: 'DE' };
/** Currencies that belong to one of our markets (the euro does not tell Finland from Germany). */
const CURRENCY_MARKET: Record<string, string> = { SEK: 'SE', NOK: 'NO', DKK: 'DK' };

/**
 * The consumer's market: the disputed amount's currency where it names one, else the case
 * language's home market. The chat's locale (e.g. "en-NO") is not stored with the case or the
 * conversation, so it cannot be used here.
 */
export function marketOf(kase: Pick<Case, 'language' | 'dispute'>): string | null {
  const currency = kase.dispute?.currency;
  if (currency && CURRENCY_MARKET[currency]) return CURRENCY_MARKET[currency]!;
  return HOME_MARKET[replyLanguage(kase.language)] ?? null;
}

/** The written ombudsman request with the case filled in, in the consumer's language. */
export function ombudsmanRequestUrl(publicUrl: string, ref: string, language: Language): string {
  return `${publicUrl.replace(/\/$/, '')}/ombudsman?case=${encodeURIComponent(ref)}&lang=${language}`;
}

/** "Allmänna reklamationsnämnden (ARN)", "FINE (…) tai Kuluttajariitalautakunta", or a general phrase. */
export function outsideBody(policy: Policy, market: string | null, language: Language): string {
  const bodies = outsideBodiesFor(policy, market);
  if (bodies.length === 0) return t(language, 'notice_body_unknown');
  if (bodies.length === 1) return bodies[0]!;
  return `${bodies.slice(0, -1).join(', ')} ${t(language, 'notice_body_or')} ${bodies.at(-1)!}`;
}

/** The text of one notice for the consumer of `kase`. */
export function noticeText(
  kase: Case,
  notice: OutcomeNotice,
  deps: Pick<OutcomeNoticeDeps, 'publicUrl' | 'policy'>,
): string {
  const language = replyLanguage(kase.language);
  const body = () => outsideBody(deps.policy ?? DEFAULT_POLICY, marketOf(kase), language);
  const outcome = (value: string) => t(language, `outcome_${value}` as MessageKey & `outcome_${string}`);
  switch (notice.kind) {
    case 'final_statement':
      return t(language, 'notice_final_statement', {
        ref: kase.ref,
        // As typed by the agent; a personal number, an account or a phone number in it is masked.
        statement: redact(notice.statement.trim()),
        url: ombudsmanRequestUrl(deps.publicUrl, kase.ref, language),
        body: body(),
      });
    case 'resolved':
      return t(language, 'notice_resolved', { ref: kase.ref, outcome: outcome(notice.outcome) });
    case 'escalated':
      return t(language, 'notice_escalated', { ref: kase.ref, team: t(language, `tier_${notice.to}`) });
    case 'ombudsman_upheld':
      return t(language, 'notice_ombudsman_upheld', { ref: kase.ref, body: body() });
    case 'ombudsman_overturned':
      return t(language, 'notice_ombudsman_overturned', { ref: kase.ref, outcome: outcome(notice.outcome) });
  }
}

/**
 * Stores the notices of case `caseId` that are not stored yet, oldest first, each signalled for
 * the relay; returns the ones stored by this call (none when another replica was first).
 */
export async function tellOutcomes(deps: OutcomeNoticeDeps, caseId: number, now: Date): Promise<StoredMessage[]> {
  const events = await noticeEventsOf(deps.db, caseId);
  const notices = outcomeNotices(events);
  if (notices.length === 0) return [];
  const stored = await findCaseById(deps.db, caseId);
  if (!stored) return [];
  const kase = stored.case;
  const told: StoredMessage[] = [];
  for (const notice of notices) {
    const text = noticeText(kase, notice, deps);
    const message = await storeNoticeOnce(deps.db, {
      caseId,
      consumerId: kase.consumerId,
      conversationId: kase.conversationId,
      language: replyLanguage(kase.language),
      clientMessageId: noticeMessageId(notice),
      text,
      redactedText: redact(text),
      at: now,
    });
    if (message) told.push(message);
  }
  return told;
}
