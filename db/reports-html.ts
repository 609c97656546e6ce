// The monthly report as one self-contained HTML page: tables and simple inline SVG bar charts
// (no script, no CDN, no web font), so it can be mailed to a product team or opened offline.
import { printable } from './cli/printable.ts';
import { REFUND_REASON_WORDS } from '../routing/index.ts';
import type { ComplaintKind, MonthlyReport, RefundReasonFigures, TeamPage } from './reports.ts';

const COMPLAINT_KIND_WORDS: readonly (readonly [ComplaintKind, string])[] = [
  ['dispute', 'disputes'],
  ['consumer_escalation', 'asked to escalate or for a final statement'],
  ['low_rating', 'rated 1 or 2'],
  ['ombudsman_request', 'to the ombudsman'],
  ['registered', 'by letter, e-mail, phone or an authority'],
];

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// The one escaping helper of the pages db/ writes (this report, the merchants' fee statements).
// Control characters too: the page is also read with cat or less, where an ESC would act.
export const e = (value: unknown) => printable(String(value ?? '')).replace(/[&<>"']/g, (c) => ESC[c]!);
const pct = (rate: number | null, digits = 1) => (rate === null ? '—' : `${(rate * 100).toFixed(digits)} %`);
const num = (value: number | null, digits = 0) => (value === null ? '—' : value.toFixed(digits));

const REASON_LABELS: Record<RefundReasonFigures['reason'], string> = { ...REFUND_REASON_WORDS, not_told: 'not told yet' };

interface Bar {
  label: string;
  value: number;
  text: string;
  flagged?: boolean;
}

/** A horizontal bar chart; `threshold` draws a dashed line at that value. */
export function barChart(title: string, bars: Bar[], options: { max?: number; threshold?: { value: number; label: string } } = {}): string {
  const id = `chart-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const labelWidth = 190;
  const plotWidth = 420;
  const row = 26;
  const height = Math.max(1, bars.length) * row + 30;
  const max = Math.max(options.max ?? 0, options.threshold?.value ?? 0, ...bars.map((bar) => bar.value), 1e-9);
  const x = (value: number) => labelWidth + (value / max) * plotWidth;
  const rows = bars
    .map((bar, index) => {
      const y = 10 + index * row;
      return `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${e(bar.label)}</text>
    <rect x="${labelWidth}" y="${y + 3}" width="${Math.max(0, x(bar.value) - labelWidth).toFixed(1)}" height="16" class="${bar.flagged ? 'bar flagged' : 'bar'}"><title>${e(bar.label)}: ${e(bar.text)}</title></rect>
    <text x="${(x(bar.value) + 6).toFixed(1)}" y="${y + 15}">${e(bar.text)}</text>`;
    })
    .join('\n    ');
  const threshold = options.threshold
    ? `<line x1="${x(options.threshold.value).toFixed(1)}" x2="${x(options.threshold.value).toFixed(1)}" y1="4" y2="${height - 18}" class="threshold" />
    <text x="${x(options.threshold.value).toFixed(1)}" y="${height - 4}" text-anchor="middle" class="threshold-label">${e(options.threshold.label)}</text>`
    : '';
  return `<figure>
  <svg role="img" aria-labelledby="${id}" viewBox="0 0 ${labelWidth + plotWidth + 90} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">
    <title id="${id}">${e(title)}</title>
    ${bars.length ? rows : `<text x="${labelWidth}" y="24">no data</text>`}
    ${threshold}
  </svg>
  <figcaption>${e(title)}</figcaption>
</figure>`;
}

/** "up 3 from 2", "down 1 from 4", "the same as before": the trend in words, not a sign to decode. */
export function trend(now: number, before: number, period: string): string {
  if (now === before) return `the same as the ${period} before`;
  return `${now > before ? 'up' : 'down'} ${Math.abs(now - before)} from ${before} the ${period} before`;
}

/** One product team's part: its complaints and their trend, what consumers wrote, the ombudsman's lessons. */
function teamSection(team: TeamPage, period: string): string {
  const kinds = COMPLAINT_KIND_WORDS.map(([kind, words]) => `${words} ${team.complaintsBy[kind]}`).join(', ');
  const opinions = team.opinions.map((o) => `<li><strong>${o.rating} of 5</strong> (${e(o.caseRef)}): ${e(o.comment)}</li>`).join('\n');
  const lessons = team.lessons.map((l) => `<li>${e(l.caseRef)}, the ombudsman ${l.decision === 'overturned' ? 'overturned' : 'upheld'} the decision: ${e(l.note)}</li>`).join('\n');
  return `<section class="team" id="team-${e(team.team)}">
<h3>${e(team.name)}</h3>
<p><strong>${team.complaints}</strong> complaint${team.complaints === 1 ? '' : 's'}, ${trend(team.complaints, team.previousComplaints, period)}${team.complaints > 0 ? ` (${kinds})` : ''}.</p>
<h4>What consumers wrote</h4>
${opinions ? `<ul>\n${opinions}\n</ul>` : `<p>No comments with a rating in the ${period}.</p>`}
<h4>Lessons from the ombudsman</h4>
${lessons ? `<ul>\n${lessons}\n</ul>` : `<p>None in the ${period}.</p>`}
</section>`;
}

export function renderMonthlyReport(report: MonthlyReport): string {
  const intentRows = report.intents
    .map(
      (f) => `<tr><th scope="row">${e(f.intent)}</th><td>${f.casesOpened}</td><td>${f.complaints}</td><td>${f.complaintsBy.dispute}</td><td>${f.complaintsBy.consumer_escalation}</td><td>${f.complaintsBy.low_rating}</td><td>${f.ombudsmanRequests}</td><td>${f.ombudsmanDecided}</td><td>${pct(f.overturnRate)}</td><td>${num(f.complaintsPerMillion, 1)}</td></tr>`,
    )
    .join('\n');
  const t = report.total;
  const merchantRows = report.merchants
    .map((m) => `<tr${m.flagged ? ' class="flagged"' : ''}><th scope="row">${m.merchantId === null ? 'unlinked (no merchant yet)' : e(m.merchant)}</th><td>${m.disputes}</td><td>${m.escalated}</td><td>${m.purchases ?? '—'}</td><td>${pct(m.rate, 2)}</td><td>${m.flagged ? 'over 1.5 %' : ''}</td></tr>`)
    .join('\n');
  const ratedMerchants = report.merchants.filter((m) => m.rate !== null);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Ombud ${report.period === 'year' ? 'yearly' : 'monthly'} report ${e(report.month)}</title>
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
  figcaption { color: #4b5563; font-size: 0.9rem; }
</style>
</head>
<body>
<h1>${report.period === 'year' ? 'Yearly' : 'Monthly'} report ${e(report.month)}</h1>
<p>From ${e(report.from.toISOString().slice(0, 10))} to ${e(new Date(report.to.getTime() - 1).toISOString().slice(0, 10))} (UTC).
Purchases in the ${report.period}: ${report.purchases ?? 'not given (complaints per million need --purchases N)'}.
A complaint is a case with a dispute, an escalation or a final statement the consumer asked for, a rating of 1 or 2, an ombudsman request, or a complaint registered about it (by letter, e-mail, phone or an authority) in the ${report.period}; a case counts once, and a registered complaint about no case counts by itself.</p>

<h2>Complaints and the ombudsman, per intent</h2>
<table>
<thead><tr><th scope="col">intent</th><th scope="col">cases opened</th><th scope="col">complaints</th><th scope="col">disputes</th><th scope="col">escalation asked</th><th scope="col">rating 1–2</th><th scope="col">ombudsman requests</th><th scope="col">decided</th><th scope="col">overturn rate</th><th scope="col">complaints per million purchases</th></tr></thead>
<tbody>
${intentRows}
</tbody>
<tfoot><tr><th scope="row">total</th><td>${t.casesOpened}</td><td>${t.complaints}</td><td>${t.complaintsBy.dispute}</td><td>${t.complaintsBy.consumer_escalation}</td><td>${t.complaintsBy.low_rating}</td><td>${t.ombudsmanRequests}</td><td>${t.ombudsmanDecided}</td><td>${pct(t.overturnRate)}</td><td>${num(t.complaintsPerMillion, 1)}</td></tr></tfoot>
</table>
${barChart('Complaints per intent', report.intents.map((f) => ({ label: f.intent, value: f.complaints, text: String(f.complaints) })))}
${barChart('Ombudsman requests per intent', report.intents.map((f) => ({ label: f.intent, value: f.ombudsmanRequests, text: String(f.ombudsmanRequests) })))}
${barChart(
  'Ombudsman overturn rate per intent',
  report.intents.filter((f) => f.overturnRate !== null).map((f) => ({ label: f.intent, value: f.overturnRate!, text: `${pct(f.overturnRate)} of ${f.ombudsmanDecided}` })),
  { max: 1 },
)}

<h2>Merchant dispute rates</h2>
<table>
<thead><tr><th scope="col">merchant</th><th scope="col">disputes</th><th scope="col">escalated (fee)</th><th scope="col">purchases</th><th scope="col">dispute rate</th><th scope="col">flag</th></tr></thead>
<tbody>
${merchantRows || `<tr><td colspan="6">No merchant disputes in the ${report.period}.</td></tr>`}
</tbody>
</table>
${barChart(
  'Merchant dispute rate (1.5 % threshold)',
  ratedMerchants.map((m) => ({ label: m.merchant, value: m.rate!, text: pct(m.rate, 2), flagged: m.flagged })),
  { threshold: { value: 0.015, label: '1.5 %' } },
)}
${report.merchants.some((m) => m.rate === null && m.merchantId !== null) ? '<p>Rates need each merchant\'s purchase count (--merchant-purchases FILE.csv).</p>' : ''}

<h2>Why consumers wanted their money back</h2>
<p>Disagreements with a shop opened in the ${report.period}, by the consumer's refund reason.</p>
<table>
<thead><tr><th scope="col">refund reason</th><th scope="col">disputes</th><th scope="col">escalated (fee)</th><th scope="col">settled by the merchant</th></tr></thead>
<tbody>
${report.refundReasons.map((r) => `<tr><th scope="row">${e(REASON_LABELS[r.reason])}</th><td>${r.disputes}</td><td>${r.escalated}</td><td>${r.settled}</td></tr>`).join('\n')}
</tbody>
</table>
${barChart('Disputes per refund reason', report.refundReasons.map((r) => ({ label: REASON_LABELS[r.reason], value: r.disputes, text: String(r.disputes) })))}

<h2>Process feedback from the ombudsman</h2>
<table>
<thead><tr><th scope="col">tier</th><th scope="col">upheld</th><th scope="col">overturned</th></tr></thead>
<tbody>
${report.feedbackByTier.map((f) => `<tr><th scope="row">${e(f.tier)}</th><td>${f.upheld}</td><td>${f.overturned}</td></tr>`).join('\n') || `<tr><td colspan="3">None in the ${report.period}.</td></tr>`}
</tbody>
</table>

<h2>Each team's page</h2>
${report.teams.map((team) => teamSection(team, report.period)).join('\n')}
</body>
</html>
`;
}
