// The service's HTTP server: request ids and access logs, the probes, the error body of
// docs/architecture.md, and a graceful stop (stop accepting, finish what is in flight, then close).
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import type { Db } from '../db/index.ts';
import { CodedError, errorBody, sendError, statusOf } from './errors.ts';
import { pathOnly, type Logger } from './log.ts';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    log: Logger;
  }
}

export interface HttpDeps {
  db: Db;
  log: Logger;
  /** Routes of the channels (web chat, Slack, ombudsman), mounted before the 404 handler; the
   *  server is there for channels that take websocket upgrades. */
  mount?: (app: Express, server: Server) => void;
  /** Send Strict-Transport-Security: the service is reached over HTTPS (PUBLIC_URL is https://). */
  hsts?: boolean;
  /** Which proxies' X-Forwarded-For to believe (TRUST_PROXY); none by default. */
  trustProxy?: number | readonly string[];
}

export interface HttpService {
  app: Express;
  server: Server;
  /** Resolves once listening; the port is useful when 0 was asked for. */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting, waits up to `timeoutMs` for requests in flight, then closes what remains. */
  stop(timeoutMs: number): Promise<void>;
  readonly stopping: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** A Host header we are willing to repeat in the CSP (anything else gets 'self' alone). */
const SAFE_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The headers every answer carries, set by helmet in the server's first middleware: nosniff, no
 * referrer (the pages a consumer follows links to need not know where from), framed by nobody
 * (X-Frame-Options DENY), same-origin opener and resource policies, no DNS prefetch, and HSTS
 * when the service is reached over HTTPS. Without HTTPS an HSTS header is ignored by browsers
 * at best, and at worst pins a name that later serves plain HTTP, hence only on request.
 * includeSubDomains is left off: the service does not own its parent domain's other hosts.
 *
 * The CSP is not helmet's: it differs per answer (the websocket of the Host asked for, and the
 * chat page's frame-ancestors list), so setSecurityHeaders writes it.
 */
export function securityHeaders(options: { hsts?: boolean } = {}) {
  return helmet({
    contentSecurityPolicy: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.hsts ? { maxAge: 365 * 24 * 3600, includeSubDomains: false } : false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * A page's own scripts and styles from `dir` (no index, no redirects, no dotfiles): cached ten
 * minutes, never sniffed, loaded by our own pages only. The ombudsman's and the merchant's pages.
 */
export function staticAssets(dir: string): RequestHandler {
  return express.static(dir, {
    index: false,
    redirect: false,
    dotfiles: 'ignore',
    cacheControl: false,
    setHeaders(res) {
      res.setHeader('cache-control', 'public, max-age=600');
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('cross-origin-resource-policy', 'same-origin');
    },
  });
}

/**
 * The CSP, on every answer: our own scripts, styles, images and connections (the websocket of
 * this host included), no inline script or style; and the permissions nobody here needs.
 *
 * The one page other sites may frame is the chat, which embed.js puts in an iframe: its static
 * mount calls this again with `frameAncestors` (ALLOWED_ORIGINS, through `frameAncestorSources`),
 * which frames it into our own pages and those origins only. X-Frame-Options cannot name a list,
 * so that page goes without it (browsers that know frame-ancestors ignore it anyway).
 */
export function setSecurityHeaders(res: Response, options: { frameAncestors?: readonly string[] } = {}): void {
  const host = res.req.headers.host;
  // CSP 3 lets 'self' match ws:/wss: of our own host; older browsers need the host spelt out.
  const sockets = host && SAFE_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  const ancestors = options.frameAncestors ? ["'self'", ...new Set(options.frameAncestors)].join(' ') : "'none'";
  res.setHeader(
    'content-security-policy',
    [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self'",
      `connect-src 'self'${sockets}`,
      "base-uri 'none'",
      "form-action 'self'",
      `frame-ancestors ${ancestors}`,
    ].join('; '),
  );
  if (options.frameAncestors) res.removeHeader('x-frame-options');
  else res.setHeader('x-frame-options', 'DENY');
  res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
}

/**
 * ALLOWED_ORIGINS as CSP sources; anything that is not exactly `scheme://host[:port]` is a config
 * error (thrown), never written into the policy.
 */
export function frameAncestorSources(origins: readonly string[]): string[] {
  return [...new Set(origins.map(cspOrigin))];
}

function cspOrigin(origin: string): string {
  const refuse = () =>
    new TypeError(`ALLOWED_ORIGINS: ${JSON.stringify(origin)} is not an origin such as https://shop.example`);
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw refuse();
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== origin.toLowerCase().replace(/\/$/, ''))
    throw refuse();
  return url.origin;
}

export function createHttpService({ db, log, mount, hsts, trustProxy }: HttpDeps): HttpService {
  const app = express();
  const server = createServer(app);
  app.disable('x-powered-by');
  // Off unless configured: then req.ip (and every per-address limit) is the client the named
  // proxies report, and nobody else can choose their own address with a header.
  app.set('trust proxy', trustProxy === undefined ? false : Array.isArray(trustProxy) ? [...trustProxy] : trustProxy);
  let stopping = false;

  app.use(securityHeaders({ hsts }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.log = log.child({ requestId: req.id });
    res.setHeader('x-request-id', req.id);
    setSecurityHeaders(res);
    if (stopping) res.setHeader('connection', 'close');
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Probes are polled every few seconds: log them only when they fail.
      if ((req.path === '/healthz' || req.path === '/readyz') && res.statusCode < 400) return;
      req.log.info(
        { method: req.method, path: pathOnly(req.originalUrl), status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (req, res) => {
    if (stopping) {
      sendError(res, 'shutting_down', 'The service is shutting down and takes no new work.');
      return;
    }
    try {
      await db.ping(1_500);
      res.json({ status: 'ok', database: db.kind });
    } catch (error) {
      req.log.warn({ err: error }, 'database not ready');
      sendError(
        res,
        'database_unavailable',
        'The database does not answer; the service cannot take messages until it does.',
      );
    }
  });

  mount?.(app, server);

  app.use((req: Request, res: Response) => {
    sendError(res, 'not_found', `There is nothing at ${req.method} ${pathOnly(req.originalUrl)}.`);
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof CodedError) {
      res.status(error.status).json(errorBody(error.code, error.message));
      return;
    }
    // A route parameter with a broken %-escape ("/api/cases/%ff"): the router cannot decode it.
    if (error instanceof URIError) {
      sendError(res, 'invalid_request', 'The address holds a malformed %-escape.');
      return;
    }
    const parseError = error as { type?: string; status?: number };
    if (parseError.type === 'entity.parse.failed') {
      sendError(res, 'invalid_json', 'The request body is not valid JSON.');
      return;
    }
    if (parseError.type === 'entity.too.large') {
      sendError(res, 'payload_too_large', 'The request body is too large.');
      return;
    }
    if (parseError.type === 'charset.unsupported' || parseError.type === 'encoding.unsupported') {
      sendError(
        res,
        'unsupported_media_type',
        'The request body is in a charset or content encoding this service does not read; send UTF-8 JSON.',
      );
      return;
    }
    // The body parser's other refusals (a compressed body that does not inflate, a body cut
    // short): the client's fault, told as such, not a 500.
    if (
      (parseError as { expose?: boolean }).expose === true &&
      typeof parseError.status === 'number' &&
      parseError.status >= 400 &&
      parseError.status < 500
    ) {
      sendError(res, 'invalid_request', 'The request body could not be read.');
      return;
    }
    req.log.error({ err: error }, 'unhandled error');
    if (!res.headersSent) sendError(res, 'internal_error', 'Something went wrong on our side; nothing was changed.');
  });

  // A request Node's parser refuses before express sees it (headers over 16 kB, a broken request
  // line) gets the same error body as every other refusal, not Node's bare status line.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? statusOf('headers_too_large') : error.code === 'HPE_URI_TOO_LONG' ? 414 : 400;
    const body = JSON.stringify(
      tooLarge
        ? errorBody('headers_too_large', 'The request headers are too large.')
        : errorBody('invalid_request', 'The request could not be read as HTTP.'),
    );
    const reason = tooLarge ? 'Request Header Fields Too Large' : status === 414 ? 'URI Too Long' : 'Bad Request';
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `x-content-type-options: nosniff\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  // Slow or idle clients must not pin a socket forever (and must not hold up a shutdown).
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;

  return {
    app,
    server,
    get stopping() {
      return stopping;
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    async stop(timeoutMs) {
      if (stopping) return;
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets that fall idle while we drain are closed at once; busy ones finish.
      server.closeIdleConnections();
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          log.warn('requests still in flight at the shutdown deadline; closing their connections');
          server.closeAllConnections();
          resolve();
        }, timeoutMs);
      });
      await Promise.race([closed, deadline]);
      clearInterval(sweep);
      clearTimeout(timer);
    },
  };
}
