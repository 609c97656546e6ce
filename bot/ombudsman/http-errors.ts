// The ombudsman endpoints' refusals as HTTP: the kind of a refusal picks the status, the body is
// the one of docs/architecture.md, {"error": {"code", "message"}}.
import type { NextFunction, Request, Response } from 'express';
import { errorBody } from '../errors.ts';

export type RefusalKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'unavailable';

const STATUS: Record<RefusalKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
};

export class OmbudsmanHttpError extends Error {
  override name = 'OmbudsmanHttpError';
  readonly status: number;
  constructor(
    readonly code: string,
    message: string,
    kind: RefusalKind,
  ) {
    super(message);
    this.status = STATUS[kind];
  }
}

export function refused(error: { code: string; message: string; kind: RefusalKind }): OmbudsmanHttpError {
  return new OmbudsmanHttpError(error.code, error.message, error.kind);
}

/** Turns this module's errors into the error body; anything else goes on to the service's handler. */
export function ombudsmanErrorHandler(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (error instanceof OmbudsmanHttpError) {
    res.status(error.status).json(errorBody(error.code, error.message));
    return;
  }
  next(error);
}
