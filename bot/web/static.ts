// The consumer chat's static files (bot/web/public): the page at `/`, the widget, and the embed
// script other sites load. No build step, so no hashed file names: the page is revalidated on
// every load and the rest is cached briefly, so a deploy reaches everyone within minutes.
//
// Headers: a CSP that allows only our own scripts, styles and connections (the websocket too),
// and frames the page only into our own pages and ALLOWED_ORIGINS; nosniff; no referrer (chat
// URLs carry nothing, but the pages a consumer follows links to need not know where from).
import { fileURLToPath } from 'node:url';
import express, { type Express, type Response } from 'express';

export const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

export interface StaticOptions {
  /** Origins whose pages may embed the chat (ALLOWED_ORIGINS); the service's own always may. */
  allowedOrigins: readonly string[];
}

/** The embed script is fetched on every page view of the host site: cache it, but not for long. */
const EMBED_CACHE = 'public, max-age=300';
const ASSET_CACHE = 'public, max-age=600';
const PAGE_CACHE = 'no-cache';
/** A Host header we are willing to repeat in the CSP (anything else gets 'self' alone). */
const SAFE_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function mountStatic(app: Express, { allowedOrigins }: StaticOptions): void {
  const ancestors = ["'self'", ...new Set(allowedOrigins.map(cspOrigin))].join(' ');
  app.use(
    express.static(PUBLIC_DIR, {
      index: 'index.html',
      redirect: false,
      dotfiles: 'ignore',
      etag: true,
      lastModified: true,
      cacheControl: false,
      setHeaders(res: Response, path: string) {
        const isEmbed = path.endsWith('/embed.js');
        res.setHeader('cache-control', path.endsWith('.html') ? PAGE_CACHE : isEmbed ? EMBED_CACHE : ASSET_CACHE);
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('referrer-policy', 'no-referrer');
        // Other sites load embed.js with a plain <script>; everything else is ours alone.
        res.setHeader('cross-origin-resource-policy', isEmbed ? 'cross-origin' : 'same-origin');
        if (path.endsWith('.html')) {
          res.setHeader('content-security-policy', pagePolicy(res.req.headers.host, ancestors));
          res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
        }
      },
    }),
  );
}

function pagePolicy(host: string | undefined, ancestors: string): string {
  // CSP 3 lets 'self' match ws:/wss: of our own host; older browsers need the host spelt out.
  const sockets = host && SAFE_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src 'self'${sockets}`,
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

/** An origin as a CSP source; anything that is not exactly `scheme://host[:port]` is a config error. */
function cspOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new TypeError(`ALLOWED_ORIGINS: ${JSON.stringify(origin)} is not an origin such as https://shop.example`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== origin.toLowerCase().replace(/\/$/, '')) {
    throw new TypeError(`ALLOWED_ORIGINS: ${JSON.stringify(origin)} is not an origin such as https://shop.example`);
  }
  return url.origin;
}
