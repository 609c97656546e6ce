// Browsers send Origin on cross-site calls: only the configured origins (ALLOWED_ORIGINS, else
// the service's own) may call an API from a page, and they get CORS headers for it. Calls
// without Origin (apps, servers, curl) are not pages and go on to the API's own proof (a
// session, a one-time code). Each API says how it refuses, in its own error type.
import type { NextFunction, Request, Response } from 'express';

export function checkOrigin(allowed: readonly string[], refuse: (origin: string) => Error) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    if (!origin) return next();
    if (!allowed.includes(origin)) throw refuse(origin);
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
