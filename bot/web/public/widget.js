// The consumer chat: a session from POST /api/chat/session (kept in localStorage until it
// expires), the websocket /ws?token=..., the history after every (re)connect, merged in without
// duplicates. Plain DOM, no framework, no build step; loaded as a module by index.html, which the
// embed script shows in an iframe on other sites.
//
// On a site that knows its user, the embed script hands over an identity token by postMessage
// (embed.js says how); the session is then opened with it, for the consumer the site vouched
// for, and held in memory only: every page load asks the site again, so a browser shared by two
// accounts never shows one the other's chat.
//
// Every word here is the bot's: its replies come from the server in the consumer's language, and
// the widget's own words (title, states, the case card and its Download record button, the
// welcome and its topics, the card's Attach) are written into the page from the same catalogues by the server
// (bot/web/static.ts), for every language.

/** The page's words by language: {locale, strings: {catalogue key: text}, topics: [{title, payload}]}. */
export function pageWords() {
  try {
    return JSON.parse(document.getElementById('ombud-words')?.textContent || '{}');
  } catch {
    return {};
  }
}

/** The first of the browser's languages the page has words for (Norwegian as nb, nn or no), else en. */
export function pickLanguage(
  tags = [...(navigator.languages ?? []), navigator.language],
  available = Object.keys(pageWords()),
) {
  for (const tag of tags) {
    const base = String(tag ?? '')
      .toLowerCase()
      .split('-')[0];
    const language = base === 'nb' || base === 'nn' ? 'no' : base;
    if (language && available.includes(language)) return language;
  }
  return 'en';
}

/** A catalogue template with its {placeholders} filled. */
function fill(template, values = {}) {
  return String(template ?? '').replace(/\{([a-zA-Z][a-zA-Z0-9_]*)\}/g, (whole, name) =>
    name in values ? String(values[name]) : whole,
  );
}

/**
 * A wait in the words people use, "15 minutes", "4 hours", "2 days", exactly as the bot's
 * formatWait (bot/dialog/catalogue/format.ts) writes it in its replies: minutes to the nearest 5
 * up to an hour and a half, hours up to a day and a half, then days; Intl's unit names.
 */
export function waitInWords(locale, minutes) {
  const [value, unit] =
    minutes < 90
      ? [Math.max(5, Math.round(minutes / 5) * 5), 'minute']
      : minutes < 36 * 60
        ? [Math.round(minutes / 60), 'hour']
        : [Math.round(minutes / 1_440), 'day'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

const SESSION_KEY = 'ombud.session';
/** Titles of quick replies the consumer tapped, so that history shows "Yes, thanks", not `helped_yes`. */
const TITLES_KEY = 'ombud.quickReplyTitles';
/** A session this close to its expiry is replaced before connecting. */
const EXPIRY_MARGIN_MS = 60_000;
const MAX_MESSAGE_CHARS = 2_000;
/** The largest file the case card's Attach sends (the server refuses more: evidence_too_large). */
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const BACKOFF_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000];
const TYPING_TIMEOUT_MS = 10_000;

/** How close to its end (px) the log counts as read to the end. */
const END_SLACK_PX = 48;

/** Thrown by ensureSession while the host page owes an identity token: the host wakes the chat. */
class WaitingForIdentity extends Error {}

/**
 * Mounts the chat into `root`. Options: `embedded` (shown in the embed script's iframe: Escape
 * asks the host page to close it; the host may hand over an identity token); `awaitIdentity` (the
 * host said one is coming: no anonymous session meanwhile); `words` (pageWords() by default).
 * Returns `{close()}`.
 */
export function mountChat(root, { embedded = false, awaitIdentity = false, words = pageWords() } = {}) {
  const language = pickLanguage(undefined, Object.keys(words));
  const { locale, strings: s, topics } = words[language];
  document.documentElement.lang = language === 'no' ? 'nb' : language;
  document.title = s.widget_title;

  const ui = buildUi(root, s);
  /** Rendered messages in page order: {id, direction, matchText, pending, el, clientMessageId}. */
  const entries = [];
  const byId = new Map();
  const cards = new Map();
  let lastId = 0;
  let socket;
  /** Counts sockets, so that a message written to a socket that then dropped can be told apart. */
  let generation = 0;
  let attempt = 0;
  let everConnected = false;
  let reconnectTimer;
  let connecting = false;
  let typingTimer;
  let closed = false;
  let welcomed = false;
  /** The host's identity token: null for an anonymous chat, undefined while one is owed. */
  let identity = embedded && awaitIdentity ? undefined : null;
  /** The session opened with `identity`; never stored, the host gives the token on every load. */
  let identifiedSession;
  /** Whose conversation the log shows: {user, identified}. */
  let shown;
  /** Bumped when the identity changes, so that a connection begun for the old one is not finished. */
  let identityEpoch = 0;
  /**
   * Whether the log follows its end: it does until the consumer scrolls up to read, and again
   * once they scroll back down or send. Scrolls made here are instant, so every scroll event
   * reports where the consumer really is.
   */
  let following = true;
  const titles = loadTitles();

  // Sending --------------------------------------------------------------------------------

  function send(text, shownAs = text) {
    const clean = text.trim();
    if (!clean) return;
    clearQuickReplies();
    const entry = addEntry({ id: null, direction: 'in', text: shownAs.trim(), matchText: clean });
    entry.clientMessageId = randomId();
    entry.pending = true;
    markPending(entry, true);
    flushPending();
    scrollToEnd(true);
  }

  /** Writes every queued message to the open socket, oldest first. */
  function flushPending() {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    for (const entry of entries) {
      if (!entry.pending) continue;
      socket.send(JSON.stringify({ type: 'message', text: entry.matchText, clientMessageId: entry.clientMessageId }));
      entry.sentOn = generation;
      entry.pending = false;
      markPending(entry, false);
    }
  }

  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = ui.input.value;
    if (!text.trim()) return;
    ui.input.value = '';
    send(text);
    ui.input.focus();
  });

  ui.input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ui.form.requestSubmit();
    }
  });

  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && embedded) window.parent.postMessage({ type: 'ombud:close' }, '*');
  });

  if (embedded) {
    // Only our parent is heard (frame-ancestors lets only ALLOWED_ORIGINS be it): its panel opened,
    // or the signed-in consumer's identity token (null: signed out).
    window.addEventListener('message', (event) => {
      if (event.source !== window.parent) return;
      if (event.data?.type === 'ombud:open') ui.input.focus();
      if (event.data?.type === 'ombud:identity') {
        const token = event.data.token;
        if (token === null || (typeof token === 'string' && token.length > 0 && token.length <= 8_192))
          useIdentity(token);
      }
    });
    window.parent.postMessage({ type: 'ombud:ready' }, '*');
  }

  // Rendering ------------------------------------------------------------------------------

  /** A message's element: its bubble, with who wrote it for screen readers and its links clickable. */
  function messageElement(direction, text) {
    const el = document.createElement('div');
    el.className = `entry entry-${direction}`;
    const bubble = document.createElement('p');
    bubble.className = 'bubble';
    const who = document.createElement('span');
    who.className = 'visually-hidden';
    who.textContent = `${direction === 'in' ? s.widget_you : s.tier_customer_service}: `;
    bubble.append(who, ...linkified(text));
    el.append(bubble);
    return el;
  }

  function addEntry({ id, direction, text, matchText, at }, after) {
    const el = messageElement(direction, text);
    if (at) el.dataset.at = at;
    const entry = { id, direction, matchText: matchText ?? text, pending: false, el };
    if (after === undefined) {
      ui.log.append(el);
      entries.push(entry);
    } else {
      const index = after ? entries.indexOf(after) + 1 : 0;
      const next = entries[index];
      ui.log.insertBefore(el, next ? next.el : null);
      entries.splice(index, 0, entry);
    }
    if (id != null) remember(entry, id);
    return entry;
  }

  function remember(entry, id) {
    entry.id = id;
    entry.el.dataset.id = String(id);
    byId.set(id, entry);
    if (id > lastId) lastId = id;
  }

  function markPending(entry, pending) {
    entry.el.classList.toggle('pending', pending);
    let note = entry.el.querySelector('.pending-note');
    if (pending && !note) {
      note = document.createElement('span');
      note.className = 'pending-note';
      note.textContent = s.widget_sending;
      entry.el.append(note);
    } else if (!pending && note) {
      note.remove();
    }
  }

  /** One card per case: it sits under the newest message that carries the case. */
  function showCase(entry, kase) {
    if (!kase || typeof kase.ref !== 'string') return;
    const existing = cards.get(kase.ref);
    if (existing && existing.entry !== entry && entries.indexOf(existing.entry) > entries.indexOf(entry)) return;
    // History repeats a case the live frame already showed, without the frame's extras (the wait).
    if (existing?.entry === entry) kase = { ...existing.kase, ...kase };
    existing?.el.remove();
    const card = document.createElement('section');
    card.className = 'case-card';
    card.setAttribute('aria-label', `${s.widget_case_title} ${kase.ref}`);
    const heading = document.createElement('h2');
    heading.textContent = s.widget_case_title;
    const list = document.createElement('dl');
    const rows = [
      ['ref', s.card_reference, kase.ref],
      ['tier', s.card_team, s[`tier_${kase.tier}`] ?? kase.tier],
      ['status', s.card_status, s[`status_label_${kase.status}`] ?? kase.status],
    ];
    const wait = kase.expectedWaitMinutes;
    if (typeof wait === 'number' && Number.isFinite(wait) && wait >= 0) {
      rows.push(['wait', s.card_wait, fill(s.widget_card_wait, { wait: waitInWords(locale, wait) })]);
    }
    for (const [field, term, value] of rows) {
      if (!value) continue;
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = String(value);
      dd.dataset.field = field;
      // Each term with its value, in a group of their own (a dl may hold such divs).
      const row = document.createElement('div');
      row.append(dt, dd);
      list.append(row);
    }
    const download = document.createElement('button');
    download.type = 'button';
    download.className = 'case-record';
    download.textContent = s.widget_download_record;
    download.addEventListener('click', () => downloadRecord(kase.ref, download));
    card.append(heading, list, download);
    // An open case takes the consumer's receipts, tracking or photos (docs/evidence.md).
    if (kase.status !== 'resolved') {
      const picker = document.createElement('input');
      picker.type = 'file';
      picker.accept = 'application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg';
      picker.hidden = true;
      const attach = document.createElement('button');
      attach.type = 'button';
      attach.className = 'case-attach';
      attach.textContent = s.widget_attach;
      attach.addEventListener('click', () => picker.click());
      picker.addEventListener('change', () => {
        const file = picker.files?.[0];
        picker.value = '';
        if (file) attachFile(kase.ref, file, attach);
      });
      card.append(attach, picker);
    }
    entry.el.append(card);
    cards.set(kase.ref, { el: card, entry, kase });
  }

  /**
   * The case's record (GET /api/cases/:ref/record) saved as REF.html: fetched with the session in
   * the Authorization header and handed to the browser as a blob, so the token is never in a URL.
   */
  async function downloadRecord(ref, button) {
    button.disabled = true;
    try {
      const session = await ensureSession();
      const response = await fetch(`/api/cases/${encodeURIComponent(ref)}/record`, {
        headers: { authorization: `Bearer ${session.token}`, accept: 'text/html' },
        cache: 'no-store',
      });
      if (response.status === 401) forgetSession();
      if (!response.ok) throw new Error(`record: ${response.status}`);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = `${ref}.html`;
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      showNotice(s.widget_download_failed);
    } finally {
      button.disabled = false;
    }
  }

  /**
   * One file onto the case (POST /api/cases/:ref/evidence, multipart, the session in the
   * Authorization header). The server tells the type from the content; a file over 10 MB is not
   * sent at all. The answer is a notice in the log, in the consumer's language.
   */
  async function attachFile(ref, file, button) {
    if (file.size > MAX_ATTACHMENT_BYTES) {
      showNotice(s.widget_attach_too_large);
      return;
    }
    button.disabled = true;
    try {
      const session = await ensureSession();
      const body = new FormData();
      body.append('file', file, file.name);
      const response = await fetch(`/api/cases/${encodeURIComponent(ref)}/evidence`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.token}` },
        body,
      });
      if (response.status === 401) forgetSession();
      if (response.ok) {
        showNotice(fill(s.widget_attached, { name: file.name }));
        return;
      }
      const code = (await response.json().catch(() => ({})))?.error?.code;
      const words = {
        evidence_type_not_allowed: s.widget_attach_type,
        evidence_too_large: s.widget_attach_too_large,
        evidence_limit_reached: s.widget_attach_limit,
      };
      showNotice(words[code] ?? s.widget_attach_failed);
    } catch {
      showNotice(s.widget_attach_failed);
    } finally {
      button.disabled = false;
    }
  }

  function showQuickReplies(entry, replies, label = s.widget_suggestions) {
    clearQuickReplies();
    const valid = Array.isArray(replies)
      ? replies.filter((r) => r && typeof r.title === 'string' && typeof r.payload === 'string')
      : [];
    if (!valid.length) return;
    const group = document.createElement('div');
    group.className = 'quick-replies';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', label);
    for (const reply of valid) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = reply.title;
      button.addEventListener('click', () => {
        rememberTitle(reply.payload, reply.title);
        send(reply.payload, reply.title);
        ui.input.focus();
      });
      group.append(button);
    }
    entry.el.append(group);
  }

  function clearQuickReplies() {
    for (const group of ui.log.querySelectorAll('.quick-replies')) group.remove();
  }

  /**
   * A first visit (nothing in the history, nothing written yet): the bot's welcome and the main
   * topics as buttons. Shown here, not stored: it is not part of the conversation until a
   * topic is tapped, which sends its payload like any of the bot's buttons.
   */
  function showWelcome() {
    welcomed = true;
    const el = messageElement('out', s.welcome);
    el.classList.add('welcome');
    ui.log.prepend(el);
    showQuickReplies({ el }, topics, s.widget_topics);
    scrollToEnd(false);
  }

  function showNotice(text) {
    const el = document.createElement('p');
    el.className = 'notice';
    el.textContent = text;
    ui.log.append(el);
    scrollToEnd(false);
  }

  function setTyping(on) {
    clearTimeout(typingTimer);
    ui.typing.hidden = !on;
    ui.typing.textContent = on ? s.widget_typing : '';
    if (on) typingTimer = setTimeout(() => setTyping(false), TYPING_TIMEOUT_MS);
  }

  function setStatus(text) {
    ui.status.textContent = text;
    ui.status.hidden = !text;
  }

  /**
   * After something was added to the log: its end is shown if the log follows it (or `force`, the
   * consumer's own message), else "new messages" is offered and where they read stays put.
   */
  function scrollToEnd(force) {
    if (force) following = true;
    if (following) {
      jumpToEnd();
    } else {
      ui.more.hidden = false;
    }
  }

  function jumpToEnd() {
    ui.log.scrollTo({ top: ui.log.scrollHeight, behavior: 'instant' });
    ui.more.hidden = true;
  }

  ui.log.addEventListener(
    'scroll',
    () => {
      const log = ui.log;
      following = log.scrollHeight - log.scrollTop - log.clientHeight <= END_SLACK_PX;
      if (following) ui.more.hidden = true;
    },
    { passive: true },
  );
  // The log grows shorter when the typing line, a status or a longer draft takes room below it.
  new ResizeObserver(() => following && jumpToEnd()).observe(ui.log);
  ui.more.addEventListener('click', () => {
    following = true;
    jumpToEnd();
  });

  // History --------------------------------------------------------------------------------

  /**
   * Merges history into what is shown. A message already shown with its id is skipped; one shown
   * live without an id (the bot's frames have none) is matched by direction and text, in order,
   * and takes the id; anything else (missed while offline, or a fresh page) is inserted after the
   * last message with a smaller id.
   */
  function mergeHistory(messages) {
    const fresh = messages.filter((m) => Number.isSafeInteger(m.id) && !byId.has(m.id)).sort((a, b) => a.id - b.id);
    const candidates = entries.filter(isUnmatched);
    let cursor = 0;
    let previous = -1;
    for (const message of fresh) {
      const direction = message.direction === 'in' ? 'in' : 'out';
      const text = String(message.text ?? '');
      const match = candidates.findIndex(
        (c, index) => index >= cursor && c.direction === direction && c.matchText === text,
      );
      let entry;
      if (match >= 0) {
        entry = candidates[match];
        remember(entry, message.id);
        cursor = match + 1;
      } else {
        let before = -1;
        for (let index = entries.length - 1; index >= 0; index--) {
          if (entries[index].id != null && entries[index].id < message.id) {
            before = index;
            break;
          }
        }
        const at = Math.max(before, previous);
        const shown = direction === 'in' ? (titles.get(text) ?? text) : text;
        entry = addEntry(
          { id: message.id, direction, text: shown, matchText: text, at: message.at },
          at >= 0 ? entries[at] : null,
        );
      }
      if (message.case) showCase(entry, message.case);
      previous = entries.indexOf(entry);
    }
    // A live message the history passed over was never stored (or is not ours to match): it stays
    // as shown, and is no longer offered to later messages that happen to say the same.
    for (let index = 0; index < previous; index++) {
      if (isUnmatched(entries[index])) entries[index].stranded = true;
    }
    if (fresh.length) scrollToEnd(false);
  }

  function isUnmatched(entry) {
    return entry.id == null && !entry.pending && !entry.stranded;
  }

  /** History is complete up to the last id before the first live message still waiting for one. */
  function historyCursor() {
    let cursor = 0;
    for (const entry of entries) {
      if (isUnmatched(entry)) return cursor;
      if (entry.id != null && entry.id > cursor) cursor = entry.id;
    }
    return lastId;
  }

  /**
   * A message written to a socket that dropped may never have arrived. Every message is stored
   * before the bot answers it, so one the history does not have was not taken: send it again
   * (with the same clientMessageId, so a server that did store it keeps one copy).
   */
  function requeueLost(current) {
    for (const entry of entries) {
      if (
        entry.direction === 'in' &&
        entry.id == null &&
        !entry.pending &&
        entry.sentOn !== undefined &&
        entry.sentOn < current
      ) {
        entry.pending = true;
        markPending(entry, true);
      }
    }
  }

  async function loadHistory(session) {
    const response = await fetch(`/api/chat/history?after=${historyCursor()}`, {
      headers: { authorization: `Bearer ${session.token}` },
      cache: 'no-store',
    });
    if (response.status === 401) {
      forgetSession();
      return false;
    }
    if (!response.ok) return true;
    const body = await response.json();
    const messages = Array.isArray(body.messages) ? body.messages : [];
    // One announcement for a page of history, not one per message.
    ui.log.setAttribute('aria-busy', 'true');
    mergeHistory(messages);
    ui.log.setAttribute('aria-busy', 'false');
    if (!welcomed && messages.length === 0 && entries.length === 0) showWelcome();
    return true;
  }

  // Connection -----------------------------------------------------------------------------

  async function connect() {
    if (closed || connecting) return;
    connecting = true;
    const epoch = identityEpoch;
    let session;
    try {
      session = await ensureSession();
    } catch (error) {
      connecting = false;
      if (error instanceof WaitingForIdentity) return;
      setStatus(s.widget_unreachable);
      scheduleReconnect();
      return;
    }
    connecting = false;
    if (epoch !== identityEpoch) {
      connect();
      return;
    }
    // Another person's conversation than the one shown (the site switched accounts, or signed
    // out): start from an empty log. A new anonymous session after an old one keeps what is shown.
    if (shown && shown.user !== session.user && (shown.identified || session.identified)) resetConversation();
    shown = { user: session.user, identified: Boolean(session.identified) };
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/ws?token=${encodeURIComponent(session.token)}`);
    socket = ws;
    let opened = false;
    const thisGeneration = ++generation;
    ws.addEventListener('open', async () => {
      opened = true;
      attempt = 0;
      setStatus(everConnected ? s.widget_reconnected : '');
      if (everConnected) setTimeout(() => ui.status.textContent === s.widget_reconnected && setStatus(''), 3_000);
      everConnected = true;
      root.dataset.connection = 'open';
      try {
        const valid = await loadHistory(session);
        if (!valid) {
          ws.close();
          return;
        }
        requeueLost(thisGeneration);
      } catch {
        // The history comes again with the next connection; live messages still arrive.
      }
      flushPending();
    });
    ws.addEventListener('message', (event) => onFrame(event.data));
    ws.addEventListener('close', async () => {
      if (socket !== ws) return;
      socket = undefined;
      root.dataset.connection = 'closed';
      setTyping(false);
      if (closed) return;
      setStatus(everConnected ? s.widget_reconnecting : s.widget_connecting);
      // A socket refused before it opened may mean the session is no longer valid (the upgrade
      // answers 401, which browsers do not show): the history call tells, and a new one is made.
      if (!opened) await loadHistory(session).catch(() => {});
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    clearTimeout(reconnectTimer);
    const base = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
    attempt += 1;
    reconnectTimer = setTimeout(connect, base / 2 + (Math.random() * base) / 2);
  }

  function reconnectNow() {
    if (closed || socket) return;
    attempt = 0;
    clearTimeout(reconnectTimer);
    connect();
  }
  window.addEventListener('online', reconnectNow);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && reconnectNow());

  function onFrame(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (frame?.type === 'typing') {
      setTyping(true);
      return;
    }
    if (frame?.type === 'error') {
      setTyping(false);
      const code = frame.error?.code;
      if (code === 'session_expired' || code === 'session_invalid') {
        forgetSession();
        socket?.close();
        return;
      }
      const max = new Intl.NumberFormat(locale).format(MAX_MESSAGE_CHARS);
      showNotice(
        code === 'message_too_long'
          ? fill(s.error_too_long, { max })
          : code === 'rate_limited'
            ? s.error_rate_limited
            : s.widget_error_generic,
      );
      return;
    }
    if (frame?.type !== 'message' || typeof frame.text !== 'string') return;
    setTyping(false);
    const known = Number.isSafeInteger(frame.id) ? byId.get(frame.id) : undefined;
    if (known) {
      // Already here through the history (a relayed message can race it): nothing to repeat.
      if (frame.case) showCase(known, frame.case);
      return;
    }
    const entry = addEntry({
      id: Number.isSafeInteger(frame.id) ? frame.id : null,
      direction: 'out',
      text: frame.text,
    });
    if (frame.case) showCase(entry, frame.case);
    if (frame.quick_replies) showQuickReplies(entry, frame.quick_replies);
    scrollToEnd(false);
  }

  // Session --------------------------------------------------------------------------------

  async function ensureSession() {
    const stored = readSession();
    if (stored) return stored;
    const token = identity;
    if (token === undefined) throw new WaitingForIdentity();
    if (token !== null) return identifiedSessionFor(token);
    const response = await fetch('/api/chat/session', { method: 'POST', headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`session: ${response.status}`);
    const session = await response.json();
    // A new consumer: their history starts from the beginning.
    lastId = 0;
    try {
      localStorage.setItem(
        SESSION_KEY,
        JSON.stringify({ user: session.user, token: session.token, expiresAt: session.expiresAt }),
      );
    } catch {
      // Storage may be off (private mode, blocked third-party storage): the session lives in memory.
      memorySession = session;
    }
    return session;
  }

  async function identifiedSessionFor(token) {
    const response = await fetch('/api/chat/session', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ identityToken: token }),
    });
    if (response.status === 401) {
      // Expired or not accepted: only the host can get a new one. Until it does, nothing is shown
      // as anybody else's, and no anonymous session is made in the consumer's place.
      const body = await response.json().catch(() => undefined);
      if (identity === token) {
        identity = undefined;
        window.parent.postMessage({ type: 'ombud:identity-needed', reason: body?.error?.code }, '*');
      }
      throw new WaitingForIdentity();
    }
    if (!response.ok) throw new Error(`session: ${response.status}`);
    const session = await response.json();
    if (identity !== token) throw new WaitingForIdentity();
    identifiedSession = { user: session.user, token: session.token, expiresAt: session.expiresAt, identified: true };
    return identifiedSession;
  }

  /**
   * A new identity from the host: its session is opened at once, so that a switched account
   * replaces what is shown now. The same consumer again (a renewed token) keeps the socket.
   */
  async function useIdentity(token) {
    if (token === identity || (token === null && identity === null && !shown?.identified)) return;
    identity = token;
    identifiedSession = undefined;
    identityEpoch += 1;
    if (token !== null) {
      let session;
      try {
        session = await ensureSession();
      } catch (error) {
        if (!(error instanceof WaitingForIdentity)) scheduleReconnect();
        return;
      }
      if (socket && shown?.user === session.user) return;
    }
    const current = socket;
    socket = undefined;
    current?.close();
    root.dataset.connection = 'closed';
    clearTimeout(reconnectTimer);
    attempt = 0;
    connect();
  }

  function resetConversation() {
    ui.log.replaceChildren();
    entries.length = 0;
    byId.clear();
    cards.clear();
    lastId = 0;
    welcomed = false;
    setTyping(false);
  }

  let memorySession;
  function readSession() {
    if (identity !== null)
      return identifiedSession && Date.parse(identifiedSession.expiresAt) - Date.now() > EXPIRY_MARGIN_MS
        ? identifiedSession
        : undefined;
    let session = memorySession;
    try {
      session = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null') ?? memorySession;
    } catch {
      // unreadable: treated as none
    }
    if (!session || typeof session.token !== 'string') return undefined;
    if (!(Date.parse(session.expiresAt) - Date.now() > EXPIRY_MARGIN_MS)) return undefined;
    return session;
  }

  function forgetSession() {
    if (identity !== null) {
      identifiedSession = undefined;
      return;
    }
    memorySession = undefined;
    try {
      localStorage.removeItem(SESSION_KEY);
    } catch {
      // nothing stored
    }
  }

  function loadTitles() {
    try {
      return new Map(JSON.parse(localStorage.getItem(TITLES_KEY) ?? '[]'));
    } catch {
      return new Map();
    }
  }

  function rememberTitle(payload, title) {
    titles.delete(payload);
    titles.set(payload, title);
    while (titles.size > 50) titles.delete(titles.keys().next().value);
    try {
      localStorage.setItem(TITLES_KEY, JSON.stringify([...titles]));
    } catch {
      // only a nicety
    }
  }

  setStatus(s.widget_connecting);
  connect();
  return {
    close() {
      closed = true;
      clearTimeout(reconnectTimer);
      socket?.close();
    },
  };
}

function buildUi(root, s) {
  root.classList.add('ombud-chat');
  const heading = document.createElement('h1');
  heading.className = 'chat-title';
  heading.id = 'ombud-chat-title';
  heading.textContent = s.widget_title;

  const log = document.createElement('div');
  log.className = 'log';
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  log.setAttribute('aria-label', s.widget_log);
  // Offered when messages arrive while the consumer reads further up; the log itself announces them.
  const more = document.createElement('button');
  more.type = 'button';
  more.className = 'more';
  more.textContent = s.widget_new_messages;
  more.hidden = true;
  const logFrame = document.createElement('div');
  logFrame.className = 'log-frame';
  logFrame.append(log, more);

  const typing = document.createElement('p');
  typing.className = 'typing';
  typing.setAttribute('role', 'status');
  typing.hidden = true;

  const status = document.createElement('p');
  status.className = 'connection';
  status.setAttribute('role', 'status');
  status.hidden = true;

  const form = document.createElement('form');
  form.className = 'composer';
  const label = document.createElement('label');
  label.className = 'visually-hidden';
  label.htmlFor = 'ombud-chat-input';
  label.textContent = s.widget_input;
  const input = document.createElement('textarea');
  input.id = 'ombud-chat-input';
  input.name = 'message';
  input.rows = 1;
  input.maxLength = MAX_MESSAGE_CHARS;
  input.placeholder = s.widget_placeholder;
  input.autocomplete = 'off';
  input.setAttribute('aria-describedby', 'ombud-chat-hint');
  const hint = document.createElement('p');
  hint.id = 'ombud-chat-hint';
  hint.className = 'hint';
  hint.textContent = s.widget_hint;
  const button = document.createElement('button');
  button.type = 'submit';
  button.className = 'send';
  button.textContent = s.widget_send;
  form.append(label, input, button, hint);

  root.setAttribute('aria-labelledby', heading.id);
  root.replaceChildren(heading, logFrame, typing, status, form);
  return { log, more, typing, status, form, input };
}

/** Text with http(s) links made clickable; everything else stays text (never HTML). */
function linkified(text) {
  const parts = [];
  const pattern = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;
  let from = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > from) parts.push(document.createTextNode(text.slice(from, match.index)));
    const link = document.createElement('a');
    link.href = match[0];
    link.textContent = match[0];
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    parts.push(link);
    from = match.index + match[0].length;
  }
  if (from < text.length) parts.push(document.createTextNode(text.slice(from)));
  return parts;
}

function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// index.html has an element with data-ombud-chat; mount there when loaded as the page's module.
const mountPoint = typeof document !== 'undefined' ? document.querySelector('[data-ombud-chat]') : null;
if (mountPoint) {
  const query = new URLSearchParams(location.search);
  const embedded = query.has('embed');
  if (embedded) document.documentElement.classList.add('embedded');
  mountChat(mountPoint, { embedded, awaitIdentity: query.has('identity') });
  if (embedded) document.getElementById('ombud-chat-input')?.focus();
}
