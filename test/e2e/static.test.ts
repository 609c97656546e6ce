// The static mount's headers, without a browser: what caches and other sites are told.
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../intents/labels.ts';
import { t } from '../../bot/dialog/catalogue.ts';
import { securityHeaders } from '../../bot/http.ts';
import { mountStatic, WELCOME_TOPICS } from '../../bot/web/static.ts';

let server: ReturnType<ReturnType<typeof express>['listen']>;
let base: string;

beforeAll(async () => {
  const app = express();
  // As the service has it: helmet's headers (nosniff among them) on every answer first.
  app.use(securityHeaders());
  mountStatic(app, { allowedOrigins: ['https://shop.example', 'https://Blog.Example:8443'] });
  app.use((_req, res) => res.status(404).json({ error: { code: 'not_found', message: 'nothing here' } }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('the chat page and widget files', () => {
  it('serve the page at / with a strict CSP that frames it only into our own pages and ALLOWED_ORIGINS', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const csp = response.headers.get('content-security-policy')!.split('; ');
    expect(csp).toEqual(
      expect.arrayContaining([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        `connect-src 'self' ws://${new URL(base).host} wss://${new URL(base).host}`,
        "frame-ancestors 'self' https://shop.example https://blog.example:8443",
      ]),
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await response.text()).toContain('<script type="module" src="/widget.js">');
  });

  it("write the widget's words into the page and embed.js, from the bot's catalogues in every language", async () => {
    const html = await (await fetch(`${base}/`)).text();
    const block = /<script type="application\/json" id="ombud-words">([^<]*)<\/script>/.exec(html);
    expect(block, 'the words block').toBeTruthy();
    const words = JSON.parse(block![1]!);
    expect(Object.keys(words).sort()).toEqual([...LANGUAGES].sort());
    for (const language of LANGUAGES) {
      expect(words[language].locale).toMatch(/^[a-z]{2}-[A-Z]{2}$/);
      expect(words[language].strings.widget_title).toBe(t(language, 'widget_title'));
      expect(words[language].strings.welcome).toBe(t(language, 'welcome'));
      // Templates keep their placeholders: the widget fills them in the browser.
      expect(words[language].strings.widget_card_wait).toContain('{wait}');
      expect(words[language].topics.map((topic: { payload: string }) => topic.payload)).toEqual([...WELCOME_TOPICS]);
    }
    expect(words.de.topics.at(-1)).toEqual({ title: t('de', 'qr_human'), payload: 'human' });
    // The same page again is a 304 on its ETag, as the file was before it carried words.
    const etag = (await fetch(`${base}/`)).headers.get('etag');
    expect(etag).toBeTruthy();
    // (node:http: fetch adds Cache-Control: no-cache to a conditional request, which forbids the 304.)
    const revalidated = await new Promise<number>((resolve, reject) =>
      get(`${base}/`, { headers: { 'if-none-match': etag! } }, (res) => resolve(res.resume().statusCode ?? 0)).on(
        'error',
        reject,
      ),
    );
    expect(revalidated).toBe(304);

    const embed = await (await fetch(`${base}/embed.js`)).text();
    expect(embed).not.toContain('/* words */');
    for (const language of LANGUAGES)
      expect(embed).toContain(JSON.stringify(t(language, 'widget_close')).slice(1, -1).replace(/&/g, '\\u0026'));
  });

  it('let other sites load embed.js (cached five minutes) but keep the widget files to our own pages', async () => {
    const embed = await fetch(`${base}/embed.js`);
    expect(embed.status).toBe(200);
    expect(embed.headers.get('content-type')).toMatch(/javascript/);
    expect(embed.headers.get('cache-control')).toBe('public, max-age=300');
    expect(embed.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const widget = await fetch(`${base}/widget.js`);
    expect(widget.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(widget.headers.get('x-content-type-options')).toBe('nosniff');
    // Revalidation instead of a long life: there is no build step to put a hash in the name.
    expect(widget.headers.get('cache-control')).toBe('public, max-age=600');
    expect(widget.headers.get('etag')).toBeTruthy();
  });

  it('fall through to the rest of the app for anything that is not a file', async () => {
    const response = await fetch(`${base}/api/chat/history`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBeNull();
    expect((await fetch(`${base}/.env`)).status).toBe(404);
  });

  it('refuse an ALLOWED_ORIGINS entry that is not a bare origin, rather than write it into the CSP', () => {
    for (const bad of [
      'https://shop.example; script-src *',
      'https://shop.example/path',
      'javascript:alert(1)',
      'shop.example',
    ]) {
      expect(() => mountStatic(express(), { allowedOrigins: [bad] }), bad).toThrow(/ALLOWED_ORIGINS/);
    }
  });
});
