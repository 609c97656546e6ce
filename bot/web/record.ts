// The consumer's record of a case as one self-contained HTML document (GET /api/cases/:ref/record,
// docs/outcomes.md): the case at a glance, what they reported, one line per decision they were
// told of with its date, the final statement, what they can do next (the written ombudsman
// request and the outside body of their market), and the conversation.
//
// In the case's language, from the chat's catalogues (the same choice as the outcome notices,
// bot/dialog/outcomes.ts). Free text is masked by redact() where it was not stored masked already
// (messages are the redacted copy). No script, no external resource: one style block, allowed by
// its hash in the CSP, which the document also carries in a <meta> so that a saved copy keeps it.
import { createHash } from 'node:crypto';
import { INTENTS, type Intent, type Language } from '../../intents/labels.ts';
import { redact } from '../../intents/redact.ts';
import {
  DEFAULT_POLICY,
  OUTCOMES,
  REFUND_REASONS,
  TIERS,
  type Case,
  type Outcome,
  type Policy,
  type RefundReason,
  type Tier,
} from '../../routing/index.ts';
import type { ConsumerRecord, RecordMessage, StoredCaseEvent } from '../../db/index.ts';
import {
  formatAmount,
  formatDate,
  intentTitle,
  localeOf,
  outcomeText,
  replyLanguage,
  statusLabel,
  t,
  tierName,
} from '../dialog/catalogue.ts';
import { timeZoneOf } from '../dialog/catalogue/format.ts';
import { marketOf, ombudsmanRequestUrl, outsideBody } from '../dialog/outcomes.ts';
import { html, unsafeRaw, type Html, type HtmlValue } from '../html.ts';

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse}th,td{text-align:left;padding:.2rem 1rem .2rem 0;vertical-align:top}
ol{padding-left:1.2rem}li{margin:.5rem 0}time{color:#555;font-size:.9em}
blockquote{margin:.3rem 0 .3rem 1rem;white-space:pre-wrap}
.who{font-weight:600}.msg-in .who{color:#0b5394}.msg p{margin:.2rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
.made{color:#555}
@media print{body{margin:0}a{color:inherit}}
`;

const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;
/** The code's own CSS, as it is: it is no HTML text, and its hash must match what is sent. */
const STYLE_BLOCK = unsafeRaw(STYLE);

/** The record's policy: nothing may load or run; its one style block is allowed by its hash. */
export const RECORD_CSP = [
  "default-src 'none'",
  `style-src '${STYLE_HASH}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The part a <meta> may carry (frame-ancestors is only heeded in the header). */
const META_CSP = RECORD_CSP.split('; ')
  .filter((part) => !part.startsWith('frame-ancestors'))
  .join('; ');

export interface RecordOptions {
  /** The service's public address: the written ombudsman request is at `${publicUrl}/ombudsman`. */
  publicUrl: string;
  policy?: Policy;
  now: Date;
}

const isTier = (value: unknown): value is Tier => (TIERS as readonly unknown[]).includes(value);
const isOutcome = (value: unknown): value is Outcome => (OUTCOMES as readonly unknown[]).includes(value);
const isIntent = (value: unknown): value is Intent => (INTENTS as readonly unknown[]).includes(value);
const isReason = (value: unknown): value is RefundReason => (REFUND_REASONS as readonly unknown[]).includes(value);

/** "12 March 2026, 14:05 CET" in the consumer's notation and their language's time zone. */
function dateTime(language: Language, at: Date): string {
  return new Intl.DateTimeFormat(localeOf(language), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone: timeZoneOf(language),
  }).format(at);
}

const time = (language: Language, at: Date) =>
  html`<time datetime="${at.toISOString()}">${dateTime(language, at)}</time>`;

/** The sentence for one event, or undefined when the record shows none for it. */
function eventLine(
  language: Language,
  event: StoredCaseEvent,
  all: readonly StoredCaseEvent[],
  kase: Case,
): string | undefined {
  const data = event.data;
  const sameInstant = (type: string) =>
    all.some((other) => other.type === type && other.at.getTime() === event.at.getTime());
  switch (event.type) {
    case 'case_opened': {
      const intent = isIntent(data.intent) ? data.intent : kase.intent;
      const tier = isTier(data.tier) ? data.tier : kase.tier;
      return t(language, 'record_event_opened', {
        matter: intentTitle(language, intent),
        team: tierName(language, tier),
      });
    }
    case 'dispute_opened':
      return typeof data.windowEndsAt === 'string'
        ? t(language, 'record_event_dispute_opened', { date: formatDate(language, new Date(data.windowEndsAt)) })
        : undefined;
    case 'invoice_paused':
      // A disagreement's opening line says so already.
      return all.some(
        (other) =>
          other.type === 'dispute_opened' &&
          typeof other.data.windowEndsAt === 'string' &&
          other.at.getTime() === event.at.getTime(),
      )
        ? undefined
        : t(language, 'record_event_paused');
    case 'refund_reason_recorded':
      return isReason(data.reason)
        ? t(language, 'record_event_refund_reason', { reason: t(language, `refund_reason_${data.reason}`) })
        : undefined;
    case 'escalated':
    case 'dispute_escalated':
      return isTier(data.to) ? t(language, 'record_event_escalated', { team: tierName(language, data.to) }) : undefined;
    case 'info_requested':
      return data.from === 'consumer' ? t(language, 'record_event_info_requested') : undefined;
    case 'settlement_claimed':
      return t(language, 'record_event_settlement_claimed');
    case 'settlement_objected':
      return t(language, 'record_event_settlement_objected');
    case 'final_statement_issued':
      return t(language, 'record_event_final_statement', { statement: redact(String(data.text ?? '').trim()) });
    case 'resolved':
      // An ombudsman decision's resolution is told by the decision's own line.
      if (sameInstant('ombudsman_decided') || !isOutcome(data.outcome)) return undefined;
      return t(language, 'record_event_resolved', { outcome: outcomeText(language, data.outcome) });
    case 'reopened':
      return t(language, 'record_event_reopened');
    case 'ombudsman_requested':
      return t(language, 'record_event_ombudsman_requested', {
        statement: redact(String(data.statement ?? '').trim()),
      });
    case 'ombudsman_decided':
      if (data.decision === 'upheld') return t(language, 'record_event_ombudsman_upheld');
      if (data.decision === 'overturned' && isOutcome(data.newOutcome))
        return t(language, 'record_event_ombudsman_overturned', { outcome: outcomeText(language, data.newOutcome) });
      return undefined;
    default:
      return undefined;
  }
}

/** Who wrote a message, as the widget names them: the consumer, or the team that answered. */
function author(language: Language, message: RecordMessage): string {
  if (message.direction === 'in') return t(language, 'widget_you');
  return tierName(language, message.author.startsWith('ombudsman') ? 'ombudsman' : 'customer_service');
}

/** `text` with `url` (which it contains) made a link. */
function withLink(text: string, url: string): Html {
  const at = text.indexOf(url);
  if (at < 0) return html`${text}`;
  return html`${text.slice(0, at)}<a href="${url}">${url}</a>${text.slice(at + url.length)}`;
}

export function renderConsumerRecord(record: ConsumerRecord, options: RecordOptions): string {
  const kase = record.case;
  const language = replyLanguage(kase.language);
  const policy = options.policy ?? DEFAULT_POLICY;
  const body = outsideBody(policy, marketOf(kase), language);
  const rows = (pairs: [string, HtmlValue][]) =>
    pairs
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([term, value]) => html`<tr><th scope="row">${term}</th><td>${value}</td></tr>`);

  const caseRows = rows([
    [t(language, 'card_reference'), kase.ref],
    [t(language, 'record_matter'), intentTitle(language, kase.intent)],
    [t(language, 'record_opened'), time(language, kase.openedAt)],
    [t(language, 'card_team'), tierName(language, kase.tier)],
    [t(language, 'card_status'), statusLabel(language, kase.status)],
    [t(language, 'record_outcome'), kase.outcome ? outcomeText(language, kase.outcome) : null],
  ]);

  const d = kase.dispute;
  const reported = d
    ? html`<section><h2>${t(language, 'record_reported_heading')}</h2><table>${rows([
        [t(language, 'record_shop'), d.merchantName ? redact(d.merchantName) : null],
        [
          t(language, 'record_amount'),
          d.amountMinor !== null && d.currency ? formatAmount(language, d.amountMinor, d.currency) : null,
        ],
        [
          t(language, 'record_purchase_date'),
          d.purchaseDate ? formatDate(language, new Date(`${d.purchaseDate}T12:00:00Z`)) : null,
        ],
        [t(language, 'record_refund_reason'), d.refundReason ? t(language, `refund_reason_${d.refundReason}`) : null],
      ])}</table></section>`
    : '';

  const history = record.events
    .map((event) => ({ event, line: eventLine(language, event, record.events, kase) }))
    .filter((entry): entry is { event: StoredCaseEvent; line: string } => entry.line !== undefined)
    .map(({ event, line }) => html`<li>${time(language, event.at)}<br />${line}</li>`);

  const statements = record.events.filter((event) => event.type === 'final_statement_issued');
  const latest = statements.at(-1);
  const finalStatement =
    kase.finalStatementAt && latest
      ? html`<section><h2>${t(language, 'record_final_heading')}</h2><p>${time(language, latest.at)}</p><blockquote>${redact(String(latest.data.text ?? '').trim())}</blockquote></section>`
      : '';

  const url = ombudsmanRequestUrl(options.publicUrl, kase.ref, language);
  const next = kase.ombudsmanDecision
    ? html`<p>${t(language, 'record_next_decided', { body })}</p>`
    : kase.finalStatementAt
      ? html`<p>${withLink(t(language, 'record_next_ombudsman', { url }), url)}</p><p>${t(language, 'record_next_body', { body })}</p>`
      : html`<p>${t(language, 'record_final_none')}</p>`;

  const conversation = record.messages.map(
    (message) =>
      html`<li class="msg msg-${message.direction === 'in' ? 'in' : 'out'}"><span class="who">${author(language, message)}</span> ${time(language, message.at)}<p>${message.text}</p></li>`,
  );

  const title = t(language, 'record_title', { ref: kase.ref });
  return html`<!doctype html>
<html lang="${language === 'no' ? 'nb' : language}">
<head>
<meta charset="utf-8" />
<meta http-equiv="Content-Security-Policy" content="${META_CSP}" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="robots" content="noindex" />
<title>${title}</title>
<style>${STYLE_BLOCK}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p class="made">${t(language, 'record_made', { date: dateTime(language, options.now) })}</p>
<section><h2>${t(language, 'record_case_heading')}</h2><table>${caseRows}</table></section>
${reported}
<section><h2>${t(language, 'record_history_heading')}</h2><ol class="history">${history}</ol></section>
${finalStatement}
<section><h2>${t(language, 'record_next_heading')}</h2>${next}</section>
<section><h2>${t(language, 'record_conversation_heading')}</h2><ol class="conversation">${conversation}</ol></section>
</main>
</body>
</html>
`.toString();
}
