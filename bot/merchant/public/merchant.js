// The merchant's page: the API key is asked for once per tab (sessionStorage, never a URL or a
// cookie) and sent as a Bearer header to the merchant's API; everything shown comes from that
// API, built with textContent (a merchant's or consumer's words are never read as HTML).
import { minorDigits, parseAmount } from './amount.js';

const KEY = 'ombud.merchantKey';
const MAX_FILES = 10;
const MAX_BYTES = 10 * 1024 * 1024;

const STATUS_WORDS = {
  needs_response: 'Waiting for your answer',
  responded: 'You contested it; the window runs on',
  settlement_pending: 'Your refund waits for the consumer to confirm it',
  under_review: 'With our investigation department',
  settled: 'Settled',
  won: 'Decided in your favour',
  lost: 'Decided in the consumer’s favour (charged back)',
  withdrawn: 'Withdrawn by the consumer',
  lapsed: 'Closed: the consumer did not answer',
};
const REASON_WORDS = {
  returned: 'Returned, not refunded',
  not_received: 'Not received',
  wrong_amount: 'Wrong or too high amount',
  faulty: 'Faulty or not as described',
  refund_refused: 'Refund refused',
  unrecognized_purchase: 'The consumer does not recognise the purchase',
};
const ANSWERABLE = new Set(['needs_response', 'responded', 'under_review']);
const CURRENCIES = ['SEK', 'NOK', 'DKK', 'EUR'];

const $ = (id) => document.getElementById(id);

function key() {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function forget() {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // storage off: nothing kept
  }
}

function say(text) {
  $('mer-status').textContent = text;
}

function fail(text) {
  const line = $('mer-error');
  line.textContent = text;
  if (text) line.focus();
}

/** The API's answer as JSON, or an Error with its message; a refused key signs the tab out. */
async function api(path, init = {}) {
  const headers = { accept: 'application/json', authorization: `Bearer ${key()}`, ...(init.headers ?? {}) };
  let response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch {
    throw new Error('The service cannot be reached. Check your connection and try again.');
  }
  const body = await response.json().catch(() => undefined);
  if (response.status === 401) {
    forget();
    showSignIn();
  }
  if (!response.ok) throw new Error(body?.error?.message ?? `The service answered ${response.status}.`);
  return body;
}

function money(amount, currency) {
  if (amount === null || amount === undefined || !currency) return 'not given';
  const digits = minorDigits(currency);
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency, minimumFractionDigits: digits }).format(
    amount / 10 ** digits,
  );
}

function deadline(iso) {
  if (!iso) return undefined;
  const at = new Date(iso);
  const days = Math.ceil((at.getTime() - Date.now()) / 86_400_000);
  const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(at);
  if (at.getTime() < Date.now()) return `${when} (passed)`;
  return `${when} (${days <= 1 ? 'within a day' : `in ${days} days`})`;
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'text') node.textContent = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (value !== undefined && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function field(id, labelText, control, hint) {
  return el(
    'div',
    { class: 'mer-field' },
    el('label', { for: id, text: labelText }),
    control,
    hint ? el('p', { class: 'mer-hint', text: hint }) : undefined,
  );
}

function facts(dispute) {
  const list = el('dl', { class: 'mer-facts' });
  const add = (term, value, name) =>
    list.append(el('dt', { text: term }), el('dd', { text: value, dataset: { field: name } }));
  add('Status', STATUS_WORDS[dispute.status] ?? dispute.status, 'status');
  add('Reason', dispute.reason ? (REASON_WORDS[dispute.reason] ?? dispute.reason) : 'Not given yet', 'reason');
  add('Amount', money(dispute.amount, dispute.currency), 'amount');
  if (dispute.orderNumber) add('Order number', dispute.orderNumber, 'order');
  if (dispute.openedAt)
    add(
      'Opened',
      new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' }).format(new Date(dispute.openedAt)),
      'opened',
    );
  const due = deadline(dispute.respondBy);
  if (due) add('Answer by', due, 'respondBy');
  if (dispute.settlement)
    add(
      'Your refund',
      `${money(dispute.settlement.refundAmount, dispute.settlement.currency)}; the consumer answers by ${deadline(dispute.settlement.consumerAnswersBy)}`,
      'settlement',
    );
  return list;
}

function settleForm(dispute) {
  const id = (name) => `mer-${name}-${dispute.ref}`;
  const currency = dispute.currency
    ? el('input', { id: id('currency'), name: 'currency', value: dispute.currency, readonly: true, size: '4' })
    : el(
        'select',
        { id: id('currency'), name: 'currency' },
        ...CURRENCIES.map((code) => el('option', { value: code, text: code })),
      );
  const form = el(
    'form',
    { class: 'mer-answer', dataset: { action: 'settle' } },
    field(
      id('refund'),
      'Refunded amount',
      el('input', { id: id('refund'), name: 'refund', inputmode: 'decimal', autocomplete: 'off', required: true }),
      'As you refunded it, e.g. 899 or 899,00.',
    ),
    field(id('currency'), 'Currency', currency),
    field(
      id('note'),
      'Note to the consumer (optional)',
      el('textarea', { id: id('note'), name: 'note', rows: '2', maxlength: '2000' }),
    ),
    el('button', { type: 'submit', text: 'Send settlement' }),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const code = String(data.get('currency'));
    const amount = parseAmount(data.get('refund'), code);
    if (amount === undefined) {
      fail(`"${data.get('refund')}" is not an amount; write it like 899 or 899,00.`);
      return;
    }
    const body = { action: 'settle', refundAmount: amount, currency: code };
    const note = String(data.get('note') ?? '').trim();
    if (note) body.note = note;
    await send(
      form,
      dispute.ref,
      body,
      `Settlement of ${money(amount, code)} sent for ${dispute.ref}; the consumer is asked to confirm it.`,
    );
  });
  return el('details', { class: 'mer-action' }, el('summary', { text: 'Settle: I refunded the consumer' }), form);
}

function contestForm(dispute) {
  const id = (name) => `mer-${name}-${dispute.ref}`;
  const files = el('input', {
    id: id('files'),
    name: 'files',
    type: 'file',
    multiple: true,
    accept: '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg',
  });
  const form = el(
    'form',
    { class: 'mer-answer', dataset: { action: 'contest' } },
    field(
      id('statement'),
      'Your account',
      el('textarea', { id: id('statement'), name: 'statement', rows: '5', maxlength: '10000', required: true }),
      'What happened with this order, as you see it. Investigation reads it beside the consumer’s.',
    ),
    field(
      id('files'),
      'Evidence (optional)',
      files,
      'Receipts, tracking, photos: PDF, PNG or JPEG, at most 10 MB each and 10 per case.',
    ),
    el('button', { type: 'submit', text: 'Send contest' }),
  );
  // Files already uploaded in this tab are not uploaded again when a send is retried.
  const uploaded = new Map();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const statement = String(new FormData(form).get('statement') ?? '').trim();
    if (!statement) {
      fail('Write your account of what happened.');
      return;
    }
    const picked = [...files.files];
    if (picked.length > MAX_FILES) return fail(`At most ${MAX_FILES} files per case.`);
    const tooLarge = picked.find((file) => file.size > MAX_BYTES);
    if (tooLarge) return fail(`${tooLarge.name} is larger than 10 MB.`);
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const ids = [];
      for (const [index, file] of picked.entries()) {
        const mark = `${file.name}:${file.size}:${file.lastModified}`;
        if (!uploaded.has(mark)) {
          say(`Uploading ${file.name} (${index + 1} of ${picked.length})…`);
          const part = new FormData();
          part.append('file', file, file.name);
          const answer = await api(`/api/merchant/disputes/${encodeURIComponent(dispute.ref)}/evidence`, {
            method: 'POST',
            body: part,
          }).catch((error) => {
            throw new Error(`${file.name}: ${error.message}`);
          });
          uploaded.set(mark, answer.id);
        }
        ids.push(uploaded.get(mark));
      }
      const body = { action: 'contest', statement };
      if (ids.length) body.evidence = ids;
      await send(
        form,
        dispute.ref,
        body,
        `Contest sent for ${dispute.ref}${ids.length ? ` with ${ids.length} file${ids.length === 1 ? '' : 's'}` : ''}.`,
      );
    } catch (error) {
      say('');
      fail(error.message);
    } finally {
      button.disabled = false;
    }
  });
  return el('details', { class: 'mer-action' }, el('summary', { text: 'Contest: I disagree with the consumer' }), form);
}

async function send(form, ref, body, done) {
  const button = form.querySelector('button');
  button.disabled = true;
  fail('');
  try {
    await api(`/api/merchant/disputes/${encodeURIComponent(ref)}/response`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await load();
    say(done);
  } catch (error) {
    fail(error.message);
  } finally {
    button.disabled = false;
  }
}

function card(dispute) {
  const section = el(
    'article',
    { class: 'mer-dispute', dataset: { ref: dispute.ref, status: dispute.status } },
    el('h2', { text: dispute.ref }),
    facts(dispute),
  );
  if (ANSWERABLE.has(dispute.status)) section.append(settleForm(dispute), contestForm(dispute));
  return section;
}

async function load() {
  const filter = $('mer-filter').value;
  say('Loading…');
  fail('');
  try {
    const { disputes } = await api(`/api/merchant/disputes${filter ? `?status=${filter}` : ''}`);
    // The nearest deadline first; those with none last, newest first.
    disputes.sort(
      (a, b) =>
        (a.respondBy ?? '9999').localeCompare(b.respondBy ?? '9999') ||
        String(b.openedAt).localeCompare(String(a.openedAt)),
    );
    const list = $('mer-list');
    list.replaceChildren(...disputes.map(card));
    if (disputes.length === 0)
      list.append(el('p', { class: 'mer-hint', text: filter === 'open' ? 'No open disputes.' : 'No disputes.' }));
    say(
      `${disputes.length} ${filter === 'open' ? 'open ' : filter === 'closed' ? 'closed ' : ''}dispute${disputes.length === 1 ? '' : 's'}.`,
    );
    showDesk();
  } catch (error) {
    say('');
    fail(error.message);
  }
}

function showSignIn() {
  $('mer-desk').hidden = true;
  $('mer-sign-in').hidden = false;
}

function showDesk() {
  $('mer-sign-in').hidden = true;
  $('mer-desk').hidden = false;
}

$('mer-sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  const typed = $('mer-key').value.trim();
  try {
    sessionStorage.setItem(KEY, typed);
  } catch {
    // storage off: the key lives as long as this page
  }
  $('mer-key').value = '';
  if (!key()) {
    fail('This browser keeps nothing for this tab (storage is off), so the page cannot stay signed in.');
    return;
  }
  load();
});
$('mer-filter').addEventListener('change', load);
$('mer-reload').addEventListener('click', load);
$('mer-sign-out').addEventListener('click', () => {
  forget();
  $('mer-list').replaceChildren();
  say('Signed out.');
  showSignIn();
});

if (key()) load();
