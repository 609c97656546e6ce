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
