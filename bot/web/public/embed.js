// One tag on another site: <script src="https://ombud.example/embed.js" async></script>
// adds a launcher button and, when it is pressed, the chat page of this service in an iframe.
//
// Why an iframe and not a shadow-DOM component on the host page: the chat handles personal data
// and a session token. In an iframe both stay on our origin, out of reach of the host page's
// scripts (and of any script injected into it); the chat keeps its own strict CSP, its calls are
// same-origin (no CORS), and where it may appear is decided by our frame-ancestors header
// (ALLOWED_ORIGINS), not by whoever copies the tag. Only the launcher lives on the host page, in a
// shadow root so that the host's styles cannot break it, and ours cannot leak into the host.
//
// A site that knows its user (logged in) hands the chat an identity token its backend signed, so
// that the consumer's conversations and cases follow them to every device:
//   <script src="https://ombud.example/embed.js" data-identity-token="eyJ..." async></script>
// or, with the token fetched later, the attribute left empty and OmbudChat.identify(token) called
// once it is there. OmbudChat.identify(newToken) also renews it or switches to another user;
// OmbudChat.logout() makes the chat anonymous. When the chat needs a fresh token (the one it has
// expired), `ombud:identity-needed` is dispatched on window; answer with OmbudChat.identify().
// The token goes to our frame only by postMessage, addressed to our origin; never into the
// frame's URL, which browsers keep in history and servers in their logs.
(() => {
  const script = document.currentScript;
  if (!script || window.__ombudChatEmbedded) return;
  window.__ombudChatEmbedded = true;
  const origin = new URL(script.src, location.href).origin;
  // Present (even empty): the chat waits for the site's identity before it opens a session.
  let identified = script.hasAttribute('data-identity-token');
  let identityToken = script.getAttribute('data-identity-token') || null;

  // The launcher's words in every language, from the service's catalogues: bot/web/static.ts
  // writes them in here when it serves this file.
  const WORDS = /* words */ {};
  // The first of the browser's languages we have (Norwegian as nb, nn or no), else English.
  const bases = [...(navigator.languages || []), navigator.language].map(
    (tag) =>
      String(tag || '')
        .toLowerCase()
        .split('-')[0],
  );
  const language = bases.map((base) => (base === 'nb' || base === 'nn' ? 'no' : base)).find((base) => base in WORDS);
  const s = WORDS[language] || WORDS.en;

  const CSS = `
    :host { all: initial; }
    .launcher, .close { font: 600 1rem/1.2 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; cursor: pointer; }
    .launcher {
      position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483000;
      display: flex; align-items: center; gap: 0.5rem; min-height: 3rem; padding: 0.75rem 1.125rem;
      border: 0; border-radius: 1.5rem; background: #0b5cad; color: #fff; box-shadow: 0 2px 10px rgb(0 0 0 / 0.3);
    }
    .launcher svg { width: 1.25rem; height: 1.25rem; fill: currentColor; }
    .panel {
      position: fixed; right: 1rem; bottom: 5rem; z-index: 2147483000;
      display: flex; flex-direction: column; width: min(24rem, calc(100vw - 2rem)); height: min(40rem, calc(100vh - 6rem));
      border-radius: 0.75rem; overflow: hidden; background: #fff; box-shadow: 0 6px 28px rgb(0 0 0 / 0.35);
    }
    .panel[hidden] { display: none; }
    .bar { display: flex; align-items: center; justify-content: space-between; padding: 0.25rem 0.25rem 0.25rem 1rem; background: #0b5cad; color: #fff;
      font: 600 1rem/1.2 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
    .close { min-width: 2.75rem; min-height: 2.75rem; border: 0; border-radius: 0.5rem; background: transparent; color: #fff; font-size: 1.5rem; }
    iframe { flex: 1; width: 100%; border: 0; }
    :focus-visible { outline: 3px solid #c2410c; outline-offset: 2px; }
    @media (max-width: 30rem) {
      .panel { inset: 0; width: 100%; height: 100%; border-radius: 0; }
    }
  `;

  const host = document.createElement('div');
  host.id = 'ombud-chat-embed';
  const root = host.attachShadow({ mode: 'open' });
  // Constructed stylesheets need no 'unsafe-inline' in the host page's CSP; a <style> is the fallback.
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = CSS;
    root.append(style);
  }

  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', 'ombud-chat-panel');
  const icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  icon.setAttribute('viewBox', '0 0 32 32');
  icon.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M4 6a4 4 0 0 1 4-4h16a4 4 0 0 1 4 4v13a4 4 0 0 1-4 4H13l-7 6v-6H8a4 4 0 0 1-4-4z');
  icon.append(path);
  const label = document.createElement('span');
  label.textContent = s.open;
  launcher.append(icon, label);

  const panel = document.createElement('section');
  panel.className = 'panel';
  panel.id = 'ombud-chat-panel';
  panel.hidden = true;
  panel.setAttribute('aria-label', s.frame);
  const bar = document.createElement('div');
  bar.className = 'bar';
  const title = document.createElement('span');
  title.textContent = s.open;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'close';
  close.setAttribute('aria-label', s.close);
  close.textContent = '×';
  bar.append(title, close);
  panel.append(bar);
  root.append(launcher, panel);

  let frame;
  function open() {
    if (!frame) {
      // Made on first open: a visitor who never chats never gets a session.
      frame = document.createElement('iframe');
      frame.title = s.frame;
      frame.src = `${origin}/?embed=1${identified ? '&identity=1' : ''}`;
      frame.referrerPolicy = 'no-referrer';
      panel.append(frame);
    } else {
      frame.contentWindow?.postMessage({ type: 'ombud:open' }, origin);
    }
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    frame.focus();
  }

  function hide() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  launcher.addEventListener('click', () => (panel.hidden ? open() : hide()));
  close.addEventListener('click', hide);
  panel.addEventListener('keydown', (event) => event.key === 'Escape' && hide());
  function sendIdentity() {
    frame?.contentWindow?.postMessage({ type: 'ombud:identity', token: identityToken }, origin);
  }

  // Only our own frame is heard: Escape pressed inside the chat asks us to close; the chat, once
  // loaded, asks for the identity (so none is lost to a frame still loading); and it asks for a
  // fresh one when the one it has no longer opens a session.
  window.addEventListener('message', (event) => {
    if (!frame || event.origin !== origin || event.source !== frame.contentWindow) return;
    const type = event.data?.type;
    if (type === 'ombud:close') hide();
    else if (type === 'ombud:ready' && identified) sendIdentity();
    else if (type === 'ombud:identity-needed') {
      const reason = typeof event.data.reason === 'string' ? event.data.reason : undefined;
      window.dispatchEvent(new CustomEvent('ombud:identity-needed', { detail: { reason } }));
    }
  });

  window.OmbudChat = Object.freeze({
    /** The signed-in consumer's identity token (a JWT from the site's backend); a new one renews it or switches user. */
    identify(token) {
      if (typeof token !== 'string' || !token)
        throw new TypeError('OmbudChat.identify takes the identity token (a JWT string)');
      identityToken = token;
      identified = true;
      sendIdentity();
    },
    /** The consumer signed out: the chat forgets them and goes on anonymously. */
    logout() {
      identityToken = null;
      sendIdentity();
    },
  });

  const attach = () => document.body.append(host);
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach, { once: true });
})();
