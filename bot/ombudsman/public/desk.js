// The ombudsman's dossier in a browser: the token is asked for once per tab (sessionStorage, never
// a URL or a cookie), sent as a Bearer header, and the server's page replaces this one's main.
// The decision form posts JSON to /api/ombudsman/cases/:ref/decision.
const TOKEN_KEY = 'ombud.ombudsmanToken';

function token() {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

async function load() {
  const bearer = token();
  if (!bearer) return;
  const response = await fetch(location.pathname, {
    headers: { authorization: `Bearer ${bearer}`, accept: 'text/html' },
  });
  if (!response.ok) {
    sessionStorage.removeItem(TOKEN_KEY);
    const body = await response.json().catch(() => undefined);
    const line = document.getElementById('omb-error');
    if (line) line.textContent = body?.error?.message ?? `HTTP ${response.status}`;
    return;
  }
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  document.title = page.title;
  document.getElementById('omb-dossier').replaceWith(document.adoptNode(page.getElementById('omb-dossier')));
  bindDecision();
}

function bindDecision() {
  const form = document.getElementById('omb-decide');
  if (!form) return;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = { decision: data.get('decision'), reasoning: String(data.get('reasoning') ?? '').trim() };
    if (data.get('newOutcome')) body.newOutcome = data.get('newOutcome');
    if (String(data.get('feedback') ?? '').trim()) body.feedback = String(data.get('feedback')).trim();
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    const response = await fetch(`/api/ombudsman/cases/${encodeURIComponent(form.dataset.ref)}/decision`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      const answer = await response.json().catch(() => undefined);
      const line = document.getElementById('omb-error');
      line.textContent = answer?.error?.message ?? `HTTP ${response.status}`;
      line.focus();
      return;
    }
    await load();
  });
}

document.getElementById('omb-sign-in')?.addEventListener('submit', (event) => {
  event.preventDefault();
  try {
    sessionStorage.setItem(TOKEN_KEY, document.getElementById('omb-token').value.trim());
  } catch {
    // storage off: nothing to keep the token in
  }
  load();
});

if (document.getElementById('omb-sign-in') && token()) load();
else bindDecision();
