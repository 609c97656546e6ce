// The consumer's form at /ombudsman: in each of the six languages from its catalogue, labelled
// fields, the chat page's CSP (no inline script), and the code path offered only with SMTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../intents/labels.ts';
import { OMBUDSMAN_CATALOGUES, OMBUDSMAN_KEYS, negotiateLanguage } from '../../bot/ombudsman/catalogue.ts';
import type { Db } from '../../db/index.ts';
import { startTestService, type TestService } from './support.ts';

// The page reads nothing from the database.
const NO_DB = {} as Db;
const placeholders = (text: string) =>
  [...text.matchAll(/\{(\w+)\}/g)]
    .map((m) => m[1])
    .sort()
    .join(',');

describe('the ombudsman catalogue', () => {
  it.each(LANGUAGES)('%s has every key, with the placeholders of the English text', (language) => {
    const catalogue = OMBUDSMAN_CATALOGUES[language];
    expect(Object.keys(catalogue).sort()).toEqual([...OMBUDSMAN_KEYS].sort());
    const mismatched = OMBUDSMAN_KEYS.filter(
      (key) => placeholders(catalogue[key]!) !== placeholders(OMBUDSMAN_CATALOGUES.en[key]!),
    );
    expect(mismatched).toEqual([]);
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))(
    '%s is written in its own words, not copied from English',
    (language) => {
      const copied = OMBUDSMAN_KEYS.filter(
        (key) => OMBUDSMAN_CATALOGUES[language][key] === OMBUDSMAN_CATALOGUES.en[key],
      );
      expect(copied).toEqual([]);
    },
  );

  it('the language comes from ?lang=, else Accept-Language (nb and nn are Norwegian), else English', () => {
    expect(negotiateLanguage('fi', 'de')).toBe('fi');
    expect(negotiateLanguage(undefined, 'nb-NO,nb;q=0.9,en;q=0.8')).toBe('no');
    expect(negotiateLanguage('xx', 'fr-FR, da;q=0.5')).toBe('da');
    expect(negotiateLanguage(undefined, undefined)).toBe('en');
  });
});

describe('GET /ombudsman', () => {
  let plain: TestService;
  let withSmtp: TestService;
  beforeAll(async () => {
    plain = await startTestService(NO_DB);
    withSmtp = await startTestService(NO_DB, { mailer: { send: async () => {}, close() {} } });
  });
  afterAll(async () => {
    await plain.stop();
    await withSmtp.stop();
  });

  it.each(LANGUAGES)('answers the form in %s with the strings of its catalogue', async (language) => {
    const response = await fetch(`${plain.base}/ombudsman?lang=${language}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    const strings = OMBUDSMAN_CATALOGUES[language];
    expect(html).toContain(`<html lang="${language}">`);
    expect(html).toContain(`<title>${strings.page_title}</title>`);
    expect(html).toContain(strings.field_statement);
    expect(html).toContain(strings.field_desired_outcome);
  });

  it('follows Accept-Language when no language is asked for', async () => {
    const html = await (
      await fetch(`${plain.base}/ombudsman`, { headers: { 'accept-language': 'sv-SE,sv;q=0.9' } })
    ).text();
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain(OMBUDSMAN_CATALOGUES.sv.page_title);
  });

  it('is accessible: every field has its label, the error is an alert, the language links say which is current', async () => {
    const html = await (await fetch(`${plain.base}/ombudsman?lang=de`)).text();
    const ids = [...html.matchAll(/<(?:input|textarea)[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
    // The case and its proof first; the request's own fields after them, shown once the case is
    // found eligible (issue 18, item 7).
    expect(ids).toEqual(['omb-case-ref', 'omb-code', 'omb-statement', 'omb-desired-outcome']);
    expect(html).toMatch(/<div id="omb-write" hidden>/);
    for (const id of ids) expect(html).toContain(`<label for="${id}">`);
    expect(html).toMatch(/id="omb-error"[^>]*role="alert"/);
    expect(html).toMatch(/<a href="\?lang=de" lang="de" aria-current="page">Deutsch<\/a>/);
    expect(html).toMatch(/<nav aria-label="[^"]+">/);
  });

  it("has the chat page's CSP: own scripts and styles only, no inline script", async () => {
    const response = await fetch(`${plain.base}/ombudsman?lang=en`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    // Nobody frames the form: the chat opens it in a tab of its own.
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toEqual([
      ' type="module" src="/ombudsman/assets/form.js"',
      ' type="application/json" id="omb-strings"',
    ]);
    const assets = await Promise.all(
      ['form.js', 'ombudsman.css'].map((file) => fetch(`${plain.base}/ombudsman/assets/${file}`)),
    );
    expect(assets.map((a) => a.status)).toEqual([200, 200]);
    expect(assets[0]!.headers.get('content-type')).toMatch(/javascript/);
  });

  it("the form script uses the session the widget keeps, under the widget's key", async () => {
    const script = await (await fetch(`${plain.base}/ombudsman/assets/form.js`)).text();
    const widget = await import('node:fs').then((fs) =>
      fs.readFileSync(new URL('../../bot/web/public/widget.js', import.meta.url), 'utf8'),
    );
    const key = /const SESSION_KEY = '([^']+)'/.exec(widget)![1];
    expect(script).toContain(`const SESSION_KEY = '${key}'`);
    expect(script).toContain('authorization = `Bearer ${session.token}`');
  });

  it('offers the one-time code only when SMTP is configured', async () => {
    const off = await (await fetch(`${plain.base}/ombudsman?lang=en`)).text();
    const on = await (await fetch(`${withSmtp.base}/ombudsman?lang=en`)).text();
    expect(off).toContain('data-code-path="off"');
    expect(on).toContain('data-code-path="on"');
    const codes = await fetch(`${plain.base}/api/ombudsman/codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"caseRef":"OMB-1"}',
    });
    expect(codes.status).toBe(404);
    expect((await codes.json()).error.code).toBe('code_path_off');
  });

  it('a reference in the link fills the field; anything else is ignored, never echoed raw', async () => {
    const filled = await (await fetch(`${plain.base}/ombudsman?lang=en&case=omb-7k2m9qxa`)).text();
    expect(filled).toContain('value="OMB-7K2M9QXA"');
    const hostile = await (
      await fetch(`${plain.base}/ombudsman?lang=en&case=${encodeURIComponent('"><script>x</script>')}`)
    ).text();
    expect(hostile).not.toContain('<script>x');
    expect(hostile).toContain('value=""');
  });
});
