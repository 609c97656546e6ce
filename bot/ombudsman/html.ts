// Small helpers for the ombudsman's server-rendered pages: escaping, and the headers every page
// gets: the chat page's CSP approach (bot/web/static.ts): only our own scripts, styles and
// connections, no inline script, framed only by our own pages and ALLOWED_ORIGINS.
import type { Response } from 'express';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** JSON safe inside <script type="application/json">: no "</script>" can end the block. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export function pageHeaders(res: Response, options: { frameAncestors: readonly string[]; private?: boolean }): void {
  const ancestors = ["'self'", ...new Set(options.frameAncestors)].join(' ');
  res.setHeader(
    'content-security-policy',
    [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self'",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'self'",
      // The dossier is for the ombudsman alone: never framed by anyone.
      `frame-ancestors ${options.private ? "'none'" : ancestors}`,
    ].join('; '),
  );
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  res.setHeader('cache-control', options.private ? 'no-store' : 'no-cache');
}
