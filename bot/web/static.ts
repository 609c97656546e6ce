// The consumer chat's static files (bot/web/public): the page at `/`, the widget, and the embed
// script other sites load. No build step, so no hashed file names: the page is revalidated on
// every load and the rest is cached briefly, so a deploy reaches everyone within minutes.
//
// Headers: the service's security headers (bot/http.ts), with the chat page the one page that
// other sites (ALLOWED_ORIGINS) may frame; embed.js the one file they may load.
import { fileURLToPath } from 'node:url';
import express, { type Express, type Response } from 'express';
import { frameAncestorSources, setSecurityHeaders } from '../http.ts';

export const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

export interface StaticOptions {
  /** Origins whose pages may embed the chat (ALLOWED_ORIGINS); the service's own always may. */
  allowedOrigins: readonly string[];
}

/** The embed script is fetched on every page view of the host site: cache it, but not for long. */
const EMBED_CACHE = 'public, max-age=300';
const ASSET_CACHE = 'public, max-age=600';
const PAGE_CACHE = 'no-cache';

export function mountStatic(app: Express, { allowedOrigins }: StaticOptions): void {
  const ancestors = frameAncestorSources(allowedOrigins);
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
        // Other sites load embed.js with a plain <script>; everything else is ours alone.
        res.setHeader('cross-origin-resource-policy', isEmbed ? 'cross-origin' : 'same-origin');
        // The chat page (index.html, the only page here) is what embed.js frames on other sites.
        setSecurityHeaders(res, path.endsWith('.html') ? { frameAncestors: ancestors } : {});
      },
    }),
  );
}
