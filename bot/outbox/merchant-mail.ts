// The e-mail a merchant gets beside its webhook (issue 17, docs/events.md "The merchant's
// e-mail"): one per dispute event (opened, reminder or investigation's question, escalated,
// decided), in the merchant's language, written from the same body the webhook carries. So it
// holds nothing the webhook does not: the case reference, order number, amount, reason and the
// time to answer by, never the consumer's name, address or words. fee.charged is not mailed: the
// escalation's e-mail says the fee was charged, and the month's statement lists every charge.
import type { Json } from '../../routing/index.ts';
import { formatAmount, localeOf, t } from '../dialog/catalogue.ts';
import { timeZoneOf } from '../dialog/catalogue/format.ts';
import type { Language } from '../../intents/labels.ts';

export const MAILED_TYPES = ['dispute.opened', 'dispute.reminder', 'dispute.escalated', 'dispute.decided'] as const;

const CLOSED_STATUSES = ['settled', 'won', 'lost', 'withdrawn', 'lapsed'] as const;
const REASONS = [
  'returned',
  'not_received',
  'wrong_amount',
  'faulty',
  'refund_refused',
  'unrecognized_purchase',
] as const;

interface DisputeData {
  ref?: unknown;
  status?: unknown;
  reason?: unknown;
  orderNumber?: unknown;
  amount?: unknown;
  currency?: unknown;
  respondBy?: unknown;
}

/** "26 December 2026, 17:00" in the merchant's language and its market's time zone. */
function when(language: Language, iso: unknown): string {
  if (typeof iso !== 'string' || Number.isNaN(Date.parse(iso))) return t(language, 'merchant_mail_unknown');
  return new Intl.DateTimeFormat(localeOf(language), {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: timeZoneOf(language),
  }).format(new Date(iso));
}

/**
 * The subject and text of the e-mail for one merchant event; undefined for an event that is not
 * mailed (fee.charged) or a body without a dispute.
 */
export function merchantEmail(input: {
  language: Language;
  merchantName: string;
  type: string;
  data: { [key: string]: Json };
  /** The merchant's page (`<PUBLIC_URL>/merchant`). */
  pageUrl: string;
}): { subject: string; text: string } | undefined {
  const { language } = input;
  if (!(MAILED_TYPES as readonly string[]).includes(input.type)) return undefined;
  const dispute = input.data.dispute as DisputeData | undefined;
  if (!dispute || typeof dispute.ref !== 'string') return undefined;
  const ref = dispute.ref;
  const request = input.data.request as { question?: unknown; respondBy?: unknown } | undefined;
  const respondBy = when(language, request?.respondBy ?? dispute.respondBy);

  let subject: string;
  let lead: string;
  switch (input.type) {
    case 'dispute.opened':
      subject = t(language, 'merchant_mail_subject_opened', { ref, respondBy });
      lead = t(language, 'merchant_mail_lead_opened', { respondBy });
      break;
    case 'dispute.reminder':
      subject = t(language, request ? 'merchant_mail_subject_request' : 'merchant_mail_subject_reminder', {
        ref,
        respondBy,
      });
      lead = t(language, request ? 'merchant_mail_lead_request' : 'merchant_mail_lead_reminder', { respondBy });
      break;
    case 'dispute.escalated':
      subject = t(language, 'merchant_mail_subject_escalated', { ref });
      lead = t(language, 'merchant_mail_lead_escalated');
      break;
    default: {
      const status = (CLOSED_STATUSES as readonly unknown[]).includes(dispute.status)
        ? (dispute.status as (typeof CLOSED_STATUSES)[number])
        : 'withdrawn';
      subject = t(language, 'merchant_mail_subject_decided', { ref });
      lead = t(language, 'merchant_mail_lead_decided', { outcome: t(language, `merchant_mail_outcome_${status}`) });
    }
  }
  const unknown = t(language, 'merchant_mail_unknown');
  const amount =
    typeof dispute.amount === 'number' && typeof dispute.currency === 'string'
      ? formatAmount(language, dispute.amount, dispute.currency)
      : unknown;
  const reason = (REASONS as readonly unknown[]).includes(dispute.reason)
    ? t(language, `merchant_mail_reason_${dispute.reason as (typeof REASONS)[number]}`)
    : unknown;
  const facts = t(language, 'merchant_mail_facts', {
    ref,
    order: typeof dispute.orderNumber === 'string' ? dispute.orderNumber : unknown,
    amount,
    reason,
  });
  const question =
    request && typeof request.question === 'string' && request.question.trim()
      ? t(language, 'merchant_mail_question', { question: request.question.trim() })
      : undefined;
  const text = [
    t(language, 'merchant_mail_greeting', { merchant: input.merchantName }),
    '',
    lead,
    ...(question ? ['', question] : []),
    '',
    facts,
    '',
    t(language, 'merchant_mail_answer', { url: input.pageUrl }),
    '',
    t(language, 'merchant_mail_closing'),
  ].join('\n');
  return { subject, text };
}
