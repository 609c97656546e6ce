// The dossier as a page the ombudsman reads and prints: the case at a glance, the consumer's
// written account, final statements and decisions, the dispute, every conversation, and the
// whole history as one timeline. Nothing runs inline.
import type { Dossier, TimelineEntry } from '../../db/index.ts';
import { redact } from '../../intents/redact.ts';
import { deskMoney, REFUND_REASON_WORDS, settlementWords } from '../dispute-words.ts';
import { html, type Html, type HtmlValue } from '../html.ts';
import { ombudsmanPage } from './html.ts';

const when = (at: Date | string | null | undefined) =>
  at ? `${new Date(at).toISOString().replace('T', ' ').slice(0, 16)} UTC` : '—';
const time = (at: Date | string) => html`<time datetime="${new Date(at).toISOString()}">${when(at)}</time>`;

function eventLine(entry: Extract<TimelineEntry, { kind: 'event' }>): Html {
  const { event } = entry;
  const data = Object.entries(event.data)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    // What agents and merchants wrote into an event (a note, a merchant's terms) is masked, as the
    // messages are: the page is printed and forwarded.
    .map(([key, value]) => `${key}: ${redact(typeof value === 'object' ? JSON.stringify(value) : String(value))}`)
    .join('; ');
  return html`<span class="omb-kind">event</span> <strong>${event.type}</strong> by ${event.actor}${event.reason ? ` — why: ${redact(event.reason)}` : ''}${data ? html`<br /><small>${data}</small>` : ''}`;
}

function timelineLine(entry: TimelineEntry): Html {
  switch (entry.kind) {
    case 'request':
      return html`<li class="omb-request">${time(entry.at)} <span class="omb-kind">request</span> <strong>The consumer's written request to the ombudsman</strong><blockquote>${entry.statement}</blockquote>Wants: ${entry.desiredOutcome}</li>`;
    case 'message': {
      const m = entry.message;
      return html`<li${m.aboutThisCase ? '' : html` class="omb-context"`}>${time(entry.at)} <span class="omb-kind">message ${m.direction === 'in' ? 'in' : 'out'}</span> <strong>${m.author}</strong>${m.aboutThisCase ? '' : ' (same conversation)'}<blockquote>${m.text}</blockquote></li>`;
    }
    case 'event':
      return html`<li>${time(entry.at)} ${eventLine(entry)}</li>`;
    case 'note':
      return html`<li class="omb-note">${time(entry.at)} <span class="omb-kind">internal note</span> <strong>${entry.note.author}</strong><blockquote>${entry.note.text}</blockquote></li>`;
  }
}

/** Who reads the page: whether they may decide (bot/ombudsman/desk.ts). */
export interface DossierPageViewer {
  ombudsmanId: string;
  name: string | null;
  mayDecide: boolean;
  actedAs: { what: string; actor: string; at: Date }[];
}

function viewerSection(viewer: DossierPageViewer | undefined): Html | '' {
  if (!viewer || viewer.mayDecide) return '';
  const acts = viewer.actedAs.map(
    (act) => html`<li>${time(act.at)} ${act.what.replaceAll('_', ' ')} as ${act.actor}</li>`,
  );
  return html`<section aria-labelledby="omb-independence-h" class="omb-error">
        <h2 id="omb-independence-h">You cannot decide this case</h2>
        <p>You acted on this case before it reached the ombudsman; another ombudsman must decide it (ombudsman_not_independent).</p>
        <ul>${acts}</ul>
      </section>`;
}

function earlierSections(dossier: Dossier): Html {
  const cases = dossier.earlierCases.map(
    (k) =>
      html`<tr><td>${k.ref}</td><td>${k.intent}</td><td>${time(k.openedAt)}</td><td>${k.tier} / ${k.status}</td><td>${k.outcome ?? '—'}</td><td>${
        k.finalStatement ? `${when(k.finalStatementAt)}: ${redact(k.finalStatement)}` : '—'
      }</td><td>${k.ombudsmanDecision ?? '—'}</td></tr>`,
  );
  const contacts = dossier.earlierContacts.map(
    (v) => html`<h3>${v.channel}, from ${when(v.startedAt)}</h3>
        <ol>${v.messages.map((m) => html`<li>${time(m.at)} <strong>${m.author}</strong><blockquote>${m.text}</blockquote></li>`)}</ol>`,
  );
  const access = dossier.access.map(
    (a) => html`<li>${time(a.at)} ${a.action} by ${a.name ? `${a.name} (${a.ombudsmanId})` : a.ombudsmanId}</li>`,
  );
  return html`<section aria-labelledby="omb-earlier-cases-h">
        <h2 id="omb-earlier-cases-h">The consumer's other cases (${dossier.earlierCases.length})</h2>
        ${
          cases.length
            ? html`<table><thead><tr><th scope="col">Reference</th><th scope="col">Matter</th><th scope="col">Opened</th><th scope="col">Tier / status</th><th scope="col">Outcome</th><th scope="col">Final statement</th><th scope="col">Ombudsman</th></tr></thead><tbody>${cases}</tbody></table>`
            : html`<p>None.</p>`
        }
      </section>
      <section aria-labelledby="omb-earlier-contacts-h">
        <h2 id="omb-earlier-contacts-h">The consumer's other contacts (${dossier.earlierContacts.length})</h2>
        ${contacts.length ? contacts : html`<p>None.</p>`}
      </section>
      <section aria-labelledby="omb-access-h">
        <h2 id="omb-access-h">Opened and decided by</h2>
        <ul>${access}</ul>
      </section>`;
}

export function renderDossierPage(
  dossier: Dossier,
  options: { decisionForm: boolean; viewer?: DossierPageViewer },
): string {
  const c = dossier.case;
  const request = dossier.request;
  const d = dossier.dispute;
  const rows = (pairs: [string, HtmlValue][]) =>
    pairs.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`);
  const decisionForm = options.decisionForm
    ? html`<section aria-labelledby="omb-decide-h">
        <h2 id="omb-decide-h">Decision</h2>
        <form id="omb-decide" data-ref="${c.ref}">
          <fieldset><legend>Decision</legend>
            <label><input type="radio" name="decision" value="upheld" required /> Upheld: the final statement stands</label>
            <label><input type="radio" name="decision" value="overturned" /> Overturned: the outcome changes</label>
          </fieldset>
          <div class="omb-field"><label for="omb-new-outcome">New outcome (overturn only)</label>
            <select id="omb-new-outcome" name="newOutcome"><option value="">—</option><option value="chargeback">chargeback (money back to the consumer)</option><option value="invoice_reactivated">invoice reactivated (the consumer pays)</option><option value="answered">answered</option></select></div>
          <div class="omb-field"><label for="omb-reasoning">Reasoning (sent to the consumer)</label><textarea id="omb-reasoning" name="reasoning" required rows="5"></textarea></div>
          <div class="omb-field"><label for="omb-feedback">Process feedback for ${c.ombudsmanFromTier ?? 'the tier'} (internal; the reasoning when empty)</label><textarea id="omb-feedback" name="feedback" rows="3"></textarea></div>
          <p id="omb-error" class="omb-error" role="alert" tabindex="-1"></p>
          <button type="submit">Record the decision</button>
        </form>
      </section>`
    : '';
  return ombudsmanPage(
    { lang: 'en', title: `Dossier ${c.ref}`, script: 'desk.js', noindex: true },
    html`
    <main class="omb" id="omb-dossier">
      <h1>Dossier for case ${c.ref}</h1>
      ${viewerSection(options.viewer)}
      <section aria-labelledby="omb-case-h">
        <h2 id="omb-case-h">The case</h2>
        <table>${rows([
          ['Reference', c.ref],
          ['Matter', c.intent],
          ['Consumer', c.consumerId],
          ['Language', c.language],
          ['Tier / status', `${c.tier} / ${c.status}`],
          ['Outcome in force', c.outcome ?? '—'],
          ['Invoice', c.invoiceState],
          ['Opened', time(c.openedAt)],
          ['Sent to the ombudsman from', c.ombudsmanFromTier ?? '—'],
          ['Ombudsman decision', c.ombudsmanDecision ?? 'not yet'],
        ])}</table>
      </section>
      <section aria-labelledby="omb-request-h">
        <h2 id="omb-request-h">The consumer's written account</h2>
        ${
          request
            ? html`<p>${time(request.createdAt)}, proof of ownership: ${request.proof}</p><blockquote class="omb-request">${request.statement}</blockquote><p><strong>Outcome wanted:</strong> ${request.desiredOutcome}</p>`
            : html`<p>No written request.</p>`
        }
      </section>
      <section aria-labelledby="omb-statements-h">
        <h2 id="omb-statements-h">Final statements</h2>
        ${dossier.finalStatements.length ? html`<ol>${dossier.finalStatements.map((f) => html`<li>${time(f.at)} by ${f.by}<blockquote>${f.text}</blockquote></li>`)}</ol>` : html`<p>None.</p>`}
      </section>
      <section aria-labelledby="omb-decisions-h">
        <h2 id="omb-decisions-h">Decisions</h2>
        ${dossier.decisions.length ? html`<ol>${dossier.decisions.map((event) => html`<li>${time(event.at)} ${eventLine({ kind: 'event', at: event.at, event })}</li>`)}</ol>` : html`<p>None.</p>`}
      </section>
      <section aria-labelledby="omb-dispute-h">
        <h2 id="omb-dispute-h">Dispute</h2>
        ${
          d
            ? html`<table>${rows([
                ['Kind', d.kind],
                ['Merchant', d.merchant ?? '—'],
                ['Amount', deskMoney(d.amountMinor, d.currency)],
                [
                  'Refund reason',
                  d.refundReason
                    ? REFUND_REASON_WORDS[d.refundReason]
                    : d.kind === 'merchant_disagreement'
                      ? 'not told'
                      : '— (not bought by the consumer)',
                ],
                [
                  'Settlement claimed by the merchant',
                  d.settlementClaim
                    ? html`${settlementWords(d.settlementClaim)}${d.settlementClaim.terms ? html`<br /><small>${redact(d.settlementClaim.terms)}</small>` : ''}`
                    : 'none',
                ],
                ['Opened', time(d.openedAt)],
                ["Merchant's window ends", when(d.merchantWindowEndsAt)],
                [
                  "Merchant's answer",
                  `${d.merchantAnswer ?? 'none'}${d.merchantAnsweredAt ? `, ${when(d.merchantAnsweredAt)}` : ''}`,
                ],
                ['Escalated to investigation', when(d.escalatedAt)],
                ['Dispute fee charged', d.disputeFeeCharged ? 'yes' : 'no'],
                ['Decision', `${d.decision ?? '—'}${d.decisionReasoning ? `: ${d.decisionReasoning}` : ''}`],
                ['Closed', when(d.closedAt)],
              ])}</table>`
            : html`<p>No dispute.</p>`
        }
      </section>
      <section aria-labelledby="omb-conversations-h">
        <h2 id="omb-conversations-h">Conversations (${dossier.conversations.length})</h2>
        ${dossier.conversations.map(
          (v, index) => html`<h3>Conversation ${index + 1}: ${v.channel}, from ${when(v.startedAt)}</h3>
        <ol>${v.messages.map((m) => html`<li${m.aboutThisCase ? '' : html` class="omb-context"`}>${time(m.at)} <strong>${m.author}</strong><blockquote>${m.text}</blockquote></li>`)}</ol>`,
        )}
      </section>
      <section aria-labelledby="omb-feedback-h">
        <h2 id="omb-feedback-h">Process feedback</h2>
        ${dossier.processFeedback.length ? html`<ul>${dossier.processFeedback.map((f) => html`<li>${time(f.at)} to ${f.tier} (${f.decision}) by ${f.author}: ${f.note}</li>`)}</ul>` : html`<p>None yet.</p>`}
      </section>
      ${earlierSections(dossier)}
      <section aria-labelledby="omb-timeline-h">
        <h2 id="omb-timeline-h">Timeline</h2>
        <ol class="omb-timeline">${dossier.timeline.map(timelineLine)}</ol>
      </section>
      ${decisionForm}
    </main>
`,
  );
}

/** The page the ombudsman opens in a browser without a token: desk.js asks for it once per tab. */
export function renderSignInPage(): string {
  return ombudsmanPage(
    { lang: 'en', title: 'Customer ombudsman', script: 'desk.js', noindex: true },
    html`
    <main class="omb" id="omb-dossier">
      <h1>Customer ombudsman</h1>
      <form id="omb-sign-in">
        <div class="omb-field"><label for="omb-token">The ombudsman's token</label><input id="omb-token" type="password" autocomplete="off" required /></div>
        <p id="omb-error" class="omb-error" role="alert" tabindex="-1"></p>
        <button type="submit">Open the dossier</button>
      </form>
    </main>
`,
  );
}
