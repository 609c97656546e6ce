// The customer ombudsman's channel (docs/architecture.md: bot/ombudsman): the consumer's written
// request (form and JSON API), the dossier and the decision for the ombudsman. Thin: the rules
// are routing's, the writes db/ombudsman.ts's.
//
// Slack: a filed request changes the case (tier ombudsman, queued), and that change goes out on
// the case signal like every other; the Slack desk's card poster (bot/slack) posts it in the
// ombudsman channel from there. The dossier's address for a card is `dossierUrl(publicUrl, ref)`.
import type { Express } from 'express';
import type { DecisionContext } from '../../db/index.ts';
import type { Logger } from '../log.ts';
import type { SessionSecrets } from '../web/session.ts';
import type { Mailer } from './mailer.ts';
import { checkOrigin } from '../origin.ts';
import { decisionRoutes } from './decision.ts';
import { deskRoutes } from './desk.ts';
import { pageRoutes } from './pages.ts';
import { requestRoutes } from './requests.ts';
import { CodedError } from '../errors.ts';

export { smtpMailer, type Mailer } from './mailer.ts';

export interface OmbudsmanDeps {
  context: DecisionContext;
  secrets: SessionSecrets;
  allowedOrigins: readonly string[];
  log: Logger;
  /** Set when SMTP_URL is: the one-time-code path is offered. */
  mailer?: Mailer;
  /** Set when OMBUDSMAN_TOKEN is: the legacy shared Bearer token of the ombudsman's desk, who
   *  holds it (OMBUDSMAN_ID) and the Slack user they work as (OMBUDSMAN_SLACK_USER). Named
   *  accounts (`npm run ombudsman -- add`) sign in beside it. */
  ombudsman?: { token: string; id: string; slackUserId?: string };
  now?: () => Date;
}

/** Where the ombudsman reads a case's dossier (for Slack cards and links). */
export function dossierUrl(publicUrl: string, ref: string): string {
  return `${publicUrl.replace(/\/$/, '')}/ombudsman/cases/${encodeURIComponent(ref)}`;
}

/** Mounts the JSON API; call after express.json(). */
export function mountOmbudsman(app: Express, deps: OmbudsmanDeps): void {
  const now = deps.now ?? (() => new Date());
  if (!deps.ombudsman)
    deps.log.info('ombudsman desk: named accounts only (npm run ombudsman -- add); OMBUDSMAN_TOKEN is not set');
  if (!deps.mailer) deps.log.info('ombudsman one-time codes: off (set SMTP_URL to offer them beside the chat session)');
  app.use(
    '/api/ombudsman',
    checkOrigin(
      deps.allowedOrigins,
      (origin) =>
        new CodedError(
          'origin_not_allowed',
          `Pages on ${origin} may not send requests to the ombudsman; ask the operator to add it to ALLOWED_ORIGINS.`,
        ),
    ),
  );
  app.use(pageRoutes({ codePath: deps.mailer !== undefined }));
  app.use(requestRoutes({ context: deps.context, secrets: deps.secrets, mailer: deps.mailer, log: deps.log, now }));
  app.use(deskRoutes({ db: deps.context.db, legacy: deps.ombudsman, now }));
  app.use(decisionRoutes({ context: deps.context, legacy: deps.ombudsman, now }));
}
