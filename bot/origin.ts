// Browsers send Origin on cross-site calls (and on same-origin POSTs and websockets): only the
// service's own pages and the configured origins (ALLOWED_ORIGINS, else PUBLIC_URL's) may call an
// API from a page, and they get CORS headers for it. Calls without Origin (apps, servers, curl) are
// not pages and go on to the API's own proof (a session, a one-time code). Each API says how it
// refuses, in its own error type.
//
// The service's own pages are those whose origin is the origin of the request's own Host, the
// name the page was loaded by: http://127.0.0.1:3000 or a LAN address works like
// http://localhost:3000, without being listed. That is safe because a browser writes Host itself
// (no page can set it), so a page whose Origin matches the Host is a page this service served at
// that address. The one way to make a browser pair a foreign page with our Host is DNS rebinding
// (evil.example resolving to this service): that page then runs on its own origin, with its own
// storage, so it holds no consumer's session token, and every API but issuing a session needs one.
// What it can do (take a new session, chat as a new consumer) anyone can do with curl, which sends
// no Origin at all. The Origin check keeps other sites from using the chat from their visitors'
// browsers; it was never what protects a consumer's data.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { NextFunction, Request, Response } from 'express';

/**
 * Whether a page on `origin` may use the chat: one of `allowed`, or the origin of the request's own
 * Host, with the scheme of the connection itself (X-Forwarded-Proto is not read, even with
 * TRUST_PROXY: the websocket's upgrade has no express to weigh it). Behind a proxy that ends TLS
 * an https page therefore never matches its Host, and is allowed as PUBLIC_URL's origin or
 * through ALLOWED_ORIGINS, as before: the rule can refuse a page of ours, never admit another's.
 */
export function originAllowed(
  allowed: readonly string[],
  origin: string,
  request: Pick<IncomingMessage, 'headers' | 'socket'>,
): boolean {
  if (allowed.includes(origin)) return true;
  const host = request.headers.host;
  if (!host) return false;
  const scheme = (request.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http';
  try {
    // URL spells both the same way: lower-case host, no default port.
    return new URL(origin).origin === origin && new URL(`${scheme}://${host}`).origin === origin;
  } catch {
    return false;
  }
}

export function checkOrigin(allowed: readonly string[], refuse: (origin: string) => Error) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    if (!origin) return next();
    if (!originAllowed(allowed, origin, req)) throw refuse(origin);
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'GET, POST');
      res.setHeader('access-control-allow-headers', 'authorization, content-type');
      res.setHeader('access-control-max-age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
