// Small helpers for the ombudsman's server-rendered pages: escaping, and the headers every page
// gets.
import type { Response } from 'express';
import { setSecurityHeaders } from '../http.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** JSON safe inside <script type="application/json">: no "</script>" can end the block. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

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
  /** Already escaped. */
  title: string;
  /** The page's one script, from /ombudsman/assets/. */
  script: 'desk.js' | 'form.js';
  /** Keep search engines out (the desk's pages). */
  noindex?: boolean;
  /** Follow the reader's light or dark setting (the consumer's form). */
  colorScheme?: boolean;
}

/** A whole page of the ombudsman's: the head they all share, then `body` (already escaped HTML). */
export function ombudsmanPage(options: PageOptions, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(options.lang)}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />${options.noindex ? '\n    <meta name="robots" content="noindex" />' : ''}${
      options.colorScheme ? '\n    <meta name="color-scheme" content="light dark" />' : ''
    }
    <title>${options.title}</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/ombudsman/assets/ombudsman.css" />
    <script type="module" src="/ombudsman/assets/${options.script}"></script>
  </head>
  <body>${body}  </body>
</html>
`;
}
