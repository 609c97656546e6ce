// The security headers of the real service (bot/http.ts), page by page: a CSP that allows only
// our own scripts, styles, images and connections; nosniff; no referrer; and the frame rules: the
// chat page (what embed.js puts in an iframe) may be framed by our own pages and ALLOWED_ORIGINS
// alone, every other answer by nobody. Then a real Chromium: a site on an allowed origin frames
// the chat, a site on another origin is refused, the form and the dossier are refused everywhere,
// and the chat page runs (session, websocket, a reply) without one CSP violation.
import { existsSync, mkdtempSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../support/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServiceOnNewDatabase } from '../support/process.ts';
import { createHttpService } from '../../bot/http.ts';
import { createLogger } from '../../bot/log.ts';
import type { Db } from '../../db/index.ts';

const SECRET = 'a-security-headers-test-secret-of-32-bytes-or-more';
const OMBUDSMAN_TOKEN = 'the-ombudsman-token-for-the-headers-test-0123456789';

type Started = Awaited<ReturnType<typeof startServiceOnNewDatabase>>;

/** A site on this machine (its own port: its own origin) whose page frames `src`. */
async function framingSite(): Promise<{ origin: string; server: Server; pageFraming(src: string): string }> {
  const server = createServer((req, res) => {
    const src = new URL(req.url ?? '/', 'http://x').searchParams.get('src') ?? '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="en"><head><title>A shop</title></head><body><h1>A shop</h1><iframe title="chat" src="${src.replace(/"/g, '&quot;')}" width="400" height="600"></iframe></body></html>`,
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { origin, server, pageFraming: (src) => `${origin}/?src=${encodeURIComponent(src)}` };
}

function directives(csp: string | null): Map<string, string[]> {
  expect(csp, 'a Content-Security-Policy header').toBeTruthy();
  return new Map(
    csp!
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/** What every answer carries, page or not; `frameAncestors` is the list the answer allows. */
function expectSecurityHeaders(response: Response, host: string, frameAncestors: string[]) {
  const csp = directives(response.headers.get('content-security-policy'));
  expect(csp.get('default-src')).toEqual(["'none'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('style-src')).toEqual(["'self'"]);
  expect(csp.get('img-src')).toEqual(["'self'"]);
  expect(csp.get('connect-src')).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'self'"]);
  expect(csp.get('frame-ancestors')).toEqual(frameAncestors);
  expect(response.headers.get('x-frame-options')).toBe(frameAncestors[0] === "'none'" ? 'DENY' : null);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
}

/** A page whose markup would need 'unsafe-inline': inline script, <style>, style= or on...= attributes. */
function inlineCode(html: string): string[] {
  const found: string[] = [];
  for (const [tag, attributes] of html.matchAll(/<script\b([^>]*)>/gi)) {
    if (!/\ssrc=/.test(attributes!) && !/type="application\/json"/.test(attributes!)) found.push(tag);
  }
  found.push(...[...html.matchAll(/<style\b|\sstyle="|\son[a-z]+="|javascript:/gi)].map((m) => m[0]));
  return found;
}

let shop: Awaited<ReturnType<typeof framingSite>>;
let elsewhere: Awaited<ReturnType<typeof framingSite>>;
let plain: Started;
let embedding: Started;

beforeAll(async () => {
  shop = await framingSite();
  elsewhere = await framingSite();
  const env = { LOG_LEVEL: 'warn', SESSION_SECRET: SECRET, OMBUDSMAN_TOKEN };
  [plain, embedding] = await Promise.all([
    startServiceOnNewDatabase({ ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'ombud-headers-')) }),
    startServiceOnNewDatabase({
      ...env,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'ombud-headers-')),
      ALLOWED_ORIGINS: shop.origin,
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([plain?.stop(), embedding?.stop()]);
  shop?.server.close();
  elsewhere?.server.close();
});

describe('the security headers of every answer', () => {
  it('the chat page (also as embed.js frames it): framed by our own origin only when ALLOWED_ORIGINS is unset', async () => {
    const host = `localhost:${plain.service.port}`;
    for (const path of ['/', '/?embed=1', '/index.html']) {
      const response = await fetch(`http://${host}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      // The service's own origin is its PUBLIC_URL's, http://localhost:PORT without one.
      expectSecurityHeaders(response, host, ["'self'", `http://${host}`]);
      expect(inlineCode(await response.text())).toEqual([]);
    }
  });

  it('the chat page: framed by our own origin and ALLOWED_ORIGINS when it is set, and by no other', async () => {
    const host = `localhost:${embedding.service.port}`;
    const response = await fetch(`http://${host}/?embed=1`);
    expectSecurityHeaders(response, host, ["'self'", `http://${host}`, shop.origin]);
    expect(response.headers.get('content-security-policy')).not.toContain(elsewhere.origin);
  });

  it("the ombudsman's form and the dossier page: framed by nobody, ALLOWED_ORIGINS or not; no inline code", async () => {
    for (const service of [plain, embedding]) {
      const host = `localhost:${service.service.port}`;
      for (const path of ['/ombudsman', '/ombudsman?lang=sv', '/ombudsman/cases/OMB-NOSUCHCASE']) {
        const response = await fetch(`http://${host}${path}`);
        expect(response.status, path).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/html/);
        expectSecurityHeaders(response, host, ["'none'"]);
        expect(inlineCode(await response.text()), path).toEqual([]);
      }
    }
  });

  it('files, JSON, errors, probes and metrics: framed by nobody, never sniffed', async () => {
    const host = `localhost:${embedding.service.port}`;
    const answers = await Promise.all([
      fetch(`http://${host}/widget.js`),
      fetch(`http://${host}/widget.css`),
      fetch(`http://${host}/embed.js`),
      fetch(`http://${host}/favicon.svg`),
      fetch(`http://${host}/ombudsman/assets/form.js`),
      fetch(`http://${host}/ombudsman/assets/ombudsman.css`),
      fetch(`http://${host}/healthz`),
      fetch(`http://${host}/readyz`),
      fetch(`http://${host}/metrics`),
      fetch(`http://${host}/api/chat/session`, { method: 'POST' }),
      fetch(`http://${host}/api/chat/history`),
      fetch(`http://${host}/api/ombudsman/cases`),
      fetch(`http://${host}/no/such/page`),
      fetch(`http://${host}/api/chat/session`, { method: 'POST', headers: { origin: elsewhere.origin } }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 201, 401, 401, 404, 403,
    ]);
    for (const answer of answers) expectSecurityHeaders(answer, host, ["'none'"]);
  });

  it('a Host header that is not a host name is not repeated into the policy', async () => {
    const { request } = await import('node:http');
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      request(
        {
          host: '127.0.0.1',
          port: embedding.service.port,
          path: '/',
          headers: { host: "evil; script-src 'unsafe-inline'" },
        },
        (res) => {
          res.resume();
          resolve(res.headers);
        },
      )
        .on('error', reject)
        .end();
    });
    const csp = directives(String(headers['content-security-policy']));
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });
});

describe('the frame rules and the CSP in a real Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `The browser test needs Debian's Chromium at ${CHROMIUM}: apt-get update && apt-get install -y chromium`,
      );
    }
    // The service's own origin is http://localhost:PORT (no PUBLIC_URL): the pages' API calls carry it.
    base = `http://localhost:${embedding.service.port}`;
    browser = await launchChromium(['localhost']);
  }, 60_000);
  afterAll(() => browser?.close());

  /** A new page that records CSP violations in every frame and console lines about the policy. */
  async function watchedPage(): Promise<{
    page: Page;
    violations: () => Promise<string[]>;
    console: string[];
    close(): Promise<void>;
  }> {
    const context = await browser.newContext({ locale: 'en-GB' });
    // Init scripts come from the browser's side, so the page's own CSP does not stop them.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (event) =>
        seen.push(`${event.effectiveDirective} ${event.blockedURI}`),
      );
    });
    const page = await context.newPage();
    const console: string[] = [];
    page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => console.push(`pageerror: ${error.message}`));
    return {
      page,
      console,
      violations: async () => {
        const all: string[] = [];
        for (const frame of page.frames()) {
          all.push(
            ...(await frame
              .evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? [])
              .catch(() => [])),
          );
        }
        return all;
      },
      close: () => context.close(),
    };
  }

  it('a site on an allowed origin frames the chat, and the chat runs in it: session, websocket, a reply, no CSP violation', async () => {
    const watched = await watchedPage();
    try {
      await watched.page.goto(shop.pageFraming(`${base}/?embed=1`));
      const chat = watched.page.frameLocator('iframe');
      await chat.locator('.ombud-chat[data-connection="open"]').waitFor({ timeout: 15_000 });
      const before = await chat.locator('.entry-out').count();
      const input = chat.getByRole('textbox', { name: 'Your message' });
      await input.fill('Hello, I have a question about my invoice');
      await input.press('Enter');
      // The bot's answer comes back over the websocket (connect-src) and is shown.
      await expect.poll(() => chat.locator('.entry-out').count(), { timeout: 15_000 }).toBeGreaterThan(before);
      expect(await watched.violations()).toEqual([]);
      expect(watched.console.filter((line) => /Content Security Policy|frame-ancestors|error/i.test(line))).toEqual([]);
    } finally {
      await watched.close();
    }
  });

  it('the chat page on its own address runs without a CSP violation, and the watch would see one', async () => {
    const watched = await watchedPage();
    try {
      await watched.page.goto(`${base}/`);
      await watched.page.locator('.ombud-chat[data-connection="open"]').waitFor({ timeout: 15_000 });
      expect(await watched.violations()).toEqual([]);
      expect(watched.console.filter((line) => /Content Security Policy/i.test(line))).toEqual([]);
      // The policy is in force: an inline script is refused, and the watch reports it.
      await watched.page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true';
        document.head.append(script);
      });
      await expect.poll(() => watched.violations()).toEqual([expect.stringMatching(/^script-src-elem inline/)]);
      expect(
        await watched.page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan),
      ).toBeUndefined();
    } finally {
      await watched.close();
    }
  });

  it('a site on an origin that is not allowed cannot frame the chat: the frame is blocked', async () => {
    const watched = await watchedPage();
    try {
      await watched.page.goto(elsewhere.pageFraming(`${base}/?embed=1`));
      await expect
        .poll(() => watched.console.some((line) => /frame-ancestors/.test(line)), { timeout: 10_000 })
        .toBe(true);
      expect(await watched.page.frameLocator('iframe').locator('.ombud-chat').count()).toBe(0);
      const frame = watched.page.frames().find((f) => f !== watched.page.mainFrame());
      expect(frame?.url()).not.toMatch(/^http:\/\/localhost/);
    } finally {
      await watched.close();
    }
  });

  it("the ombudsman's form and the dossier cannot be framed, not even by an allowed origin", async () => {
    for (const path of ['/ombudsman', '/ombudsman/cases/OMB-NOSUCHCASE']) {
      const watched = await watchedPage();
      try {
        await watched.page.goto(shop.pageFraming(`${base}${path}`));
        await expect
          .poll(() => watched.console.some((line) => /frame-ancestors|X-Frame-Options/.test(line)), { timeout: 10_000 })
          .toBe(true);
        expect(await watched.page.frameLocator('iframe').locator('form, main').count(), path).toBe(0);
      } finally {
        await watched.close();
      }
    }
  });
});

describe('HSTS', () => {
  // The HTTP layer alone, on a real server: HSTS follows whether the service is reached over HTTPS.
  async function headersOf(hsts: boolean): Promise<Headers> {
    const http = createHttpService({
      db: { kind: 'pglite', ping: async () => {} } as unknown as Db,
      log: createLogger('silent'),
      hsts,
    });
    const port = await http.listen(0, '127.0.0.1');
    try {
      return (await fetch(`http://127.0.0.1:${port}/healthz`)).headers;
    } finally {
      await http.stop(1_000);
    }
  }

  it('is sent for a year, without subdomains, when the service is reached over HTTPS', async () => {
    expect((await headersOf(true)).get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('is not sent over plain HTTP (a browser would ignore it, or pin a name that later serves HTTP)', async () => {
    const headers = await headersOf(false);
    expect(headers.get('strict-transport-security')).toBeNull();
    // The rest of helmet's headers are there either way.
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(headers.get('x-dns-prefetch-control')).toBe('off');
  });

  it('is sent by the real service whose PUBLIC_URL is https://, on every answer', async () => {
    const { service, stop } = await startServiceOnNewDatabase({
      LOG_LEVEL: 'warn',
      SESSION_SECRET: SECRET,
      PUBLIC_URL: 'https://support.example.com',
    });
    try {
      for (const path of ['/', '/healthz', '/api/chat/history', '/no/such/page']) {
        const response = await fetch(`http://127.0.0.1:${service.port}${path}`);
        expect(response.headers.get('strict-transport-security'), path).toBe('max-age=31536000');
      }
    } finally {
      await stop();
    }
  }, 60_000);
});
