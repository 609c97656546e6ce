// The consumer chat: a session from POST /api/chat/session (kept in localStorage until it
// expires), the websocket /ws?token=..., the history after every (re)connect, merged in without
// duplicates. Plain DOM, no framework, no build step; loaded as a module by index.html, which the
// embed script shows in an iframe on other sites.
//
// The bot's own words come from the server in the consumer's language; the few words the widget
// itself shows are in STRINGS below, one small table per language.

const STRINGS = {
  en: {
    title: 'Chat with us', log: 'Conversation', input: 'Your message', placeholder: 'Write your message…',
    hint: 'Enter sends, Shift+Enter adds a line.', send: 'Send', you: 'You', us: 'Support', typing: 'Support is typing…',
    connecting: 'Connecting…', reconnecting: 'Connection lost. Reconnecting…', reconnected: 'Connected again.',
    unreachable: 'We can’t reach the chat right now. We’ll keep trying.', sending: 'Sending…',
    suggestions: 'Suggested answers', errorGeneric: 'Sorry, something went wrong. Please try again.',
    errorTooLong: 'That message is too long. Please shorten it.', errorRateLimited: 'You’re sending messages very quickly. Please wait a moment.',
    caseTitle: 'Your case', caseRef: 'Case reference', caseTeam: 'Handled by', caseStatus: 'Status', caseWait: 'Expected wait', caseWaitMinutes: 'about {n} min',
    tiers: { customer_service: 'Customer service', investigation: 'Investigation department', specialist: 'Specialist team', ombudsman: 'Customer ombudsman' },
    statuses: { queued: 'In the queue', assigned: 'Being handled', awaiting_consumer: 'Waiting for you', awaiting_merchant: 'Waiting for the shop', resolved: 'Closed' },
  },
  sv: {
    title: 'Chatta med oss', log: 'Konversation', input: 'Ditt meddelande', placeholder: 'Skriv ditt meddelande…',
    hint: 'Enter skickar, Skift+Enter ger en ny rad.', send: 'Skicka', you: 'Du', us: 'Kundtjänst', typing: 'Kundtjänst skriver…',
    connecting: 'Ansluter…', reconnecting: 'Anslutningen bröts. Ansluter igen…', reconnected: 'Ansluten igen.',
    unreachable: 'Vi når inte chatten just nu. Vi fortsätter att försöka.', sending: 'Skickas…',
    suggestions: 'Svarsförslag', errorGeneric: 'Något gick fel. Försök igen.',
    errorTooLong: 'Meddelandet är för långt. Korta ner det, tack.', errorRateLimited: 'Du skickar meddelanden väldigt snabbt. Vänta en stund.',
    caseTitle: 'Ditt ärende', caseRef: 'Ärendenummer', caseTeam: 'Hanteras av', caseStatus: 'Status', caseWait: 'Förväntad väntetid', caseWaitMinutes: 'cirka {n} min',
    tiers: { customer_service: 'Kundtjänst', investigation: 'Utredningsavdelningen', specialist: 'Specialistteamet', ombudsman: 'Kundombudsmannen' },
    statuses: { queued: 'I kö', assigned: 'Hanteras', awaiting_consumer: 'Väntar på dig', awaiting_merchant: 'Väntar på butiken', resolved: 'Avslutat' },
  },
  no: {
    title: 'Chat med oss', log: 'Samtale', input: 'Din melding', placeholder: 'Skriv meldingen din…',
    hint: 'Enter sender, Shift+Enter gir en ny linje.', send: 'Send', you: 'Du', us: 'Kundeservice', typing: 'Kundeservice skriver…',
    connecting: 'Kobler til…', reconnecting: 'Forbindelsen ble brutt. Kobler til igjen…', reconnected: 'Tilkoblet igjen.',
    unreachable: 'Vi får ikke kontakt med chatten akkurat nå. Vi fortsetter å prøve.', sending: 'Sendes…',
    suggestions: 'Svarforslag', errorGeneric: 'Noe gikk galt. Prøv igjen.',
    errorTooLong: 'Meldingen er for lang. Gjør den kortere, takk.', errorRateLimited: 'Du sender meldinger veldig raskt. Vent litt.',
    caseTitle: 'Saken din', caseRef: 'Saksnummer', caseTeam: 'Behandles av', caseStatus: 'Status', caseWait: 'Forventet ventetid', caseWaitMinutes: 'omtrent {n} min',
    tiers: { customer_service: 'Kundeservice', investigation: 'Utredningsavdelingen', specialist: 'Spesialistteamet', ombudsman: 'Kundeombudet' },
    statuses: { queued: 'I kø', assigned: 'Behandles', awaiting_consumer: 'Venter på deg', awaiting_merchant: 'Venter på butikken', resolved: 'Avsluttet' },
  },
  da: {
    title: 'Chat med os', log: 'Samtale', input: 'Din besked', placeholder: 'Skriv din besked…',
    hint: 'Enter sender, Skift+Enter giver en ny linje.', send: 'Send', you: 'Du', us: 'Kundeservice', typing: 'Kundeservice skriver…',
    connecting: 'Forbinder…', reconnecting: 'Forbindelsen blev afbrudt. Forbinder igen…', reconnected: 'Forbundet igen.',
    unreachable: 'Vi kan ikke få forbindelse til chatten lige nu. Vi bliver ved med at prøve.', sending: 'Sendes…',
    suggestions: 'Svarforslag', errorGeneric: 'Noget gik galt. Prøv igen.',
    errorTooLong: 'Beskeden er for lang. Gør den venligst kortere.', errorRateLimited: 'Du sender beskeder meget hurtigt. Vent et øjeblik.',
    caseTitle: 'Din sag', caseRef: 'Sagsnummer', caseTeam: 'Behandles af', caseStatus: 'Status', caseWait: 'Forventet ventetid', caseWaitMinutes: 'cirka {n} min',
    tiers: { customer_service: 'Kundeservice', investigation: 'Undersøgelsesafdelingen', specialist: 'Specialistteamet', ombudsman: 'Kundeombudsmanden' },
    statuses: { queued: 'I kø', assigned: 'Behandles', awaiting_consumer: 'Venter på dig', awaiting_merchant: 'Venter på butikken', resolved: 'Afsluttet' },
  },
  fi: {
    title: 'Keskustele kanssamme', log: 'Keskustelu', input: 'Viestisi', placeholder: 'Kirjoita viestisi…',
    hint: 'Enter lähettää, Vaihto+Enter lisää rivin.', send: 'Lähetä', you: 'Sinä', us: 'Asiakaspalvelu', typing: 'Asiakaspalvelu kirjoittaa…',
    connecting: 'Yhdistetään…', reconnecting: 'Yhteys katkesi. Yhdistetään uudelleen…', reconnected: 'Yhteys palautettu.',
    unreachable: 'Chattiin ei juuri nyt saada yhteyttä. Yritämme uudelleen.', sending: 'Lähetetään…',
    suggestions: 'Vastausehdotukset', errorGeneric: 'Jokin meni vikaan. Yritä uudelleen.',
    errorTooLong: 'Viesti on liian pitkä. Lyhennä sitä, kiitos.', errorRateLimited: 'Lähetät viestejä hyvin nopeasti. Odota hetki.',
    caseTitle: 'Asiasi', caseRef: 'Asianumero', caseTeam: 'Käsittelijä', caseStatus: 'Tila', caseWait: 'Arvioitu odotusaika', caseWaitMinutes: 'noin {n} min',
    tiers: { customer_service: 'Asiakaspalvelu', investigation: 'Selvitysosasto', specialist: 'Asiantuntijatiimi', ombudsman: 'Asiakasasiamies' },
    statuses: { queued: 'Jonossa', assigned: 'Käsittelyssä', awaiting_consumer: 'Odottaa sinua', awaiting_merchant: 'Odottaa kauppaa', resolved: 'Suljettu' },
  },
  de: {
    title: 'Chatten Sie mit uns', log: 'Unterhaltung', input: 'Ihre Nachricht', placeholder: 'Schreiben Sie Ihre Nachricht…',
    hint: 'Eingabe sendet, Umschalt+Eingabe fügt eine Zeile ein.', send: 'Senden', you: 'Sie', us: 'Kundenservice', typing: 'Kundenservice schreibt…',
    connecting: 'Verbindung wird hergestellt…', reconnecting: 'Verbindung unterbrochen. Neuer Versuch…', reconnected: 'Wieder verbunden.',
    unreachable: 'Der Chat ist gerade nicht erreichbar. Wir versuchen es weiter.', sending: 'Wird gesendet…',
    suggestions: 'Antwortvorschläge', errorGeneric: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
    errorTooLong: 'Die Nachricht ist zu lang. Bitte kürzen Sie sie.', errorRateLimited: 'Sie senden sehr schnell Nachrichten. Bitte warten Sie einen Moment.',
    caseTitle: 'Ihr Fall', caseRef: 'Fallnummer', caseTeam: 'Bearbeitet von', caseStatus: 'Status', caseWait: 'Voraussichtliche Wartezeit', caseWaitMinutes: 'etwa {n} Min.',
    tiers: { customer_service: 'Kundenservice', investigation: 'Untersuchungsabteilung', specialist: 'Fachteam', ombudsman: 'Kundenombudsmann' },
    statuses: { queued: 'In der Warteschlange', assigned: 'In Bearbeitung', awaiting_consumer: 'Wartet auf Sie', awaiting_merchant: 'Wartet auf den Händler', resolved: 'Abgeschlossen' },
  },
};

/** sv, no (nb, nn), da, fi, de, else en: the first of the browser's languages we have. */
export function pickLanguage(tags = [...(navigator.languages ?? []), navigator.language]) {
  for (const tag of tags) {
    const base = String(tag ?? '').toLowerCase().split('-')[0];
    if (base === 'nb' || base === 'nn' || base === 'no') return 'no';
    if (base && base in STRINGS) return base;
  }
  return 'en';
}

const SESSION_KEY = 'ombud.session';
/** Titles of quick replies the consumer tapped, so that history shows "Yes, thanks", not `helped_yes`. */
const TITLES_KEY = 'ombud.quickReplyTitles';
/** A session this close to its expiry is replaced before connecting. */
const EXPIRY_MARGIN_MS = 60_000;
const MAX_MESSAGE_CHARS = 2_000;
const BACKOFF_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000];
const TYPING_TIMEOUT_MS = 10_000;

/**
 * Mounts the chat into `root`. Options: `embedded` (shown in the embed script's iframe: Escape
 * asks the host page to close it). Returns `{close()}`.
 */
export function mountChat(root, { embedded = false } = {}) {
  const language = pickLanguage();
  const s = STRINGS[language];
  document.documentElement.lang = language === 'no' ? 'nb' : language;
  document.title = s.title;

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
    // The embed script says when its panel opens; only our parent may ask, and all it can do is focus.
    window.addEventListener('message', (event) => {
      if (event.source === window.parent && event.data?.type === 'ombud:open') ui.input.focus();
    });
  }

  // Rendering ------------------------------------------------------------------------------

  function addEntry({ id, direction, text, matchText, at }, after) {
    const el = document.createElement('div');
    el.className = `entry entry-${direction}`;
    const bubble = document.createElement('p');
    bubble.className = 'bubble';
    const who = document.createElement('span');
    who.className = 'visually-hidden';
    who.textContent = `${direction === 'in' ? s.you : s.us}: `;
    bubble.append(who, ...linkified(text));
    el.append(bubble);
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
      note.textContent = s.sending;
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
    card.setAttribute('aria-label', `${s.caseTitle} ${kase.ref}`);
    const heading = document.createElement('h2');
    heading.textContent = s.caseTitle;
    const list = document.createElement('dl');
    const rows = [
      [s.caseRef, kase.ref],
      [s.caseTeam, kase.tierLabel ?? s.tiers[kase.tier] ?? kase.tier],
      [s.caseStatus, kase.statusLabel ?? s.statuses[kase.status] ?? kase.status],
    ];
    const wait = kase.expectedWaitMinutes ?? kase.expectedWait;
    if (typeof wait === 'number' && Number.isFinite(wait)) rows.push([s.caseWait, s.caseWaitMinutes.replace('{n}', String(Math.round(wait)))]);
    else if (typeof wait === 'string' && wait) rows.push([s.caseWait, wait]);
    for (const [term, value] of rows) {
      if (!value) continue;
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = String(value);
      dd.dataset.field = term === s.caseRef ? 'ref' : term === s.caseTeam ? 'tier' : term === s.caseStatus ? 'status' : 'wait';
      list.append(dt, dd);
    }
    card.append(heading, list);
    entry.el.append(card);
    cards.set(kase.ref, { el: card, entry, kase });
  }

  function showQuickReplies(entry, replies) {
    clearQuickReplies();
    const valid = Array.isArray(replies) ? replies.filter((r) => r && typeof r.title === 'string' && typeof r.payload === 'string') : [];
    if (!valid.length) return;
    const group = document.createElement('div');
    group.className = 'quick-replies';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', s.suggestions);
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
    ui.typing.textContent = on ? s.typing : '';
    if (on) typingTimer = setTimeout(() => setTyping(false), TYPING_TIMEOUT_MS);
  }

  function setStatus(text) {
    ui.status.textContent = text;
    ui.status.hidden = !text;
  }

  function scrollToEnd(force) {
    const log = ui.log;
    const nearEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 120;
    if (force || nearEnd) log.scrollTop = log.scrollHeight;
  }

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
      const match = candidates.findIndex((c, index) => index >= cursor && c.direction === direction && c.matchText === text);
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
        entry = addEntry({ id: message.id, direction, text: shown, matchText: text, at: message.at }, at >= 0 ? entries[at] : null);
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
      if (entry.direction === 'in' && entry.id == null && !entry.pending && entry.sentOn !== undefined && entry.sentOn < current) {
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
    // One announcement for a page of history, not one per message.
    ui.log.setAttribute('aria-busy', 'true');
    mergeHistory(Array.isArray(body.messages) ? body.messages : []);
    ui.log.setAttribute('aria-busy', 'false');
    return true;
  }

  // Connection -----------------------------------------------------------------------------

  async function connect() {
    if (closed || connecting) return;
    connecting = true;
    let session;
    try {
      session = await ensureSession();
    } catch {
      connecting = false;
      setStatus(s.unreachable);
      scheduleReconnect();
      return;
    }
    connecting = false;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/ws?token=${encodeURIComponent(session.token)}`);
    socket = ws;
    let opened = false;
    const thisGeneration = ++generation;
    ws.addEventListener('open', async () => {
      opened = true;
      attempt = 0;
      setStatus(everConnected ? s.reconnected : '');
      if (everConnected) setTimeout(() => ui.status.textContent === s.reconnected && setStatus(''), 3_000);
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
      setStatus(everConnected ? s.reconnecting : s.connecting);
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
    reconnectTimer = setTimeout(connect, base / 2 + Math.random() * base / 2);
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
      showNotice(code === 'message_too_long' ? s.errorTooLong : code === 'rate_limited' ? s.errorRateLimited : s.errorGeneric);
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
    const entry = addEntry({ id: Number.isSafeInteger(frame.id) ? frame.id : null, direction: 'out', text: frame.text });
    if (frame.case) showCase(entry, frame.case);
    if (frame.quick_replies) showQuickReplies(entry, frame.quick_replies);
    scrollToEnd(false);
  }

  // Session --------------------------------------------------------------------------------

  async function ensureSession() {
    const stored = readSession();
    if (stored) return stored;
    const response = await fetch('/api/chat/session', { method: 'POST', headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`session: ${response.status}`);
    const session = await response.json();
    // A new consumer: their history starts from the beginning.
    lastId = 0;
    try {
      localStorage.setItem(SESSION_KEY, JSON.stringify({ user: session.user, token: session.token, expiresAt: session.expiresAt }));
    } catch {
      // Storage may be off (private mode, blocked third-party storage): the session lives in memory.
      memorySession = session;
    }
    return session;
  }

  let memorySession;
  function readSession() {
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

  setStatus(s.connecting);
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
  heading.textContent = s.title;

  const log = document.createElement('div');
  log.className = 'log';
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  log.setAttribute('aria-label', s.log);

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
  label.textContent = s.input;
  const input = document.createElement('textarea');
  input.id = 'ombud-chat-input';
  input.name = 'message';
  input.rows = 1;
  input.maxLength = MAX_MESSAGE_CHARS;
  input.placeholder = s.placeholder;
  input.autocomplete = 'off';
  input.setAttribute('aria-describedby', 'ombud-chat-hint');
  const hint = document.createElement('p');
  hint.id = 'ombud-chat-hint';
  hint.className = 'hint';
  hint.textContent = s.hint;
  const button = document.createElement('button');
  button.type = 'submit';
  button.className = 'send';
  button.textContent = s.send;
  form.append(label, input, button, hint);

  root.setAttribute('aria-labelledby', heading.id);
  root.replaceChildren(heading, log, typing, status, form);
  return { log, typing, status, form, input };
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
  const embedded = new URLSearchParams(location.search).has('embed');
  if (embedded) document.documentElement.classList.add('embedded');
  mountChat(mountPoint, { embedded });
  if (embedded) document.getElementById('ombud-chat-input')?.focus();
}
