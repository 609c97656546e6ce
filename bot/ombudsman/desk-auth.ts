// Who is the ombudsman: the holder of a named ombudsman account's token (`npm run ombudsman --
// add`, db/ombudsman-accounts.ts), or of the legacy OMBUDSMAN_TOKEN when it is set, sent as
// `Authorization: Bearer <token>`. Nobody else opens a dossier or records a decision: no token is
// 401 `ombudsman_token_missing`; any other token (unknown, revoked, a consumer's chat session, an
// agent's) is 401 `not_the_ombudsman`. With neither OMBUDSMAN_TOKEN nor an account that can sign
// in, the desk is off (403 `ombudsman_desk_off`).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { hasActiveOmbudsmanAccount, ombudsmanForToken, type Db, type OmbudsmanIdentity } from '../../db/index.ts';
import { bearerToken } from '../web/session.ts';
import { CodedError } from '../errors.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by requireOmbudsman: the ombudsman's id in the case history. */
    ombudsmanId?: string;
    /** Set by requireOmbudsman: who is at the desk. */
    ombudsman?: OmbudsmanIdentity;
  }
}

/** The legacy single token (OMBUDSMAN_TOKEN, OMBUDSMAN_ID, OMBUDSMAN_SLACK_USER). */
export interface LegacyDesk {
  token: string;
  id: string;
  slackUserId?: string;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Who the presented token belongs to, or undefined. */
export async function ombudsmanFor(
  db: Db | undefined,
  legacy: LegacyDesk | undefined,
  given: string | undefined,
): Promise<OmbudsmanIdentity | undefined> {
  if (given === undefined) return undefined;
  // Compared as digests: equal length whatever was sent, so the comparison time tells nothing.
  if (legacy && timingSafeEqual(digest(given), digest(legacy.token))) {
    return { id: legacy.id, name: null, slackUserId: legacy.slackUserId ?? null, legacy: true };
  }
  return db ? ombudsmanForToken(db, given) : undefined;
}

/** Whether anyone can sign in at the desk. */
export async function deskOpen(db: Db | undefined, legacy: LegacyDesk | undefined): Promise<boolean> {
  return legacy !== undefined || (db !== undefined && (await hasActiveOmbudsmanAccount(db)));
}

/** Without `db` only the legacy token signs in (named accounts live in the database). */
export function requireOmbudsman(legacy: LegacyDesk | undefined, db?: Db) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    const who = await ombudsmanFor(db, legacy, header === undefined ? undefined : bearerToken(header));
    if (!who) {
      if (!(await deskOpen(db, legacy))) {
        throw new CodedError(
          'ombudsman_desk_off',
          "The ombudsman's desk is not configured here; an operator adds an ombudsman (npm run ombudsman -- add) or sets OMBUDSMAN_TOKEN to open it.",
        );
      }
      if (header === undefined) {
        throw new CodedError(
          'ombudsman_token_missing',
          'Only the customer ombudsman may open this; send your ombudsman token as Authorization: Bearer <token>.',
        );
      }
      throw new CodedError(
        'not_the_ombudsman',
        "Only the customer ombudsman may open case dossiers and record decisions; this token is not an ombudsman's (or it was revoked).",
      );
    }
    req.ombudsman = who;
    req.ombudsmanId = who.id;
    next();
  };
}
