// Who is the ombudsman: the holder of OMBUDSMAN_TOKEN, sent as `Authorization: Bearer <token>`.
// Nobody else opens a dossier or records a decision: an agent's or a consumer's credentials are
// refused with 403 (a consumer's chat session is a valid token, but not this one).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { bearerToken } from '../web/session.ts';
import { OmbudsmanHttpError } from './http-errors.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by requireOmbudsman: the ombudsman's id in the case history. */
    ombudsmanId?: string;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export function requireOmbudsman(desk: { token: string; id: string } | undefined) {
  // Compared as digests: equal length whatever was sent, so the comparison time tells nothing.
  const expected = desk ? digest(desk.token) : undefined;
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!desk || !expected) {
      throw new OmbudsmanHttpError('ombudsman_desk_off', "The ombudsman's desk is not configured here; an operator sets OMBUDSMAN_TOKEN to open it.", 'forbidden');
    }
    const header = req.get('authorization');
    if (header === undefined) {
      throw new OmbudsmanHttpError('ombudsman_token_missing', "Only the customer ombudsman may open this; send the ombudsman's token as Authorization: Bearer <token>.", 'unauthenticated');
    }
    const given = bearerToken(header);
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      throw new OmbudsmanHttpError('not_the_ombudsman', 'Only the customer ombudsman may open case dossiers and record decisions; these credentials are not the ombudsman\'s.', 'forbidden');
    }
    req.ombudsmanId = desk.id;
    next();
  };
}
