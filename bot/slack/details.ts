// What a card shows beyond the case row: the classifier's confidence, the latest lines of the
// consumer's conversation (their stored redacted text; the card masks again) and the entities
// the case keeps, and the notes agents kept on it. Read-only.
import { caseDescription, caseNoteSummary, recentMessages, type Queryable, type StoredCase } from '../../db/index.ts';
import { deskMoney, REFUND_REASON_WORDS, settlementWords } from '../dispute-words.ts';
import { latestMerchantResponse } from '../../db/merchant-disputes.ts';
import { caseEvidence } from '../../db/evidence.ts';
import { caseComplaints } from '../../db/complaints.ts';
import { AUTHORITIES } from '../../routing/index.ts';
import type { CardInput, TranscriptLine } from './cards.ts';

export type CardDetails = Pick<
  CardInput,
  'confidence' | 'summary' | 'transcript' | 'entities' | 'notes' | 'dossierUrl' | 'evidence' | 'complaints'
>;

const TRANSCRIPT_LINES = 8;

function speaker(author: string, direction: 'in' | 'out'): TranscriptLine['from'] {
  if (direction === 'in') return 'consumer';
  return /^(agent|ombudsman):/.test(author) ? 'agent' : 'bot';
}

export function caseEntities(stored: StoredCase): Record<string, string> {
  const c = stored.case;
  const entities: Record<string, string> = {};
  if (c.dispute?.merchantName) entities.merchant = c.dispute.merchantName;
  if (c.dispute?.amountMinor != null) entities.amount = deskMoney(c.dispute.amountMinor, c.dispute.currency);
  if (c.dispute?.kind === 'merchant_disagreement') {
    entities.refund_reason = c.dispute.refundReason ? REFUND_REASON_WORDS[c.dispute.refundReason] : 'not told yet';
  }
  if (c.dispute?.settlementClaim) entities.settlement = settlementWords(c.dispute.settlementClaim);
  if (c.orderNumber) entities.order_number = c.orderNumber;
  if (c.technicalFault) entities.technical_fault = 'suspected';
  return entities;
}

export async function loadCardDetails(q: Queryable, stored: StoredCase): Promise<CardDetails> {
  const messages = stored.case.conversationId
    ? await recentMessages(q, stored.case.conversationId, TRANSCRIPT_LINES)
    : [];
  const notes = await caseNoteSummary(q, stored.id);
  const evidence = await caseEvidence(q, stored.id);
  const complaints = await caseComplaints(q, stored.id);
  const classified = [...messages]
    .reverse()
    .find((m) => m.direction === 'in' && m.intent === stored.case.intent && m.confidence !== null);
  return {
    confidence: classified?.confidence ?? null,
    // No summariser yet: the consumer's own report (their longest message up to the case's opening) says what the matter is.
    summary: await caseDescription(q, stored.case),
    transcript: messages.map((m) => ({ from: speaker(m.author, m.direction), text: m.redactedText })),
    entities: { ...caseEntities(stored), ...(await merchantResponseEntity(q, stored)) },
    notes: { count: notes.count, latest: notes.latest?.redactedText ?? null },
    ...(evidence.length > 0
      ? {
          evidence: evidence.map((file) => ({
            id: file.id,
            from: file.uploadedBy,
            type: file.mediaType,
            bytes: file.bytes,
          })),
        }
      : {}),
    ...(complaints.length > 0
      ? {
          complaints: complaints.map((k) => ({
            id: k.id,
            channel: k.channel,
            authority: k.authority ? AUTHORITIES[k.authority].name : null,
            summary: k.summary,
            receivedAt: k.receivedAt,
            answerDueAt: k.answerDueAt,
            answeredAt: k.answeredAt,
          })),
        }
      : {}),
  };
}

/** What the merchant answered (its contest through its API): for investigation, on the card. */
async function merchantResponseEntity(q: Queryable, stored: StoredCase): Promise<Record<string, string>> {
  if (stored.case.dispute?.merchantAnswer !== 'responded') return {};
  const response = await latestMerchantResponse(q, stored.id);
  if (!response?.summary) return {};
  const evidence = response.evidence.length ? ` (evidence: ${response.evidence.join(', ')})` : '';
  return { merchant_response: `${response.summary}${evidence}` };
}
