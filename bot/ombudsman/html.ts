// What the ombudsman's server-rendered pages share: the headers every page gets, and the head of
// the page.
import type { Response } from 'express';
import { html, type Html } from '../html.ts';
import { setSecurityHeaders } from '../http.ts';

/**
 * What the ombudsman's pages add to the service's security headers (bot/http.ts: our own scripts
 * and styles only, framed by nobody, and nobody frames the form or the dossier): how long a copy
 * may be kept. The dossier (`private`) is never stored.
 */
export function pageHeaders(res: Response, options: { private?: boolean } = {}): void {
  setSecurityHeaders(res);
  res.setHeader('cache-control', options.private ? 'no-store' : 'no-cache');
}

export interface PageOptions {
  lang: string;
  title: string;
  /** The page's one script, from /ombudsman/assets/. */
  script: 'desk.js' | 'form.js';
  /** Keep search engines out (the desk's pages). */
  noindex?: boolean;
  /** Follow the reader's light or dark setting (the consumer's form). */
  colorScheme?: boolean;
}

/** A whole page of the ombudsman's: the head they all share, then `body`. */
export function ombudsmanPage(options: PageOptions, body: Html): string {
  const robots = options.noindex ? html`\n    <meta name="robots" content="noindex" />` : '';
  const colorScheme = options.colorScheme ? html`\n    <meta name="color-scheme" content="light dark" />` : '';
  return html`<!doctype html>
<html lang="${options.lang}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />${robots}${colorScheme}
    <title>${options.title}</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/ombudsman/assets/ombudsman.css" />
    <script type="module" src="/ombudsman/assets/${options.script}"></script>
  </head>
  <body>${body}  </body>
</html>
`.toString();
}
