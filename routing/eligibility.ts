// Who may ask the customer ombudsman: a consumer whose case is closed with a final statement,
// once per case (docs/domain.md; `ombudsman_requests.case_id` is unique).
import type { RoutingError } from './errors.ts';
import type { Case } from './types.ts';

export type Eligibility = { eligible: true } | { eligible: false; error: RoutingError };

export function ombudsmanEligibility(c: Case): Eligibility {
  if (c.ombudsmanRequestedAt !== null || c.tier === 'ombudsman') {
    return {
      eligible: false,
      error: {
        code: 'ombudsman_already_requested',
        message: `Case ${c.ref} has already been sent to the customer ombudsman; a case can be reviewed by the ombudsman once.`,
      },
    };
  }
  if (c.finalStatementAt === null) {
    return {
      eligible: false,
      error: {
        code: 'not_eligible_no_final_statement',
        message: `Case ${c.ref} has no final statement yet. Ask customer service for a final statement on it; if you are still not satisfied after that, you can ask the customer ombudsman to review the case.`,
      },
    };
  }
  if (c.status !== 'resolved') {
    return {
      eligible: false,
      error: {
        code: 'not_eligible_case_open',
        message: `Case ${c.ref} is still being handled. Once it is closed with a final statement, you can ask the customer ombudsman to review it if you are not satisfied.`,
      },
    };
  }
  return { eligible: true };
}

export function isEligibleForOmbudsman(c: Case): boolean {
  return ombudsmanEligibility(c).eligible;
}
