// The monthly report as one self-contained HTML page: tables and simple inline SVG bar charts
// (no script, no CDN, no web font), so it can be mailed to a product team or opened offline.
import { printable } from '../../db/cli/printable.ts';
import { htmlTag, joinHtml, type Html } from '../html.ts';
import { INTENT_NAMES, type Intent } from '../../intents/labels.ts';
import { REFUND_REASON_WORDS, TIER_WORDS, type Tier } from '../../routing/index.ts';
import type { ComplaintKind, MonthlyReport, RefundReasonFigures, TeamPage } from '../../db/reports.ts';

const COMPLAINT_KIND_WORDS: readonly (readonly [ComplaintKind, string])[] = [
  ['dispute', 'disputes'],
  ['consumer_escalation', 'asked to escalate or for a final statement'],
  ['low_rating', 'rated 1 or 2'],
  ['ombudsman_request', 'to the ombudsman'],
  ['registered', 'by letter, e-mail, phone or an authority'],
];

/**
 * The reports' template (this page, the merchants' fee statements): values lose their control
 * characters before they are escaped, as the page is also read with cat or less, where an ESC
 * would act.
 */
export const html = htmlTag(printable);
const NUMBER = (digits: number) =>
  new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (rate: number | null, digits = 1) => (rate === null ? '—' : `${NUMBER(digits).format(rate * 100)} %`);
/** A count or a figure with thousands separators: 2,000,000. */
const num = (value: number | null, digits = 0) => (value === null ? '—' : NUMBER(digits).format(value));
const intentName = (intent: string) => (Object.hasOwn(INTENT_NAMES, intent) ? INTENT_NAMES[intent as Intent] : intent);
const tierName = (tier: string) =>
  Object.hasOwn(TIER_WORDS, tier)
    ? TIER_WORDS[tier as Tier].replace(/^the /, '').replace(/^./, (c) => c.toUpperCase())
    : tier;
/** Rows, list items and sections one per line, as the page's source has always been laid out. */
const lines = (parts: Html[]) => joinHtml(parts, '\n');
/** A table that scrolls sideways inside its own box on a narrow screen, so the page does not. */
const scrolling = (table: Html) => html`<div class="table-scroll">\n${table}\n</div>`;

const REASON_LABELS: Record<RefundReasonFigures['reason'], string> = {
  ...REFUND_REASON_WORDS,
  not_told: 'not told yet',
};

interface Bar {
  label: string;
  value: number;
  text: string;
  flagged?: boolean;
}

/**
 * A horizontal bar chart in inline SVG, drawn for a phone's width first: each bar's label on its
 * own line above the bar, the value after it, so the text stays readable when the chart is
 * narrow. `threshold` draws a dashed line at that value. With no bars there is no chart: a line
 * says so (and no threshold is drawn across an empty plot).
 */
export function barChart(
  title: string,
  bars: Bar[],
  options: { max?: number; threshold?: { value: number; label: string }; empty?: string } = {},
): Html {
  if (bars.length === 0)
    return html`<p class="empty-chart"><strong>${title}</strong>: ${options.empty ?? 'nothing to show in this period'}.</p>`;
  const id = `chart-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const width = 400;
  const plotWidth = 280;
  const row = 38;
  const top = 4;
  const height = top + bars.length * row + (options.threshold ? 18 : 4);
  const max = Math.max(options.max ?? 0, options.threshold?.value ?? 0, ...bars.map((bar) => bar.value), 1e-9);
  const x = (value: number) => (value / max) * plotWidth;
  const rows = bars.map((bar, index) => {
    const y = top + index * row;
    return html`<text x="0" y="${y + 13}">${bar.label}</text>
    <rect x="0" y="${y + 18}" width="${Math.max(0, x(bar.value)).toFixed(1)}" height="14" class="${bar.flagged ? 'bar flagged' : 'bar'}"><title>${bar.label}: ${bar.text}</title></rect>
    <text x="${(x(bar.value) + 6).toFixed(1)}" y="${y + 30}">${bar.text}</text>`;
  });
  const threshold = options.threshold
    ? html`<line x1="${x(options.threshold.value).toFixed(1)}" x2="${x(options.threshold.value).toFixed(1)}" y1="${top + 16}" y2="${height - 16}" class="threshold" />
    <text x="${x(options.threshold.value).toFixed(1)}" y="${height - 3}" text-anchor="middle" class="threshold-label">${options.threshold.label}</text>`
    : '';
  return html`<figure>
  <svg role="img" aria-labelledby="${id}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">
    <title id="${id}">${title}</title>
    ${joinHtml(rows, '\n    ')}
    ${threshold}
  </svg>
  <figcaption>${title}</figcaption>
</figure>`;
}

/** "up 3 from 2", "down 1 from 4", "the same as before": the trend in words, not a sign to decode. */
export function trend(now: number, before: number, period: string): string {
  if (now === before) return `the same as the ${period} before`;
  return `${now > before ? 'up' : 'down'} ${num(Math.abs(now - before))} from ${num(before)} the ${period} before`;
}

/** One product team's part: its complaints and their trend, what consumers wrote, the ombudsman's lessons. */
function teamSection(team: TeamPage, period: string): Html {
  const kinds = COMPLAINT_KIND_WORDS.map(([kind, words]) => `${words} ${num(team.complaintsBy[kind])}`).join(', ');
  const opinions = team.opinions.map(
    (o) => html`<li><strong>${o.rating} of 5</strong> (${o.caseRef}): ${o.comment}</li>`,
  );
  const lessons = team.lessons.map(
    (l) =>
      html`<li>${l.caseRef}, the ombudsman ${l.decision === 'overturned' ? 'overturned' : 'upheld'} the decision: ${l.note}</li>`,
  );
  return html`<section class="team" id="team-${team.team}">
<h3>${team.name}</h3>
<p><strong>${num(team.complaints)}</strong> complaint${team.complaints === 1 ? '' : 's'}, ${trend(team.complaints, team.previousComplaints, period)}${team.complaints > 0 ? ` (${kinds})` : ''}.</p>
<h4>What consumers wrote</h4>
${opinions.length ? html`<ul>\n${lines(opinions)}\n</ul>` : html`<p>No comments with a rating in the ${period}.</p>`}
<h4>Lessons from the ombudsman</h4>
${lessons.length ? html`<ul>\n${lines(lessons)}\n</ul>` : html`<p>None in the ${period}.</p>`}
</section>`;
}

export function renderMonthlyReport(report: MonthlyReport): string {
  const intentRows = report.intents.map(
    (f) =>
      html`<tr><th scope="row">${intentName(f.intent)}</th><td>${num(f.casesOpened)}</td><td>${num(f.complaints)}</td><td>${num(f.complaintsBy.dispute)}</td><td>${num(f.complaintsBy.consumer_escalation)}</td><td>${num(f.complaintsBy.low_rating)}</td><td>${num(f.ombudsmanRequests)}</td><td>${num(f.ombudsmanDecided)}</td><td>${pct(f.overturnRate)}</td><td>${num(f.complaintsPerMillion, 1)}</td></tr>`,
  );
  const t = report.total;
  const merchantRows = report.merchants.map(
    (m) =>
      html`<tr${m.flagged ? html` class="flagged"` : ''}><th scope="row">${m.merchantId === null ? 'unlinked (no merchant yet)' : m.merchant}</th><td>${num(m.disputes)}</td><td>${num(m.escalated)}</td><td>${num(m.purchases ?? null)}</td><td>${pct(m.rate, 2)}</td><td>${m.flagged ? 'over 1.5 %' : ''}</td></tr>`,
  );
  const reasonRows = report.refundReasons.map(
    (r) =>
      html`<tr><th scope="row">${REASON_LABELS[r.reason]}</th><td>${num(r.disputes)}</td><td>${num(r.escalated)}</td><td>${num(r.settled)}</td></tr>`,
  );
  const feedbackRows = report.feedbackByTier.map(
    (f) =>
      html`<tr><th scope="row">${tierName(f.tier)}</th><td>${num(f.upheld)}</td><td>${num(f.overturned)}</td></tr>`,
  );
  const ratedMerchants = report.merchants.filter((m) => m.rate !== null);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Ombud ${report.period === 'year' ? 'yearly' : 'monthly'} report ${report.month}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; color: #1b1f24; background: #fff; max-width: 60rem; margin: 0 auto; padding: 1rem; }
  table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
  th, td { text-align: right; padding: 0.3rem 0.5rem; border-bottom: 1px solid #d0d5dd; }
  th[scope="row"], thead th:first-child { text-align: left; }
  tfoot th, tfoot td { font-weight: 700; }
  tr.flagged th, tr.flagged td { color: #8a1c1c; font-weight: 600; }
  svg text { font: 12px system-ui, sans-serif; fill: #1b1f24; }
  svg .bar { fill: #0b5cad; }
  svg .bar.flagged { fill: #b42318; }
  svg .threshold { stroke: #b42318; stroke-dasharray: 4 3; }
  svg .threshold-label { fill: #b42318; }
  figure { margin: 0 0 1.5rem; }
  figure svg { width: 100%; max-width: 34rem; height: auto; display: block; }
  figcaption { color: #4b5563; font-size: 0.9rem; }
  .empty-chart { color: #4b5563; }
  .table-scroll { overflow-x: auto; margin: 0.5rem 0 1.5rem; }
  .table-scroll table { margin: 0; }
  @media (max-width: 40rem) {
    body { font-size: 14px; padding: 0.75rem; }
    th, td { padding: 0.25rem 0.35rem; }
    thead th { font-size: 0.8rem; }
  }
</style>
</head>
<body>
<h1>${report.period === 'year' ? 'Yearly' : 'Monthly'} report ${report.month}</h1>
<p>From ${report.from.toISOString().slice(0, 10)} to ${new Date(report.to.getTime() - 1).toISOString().slice(0, 10)} (UTC).
Purchases in the ${report.period}: ${report.purchases === null ? 'not given (complaints per million need --purchases N)' : num(report.purchases)}.
A complaint is a case with a dispute, an escalation or a final statement the consumer asked for, a rating of 1 or 2, an ombudsman request, or a complaint registered about it (by letter, e-mail, phone or an authority) in the ${report.period}; a case counts once, and a registered complaint about no case counts by itself.</p>

<h2>Complaints and the ombudsman, per intent</h2>
${scrolling(html`<table>
<thead><tr><th scope="col">what it was about</th><th scope="col">cases opened</th><th scope="col">complaints</th><th scope="col">disputes</th><th scope="col">escalation asked</th><th scope="col">rating 1–2</th><th scope="col">ombudsman requests</th><th scope="col">decided</th><th scope="col">overturn rate</th><th scope="col">complaints per million purchases</th></tr></thead>
<tbody>
${lines(intentRows)}
</tbody>
<tfoot><tr><th scope="row">total</th><td>${num(t.casesOpened)}</td><td>${num(t.complaints)}</td><td>${num(t.complaintsBy.dispute)}</td><td>${num(t.complaintsBy.consumer_escalation)}</td><td>${num(t.complaintsBy.low_rating)}</td><td>${num(t.ombudsmanRequests)}</td><td>${num(t.ombudsmanDecided)}</td><td>${pct(t.overturnRate)}</td><td>${num(t.complaintsPerMillion, 1)}</td></tr></tfoot>
</table>`)}
${barChart(
  'Complaints per intent',
  report.intents
    .filter((f) => f.complaints > 0)
    .map((f) => ({ label: intentName(f.intent), value: f.complaints, text: num(f.complaints) })),
  { empty: `no complaints in the ${report.period}` },
)}
${barChart(
  'Ombudsman requests per intent',
  report.intents
    .filter((f) => f.ombudsmanRequests > 0)
    .map((f) => ({ label: intentName(f.intent), value: f.ombudsmanRequests, text: num(f.ombudsmanRequests) })),
  { empty: `no ombudsman requests in the ${report.period}` },
)}
${barChart(
  'Ombudsman overturn rate per intent',
  report.intents
    .filter((f) => f.overturnRate !== null)
    .map((f) => ({
      label: intentName(f.intent),
      value: f.overturnRate!,
      text: `${pct(f.overturnRate)} of ${num(f.ombudsmanDecided)}`,
    })),
  { max: 1, empty: `no ombudsman decisions in the ${report.period}` },
)}

<h2>Merchant dispute rates</h2>
${scrolling(html`<table>
<thead><tr><th scope="col">merchant</th><th scope="col">disputes</th><th scope="col">escalated (fee)</th><th scope="col">purchases</th><th scope="col">dispute rate</th><th scope="col">flag</th></tr></thead>
<tbody>
${merchantRows.length ? lines(merchantRows) : html`<tr><td colspan="6">No merchant disputes in the ${report.period}.</td></tr>`}
</tbody>
</table>`)}
${barChart(
  'Merchant dispute rate (1.5 % threshold)',
  ratedMerchants.map((m) => ({ label: m.merchant, value: m.rate!, text: pct(m.rate, 2), flagged: m.flagged })),
  {
    threshold: { value: 0.015, label: '1.5 %' },
    empty:
      report.merchants.length === 0
        ? `no merchant disputes in the ${report.period}`
        : "no rates without each merchant's purchase count",
  },
)}
${report.merchants.some((m) => m.rate === null && m.merchantId !== null) ? html`<p>Rates need each merchant's purchase count (--merchant-purchases FILE.csv).</p>` : ''}

<h2>Why consumers wanted their money back</h2>
<p>Disagreements with a shop opened in the ${report.period}, by the consumer's refund reason.</p>
${scrolling(html`<table>
<thead><tr><th scope="col">refund reason</th><th scope="col">disputes</th><th scope="col">escalated (fee)</th><th scope="col">settled by the merchant</th></tr></thead>
<tbody>
${reasonRows.length ? lines(reasonRows) : html`<tr><td colspan="4">No disagreements with a shop in the ${report.period}.</td></tr>`}
</tbody>
</table>`)}
${barChart(
  'Disputes per refund reason',
  report.refundReasons
    .filter((r) => r.disputes > 0)
    .map((r) => ({ label: REASON_LABELS[r.reason], value: r.disputes, text: num(r.disputes) })),
  { empty: `no disagreements with a shop in the ${report.period}` },
)}

<h2>Process feedback from the ombudsman</h2>
${scrolling(html`<table>
<thead><tr><th scope="col">team</th><th scope="col">upheld</th><th scope="col">overturned</th></tr></thead>
<tbody>
${feedbackRows.length ? lines(feedbackRows) : html`<tr><td colspan="3">None in the ${report.period}.</td></tr>`}
</tbody>
</table>`)}

<h2>Each team's page</h2>
${lines(report.teams.map((team) => teamSection(team, report.period)))}
</body>
</html>
`.toString();
}
