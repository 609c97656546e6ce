// Product teams (issue 18, docs/domain.md "Complaints and the figures watched"): the monthly report
// gives each team its own page of complaints, opinions and the ombudsman's lessons. Which team a
// case concerns is policy: a team may take a refund reason of a disagreement with a shop (a "wrong
// or too high amount" is the invoicing team's), else the case's intent decides. Pure.
import type { Intent } from '../intents/labels.ts';
import type { RefundReason } from './types.ts';

export interface ProductTeam {
  /** A stable id, for files and channels (`invoicing`). */
  id: string;
  /** As people call it, on the team's page. */
  name: string;
  intents: readonly Intent[];
  /** Refund reasons of a disagreement with a shop that are this team's, whatever the intent. */
  refundReasons?: readonly RefundReason[];
}

export const DEFAULT_TEAMS: readonly ProductTeam[] = Object.freeze([
  { id: 'invoicing', name: 'Invoicing and payments', intents: ['invoice'], refundReasons: ['wrong_amount'] },
  { id: 'access', name: 'Login and the app', intents: ['login'] },
  { id: 'buyer_protection', name: 'Buyer protection', intents: ['unrecognized_purchase', 'merchant_disagreement'] },
  {
    id: 'service',
    name: 'Customer service',
    intents: ['human_agent', 'case_status', 'ombudsman', 'greeting', 'other'],
  },
]);

/** The team a case concerns: its refund reason's team first, then its intent's; the last team when none names it. */
export function teamOf(teams: readonly ProductTeam[], intent: string, refundReason: string | null): ProductTeam {
  const byReason =
    refundReason === null
      ? undefined
      : teams.find((team) => (team.refundReasons as readonly string[] | undefined)?.includes(refundReason));
  return (
    byReason ?? teams.find((team) => (team.intents as readonly string[]).includes(intent)) ?? teams[teams.length - 1]!
  );
}
