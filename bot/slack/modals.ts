// The modals of a case's card, one module each under modals/: Escalate: investigation, Merchant
// settled, Resolve, Final statement, Reply, Ask for info and the two Decide buttons open modals
// with required fields. A submission is checked with the modal's zod schema; problems are shown
// in the modal next to their field (response_action: errors) and nothing changes (submission.ts).
// A valid one closes the modal and runs the command like a button would. Ask for info, the
// escalation, the merchant's settlement and Decide run their command before closing the modal,
// so that routing's refusal (e.g. a merchant who never answered cannot win) is shown in the modal
// too, and nothing changes; a decision is one short database write, well inside Slack's three
// seconds.
//
// Every submission is applied once (apply-once.ts). What an agent writes for the consumer reaches
// them as plain text (plain-text.ts).
import type { App } from '@slack/bolt';
import { CardOrigin, type CaseModalsOptions } from './modals/card-modal.ts';
import * as askForInfo from './modals/ask-for-info.ts';
import * as decide from './modals/decide.ts';
import * as escalateInvestigation from './modals/escalate-investigation.ts';
import * as finalStatement from './modals/final-statement.ts';
import * as merchantSettled from './modals/merchant-settled.ts';
import * as ombudsmanDecide from './modals/ombudsman-decide.ts';
import * as reply from './modals/reply.ts';
import * as resolve from './modals/resolve.ts';
import { submissions } from './submission.ts';

export type { CaseModalsOptions } from './modals/card-modal.ts';

/** Each modal's callback id. */
export const MODALS = {
  escalateInvestigation: escalateInvestigation.ESCALATE_INVESTIGATION_MODAL,
  merchantSettled: merchantSettled.MERCHANT_SETTLED_MODAL,
  resolve: resolve.RESOLVE_MODAL,
  finalStatement: finalStatement.FINAL_STATEMENT_MODAL,
  reply: reply.REPLY_MODAL,
  askForInfo: askForInfo.ASK_FOR_INFO_MODAL,
  decide: decide.DECIDE_MODAL,
  ombudsmanDecide: ombudsmanDecide.OMBUDSMAN_DECIDE_MODAL,
} as const;

export function registerCaseModals(app: App, options: CaseModalsOptions): void {
  const now = options.now ?? (() => new Date());
  const submission = submissions({
    db: options.context.db,
    now,
    channelTiers: options.channelTiers,
    origin: CardOrigin,
    ...(options.log ? { log: options.log } : {}),
  });
  const deps = { ...options, now, submission };
  for (const modal of [
    escalateInvestigation,
    merchantSettled,
    resolve,
    finalStatement,
    reply,
    askForInfo,
    decide,
    ombudsmanDecide,
  ])
    modal.register(app, deps);
}
