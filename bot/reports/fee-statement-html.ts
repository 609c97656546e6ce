// A merchant's monthly fee statement as one self-contained HTML page (no script, no outside
// resource), written by `npm run report -- merchant-fees --out DIR` beside its JSON, with the
// reports' template; amounts are minor units, shown as the currency's units by whole-number
// arithmetic, never through a float.
import type { FeeLine, MerchantStatement } from '../../db/merchant-fees.ts';
import { joinHtml } from '../html.ts';
import { html } from './report-html.ts';

/** The number of minor-unit digits of a currency (2 for SEK, NOK, DKK, EUR; 0 for JPY). */
function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** 35000 SEK as "350.00 SEK", by string arithmetic on the whole number. */
export function formatMoney(amountMinor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const text = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  const units = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return `${sign}${units} ${currency}`;
}

const KIND_LABELS: Record<FeeLine['kind'], string> = {
  dispute_fee: 'dispute fee',
  surcharge: 'surcharge (rate over threshold)',
};

/** How a line came about, in words: the surcharge's share and cap. */
export function feeNote(fee: FeeLine): string {
  if (fee.kind === 'dispute_fee')
    return fee.details.caughtUp ? 'escalated unresolved (entered at the month’s end)' : 'escalated unresolved';
  const cap = fee.details.cap as { amount?: number; currency?: string } | undefined;
  const capText =
    cap && typeof cap.amount === 'number' && typeof cap.currency === 'string'
      ? formatMoney(cap.amount, cap.currency)
      : 'the cap';
  return fee.details.capped ? `capped at ${capText}` : `the disputed amount, under the cap of ${capText}`;
}

export function renderFeeStatement(statement: MerchantStatement): string {
  const who = statement.merchant
    ? `${statement.merchant.name} (merchant ${statement.merchant.id})`
    : 'disputes linked to no merchant yet';
  const f = statement.figures;
  const rate = f.rate === null ? 'not known (no purchase count)' : `${(f.rate * 100).toFixed(2)} %`;
  const lines = statement.fees.map(
    (fee) =>
      html`<tr><th scope="row">${fee.caseRef}</th><td>${fee.escalatedAt.slice(0, 10)}</td><td>${KIND_LABELS[fee.kind]}</td><td>${fee.market}</td><td>${feeNote(fee)}</td><td>${formatMoney(fee.amount, fee.currency)}</td></tr>`,
  );
  const totals = statement.totals.map(
    (t) =>
      html`<tr><th scope="row">${t.currency}</th><td>${formatMoney(t.disputeFees, t.currency)}</td><td>${formatMoney(t.surcharges, t.currency)}</td><td>${formatMoney(t.total, t.currency)}</td></tr>`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Fee statement ${statement.month}: ${who}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; color: #1b1f24; background: #fff; max-width: 60rem; margin: 0 auto; padding: 1rem; }
  table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
  th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #d0d5dd; }
  td:last-child { text-align: right; }
  .over { color: #8a1c1c; font-weight: 600; }
</style>
</head>
<body>
<h1>Fee statement ${statement.month}</h1>
<p>${who}</p>
<h2>The month's figures</h2>
<p>Disputes opened in the month: ${f.disputes}. Purchases in the month: ${f.purchases ?? 'not known'} (from ${f.purchaseSource === 'csv' ? 'the purchase counts given' : 'the purchase directory'}).
Dispute rate: <span${f.overThreshold ? html` class="over"` : ''}>${rate}</span>${f.overThreshold ? `, over the ${f.thresholdPercent} % threshold: each dispute escalated in the month carries a surcharge` : `; the threshold is ${f.thresholdPercent} %`}.</p>
<h2>Charges</h2>
<table>
<thead><tr><th scope="col">case</th><th scope="col">escalated</th><th scope="col">charge</th><th scope="col">market</th><th scope="col">how</th><th scope="col">amount</th></tr></thead>
<tbody>
${lines.length ? joinHtml(lines, '\n') : html`<tr><td colspan="6">No charges in the month.</td></tr>`}
</tbody>
</table>
<h2>Totals</h2>
<table>
<thead><tr><th scope="col">currency</th><th scope="col">dispute fees</th><th scope="col">surcharges</th><th scope="col">total</th></tr></thead>
<tbody>
${totals.length ? joinHtml(totals, '\n') : html`<tr><td colspan="4">Nothing to pay.</td></tr>`}
</tbody>
</table>
</body>
</html>
`.toString();
}
