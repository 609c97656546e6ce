// Pages that may be embedded and the endpoints they call check Origin against ALLOWED_ORIGINS
// (the service's own origin when unset), as the chat API does (bot/web/routes.ts). Calls
// without Origin (apps, servers, curl) are not pages and go on to the proof of ownership.
import type { NextFunction, Request, Response } from 'express';
import { OmbudsmanHttpError } from './http-errors.ts';

export function checkOrigin(allowed: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    if (!origin) return next();
    if (!allowed.includes(origin)) {
      throw new OmbudsmanHttpError('origin_not_allowed', `Pages on ${origin} may not send requests to the ombudsman; ask the operator to add it to ALLOWED_ORIGINS.`, 'forbidden');
    }
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
