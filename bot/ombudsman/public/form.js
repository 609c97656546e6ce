// The ombudsman form: proves ownership with the chat session the widget keeps in this browser
// (localStorage "ombud.session", see bot/web/public/widget.js), or with a one-time code e-mailed
// to the case's contact when the service offers it; asks first whether the case can go to the
// ombudsman (POST /api/ombudsman/eligibility) and shows the fields of the request only then, so a
// consumer whose case has no final statement or is still open learns it, and what to do instead,
// before writing; then posts the request as JSON.
const SESSION_KEY = 'ombud.session';
const form = document.getElementById('omb-form');
const strings = JSON.parse(document.getElementById('omb-strings').textContent);
const proof = document.getElementById('omb-proof');
const codePath = document.getElementById('omb-code-path');
const errorLine = document.getElementById('omb-error');
const done = document.getElementById('omb-done');
const submit = document.getElementById('omb-submit');
const check = document.getElementById('omb-check');
const write = document.getElementById('omb-write');
const eligibleLine = document.getElementById('omb-eligible');

function storedSession() {
  try {
    const session = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null');
    if (session && typeof session.token === 'string' && Date.parse(session.expiresAt) - Date.now() > 60_000)
      return session;
  } catch {
    // storage off or unreadable: no session
  }
  return undefined;
}

const session = storedSession();
const codes = form.dataset.codePath === 'on';
if (session) {
  proof.textContent = strings.proof_session;
} else {
  proof.textContent = strings.proof_none;
  if (codes) codePath.hidden = false;
}
form.hidden = false;

function showError(body) {
  const code = body?.error?.code;
  // No (valid) session here: the same sentence as the page's, in the page's language.
  const sessionProblem = typeof code === 'string' && code.startsWith('session_') ? strings.proof_none : undefined;
  errorLine.textContent = strings[`error_${code}`] ?? sessionProblem ?? body?.error?.message ?? strings.error_generic;
  errorLine.focus();
}

function headersWithProof(body) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (session) headers.authorization = `Bearer ${session.token}`;
  else if (codes) body.code = form.elements.code.value.trim();
  return headers;
}

// A changed reference or code is checked again before anything is written.
function mustCheckAgain() {
  write.hidden = true;
  check.hidden = false;
}
form.elements.caseRef.addEventListener('input', mustCheckAgain);
form.elements.code?.addEventListener('input', mustCheckAgain);

async function checkEligibility() {
  errorLine.textContent = '';
  if (!form.elements.caseRef.reportValidity()) return;
  if (!session && codes) {
    form.elements.code.required = true;
    if (!form.elements.code.reportValidity()) return;
  }
  const body = { caseRef: form.elements.caseRef.value.trim(), language: document.documentElement.lang };
  const headers = headersWithProof(body);
  check.disabled = true;
  const label = check.textContent;
  check.textContent = strings.checking;
  try {
    const response = await fetch('/api/ombudsman/eligibility', { method: 'POST', headers, body: JSON.stringify(body) });
    const answer = await response.json().catch(() => undefined);
    if (response.status !== 200) return showError(answer);
    eligibleLine.textContent = strings.eligible.replace('{ref}', answer.case.ref);
    check.hidden = true;
    write.hidden = false;
    form.elements.statement.focus();
  } catch {
    showError(undefined);
  } finally {
    check.disabled = false;
    check.textContent = label;
  }
}
check.addEventListener('click', checkEligibility);
// With the chat session and the case in the link, the answer comes at once.
if (session && form.elements.caseRef.value.trim() !== '') checkEligibility();

document.getElementById('omb-send-code')?.addEventListener('click', async () => {
  const caseRef = form.elements.caseRef.value.trim();
  if (!form.elements.caseRef.reportValidity()) return;
  const status = document.getElementById('omb-code-status');
  try {
    const response = await fetch('/api/ombudsman/codes', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ caseRef }),
    });
    if (!response.ok) return showError(await response.json().catch(() => undefined));
    status.textContent = strings.code_sent;
    form.elements.code.focus();
  } catch {
    showError(undefined);
  }
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  // Enter before the case was checked checks it; nothing is written yet.
  if (write.hidden) return checkEligibility();
  errorLine.textContent = '';
  if (!form.reportValidity()) return;
  const body = {
    caseRef: form.elements.caseRef.value.trim(),
    statement: form.elements.statement.value.trim(),
    desiredOutcome: form.elements.desiredOutcome.value.trim(),
  };
  const headers = headersWithProof(body);
  submit.disabled = true;
  const label = submit.textContent;
  submit.textContent = strings.sending;
  try {
    const response = await fetch('/api/ombudsman/requests', { method: 'POST', headers, body: JSON.stringify(body) });
    const answer = await response.json().catch(() => undefined);
    if (response.status !== 201) return showError(answer);
    form.hidden = true;
    done.textContent = strings.sent.replace('{ref}', answer.case.ref);
    done.hidden = false;
    done.focus();
  } catch {
    showError(undefined);
  } finally {
    submit.disabled = false;
    submit.textContent = label;
  }
});
