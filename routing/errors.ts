// Every refusal routing can give, with a stable snake_case code (like bolt-js's errors.ts).
// Clients, the bot's message catalogue and tests rely on the codes; the messages are English
// sentences for people. Each code also says what kind of refusal it is, so the HTTP layer can
// pick a status without knowing the domain: invalid -> 400, forbidden -> 403, not_found -> 404,
// conflict -> 409 (the case is not in a state that allows it).
export const ROUTING_ERRORS = {
  invalid_command: 'invalid',
  invalid_time: 'invalid',
  due_time_in_past: 'invalid',
  case_not_found: 'not_found',
  case_exists: 'conflict',
  intent_not_routed: 'invalid',
  ombudsman_needs_case: 'invalid',
  illegal_move: 'conflict',
  actor_not_allowed: 'forbidden',
  tier_not_allowed: 'forbidden',
  wrong_tier: 'forbidden',
  not_assignee: 'forbidden',
  not_case_consumer: 'forbidden',
  case_with_human: 'conflict',
  agent_at_capacity: 'conflict',
  escalation_not_allowed: 'conflict',
  ombudsman_only_by_request: 'conflict',
  technical_fault_goes_to_specialist: 'conflict',
  open_dispute_stays_in_investigation: 'conflict',
  dispute_already_open: 'conflict',
  purchase_has_open_dispute: 'conflict',
  dispute_already_decided: 'conflict',
  dispute_kind_differs: 'conflict',
  dispute_kind_needed: 'invalid',
  no_open_dispute: 'conflict',
  settlement_not_possible: 'conflict',
  settlement_claim_pending: 'conflict',
  no_settlement_claim: 'conflict',
  refund_reason_not_applicable: 'conflict',
  outcome_contradicts_invoice: 'conflict',
  merchant_never_answered: 'conflict',
  consumer_account_first: 'conflict',
  final_statement_given: 'conflict',
  final_statement_already_requested: 'conflict',
  final_statement_due: 'conflict',
  timer_not_due: 'conflict',
  no_breach: 'conflict',
  outcome_needs_invoice_decision: 'conflict',
  not_eligible_no_final_statement: 'conflict',
  not_eligible_case_open: 'conflict',
  ombudsman_already_requested: 'conflict',
  ombudsman_gives_no_final_statement: 'forbidden',
  ombudsman_decision_is_final: 'conflict',
  invoice_change_not_possible: 'conflict',
} as const;

export type RoutingErrorCode = keyof typeof ROUTING_ERRORS;
export type RoutingErrorKind = (typeof ROUTING_ERRORS)[RoutingErrorCode];
export const ROUTING_ERROR_CODES = Object.keys(ROUTING_ERRORS) as RoutingErrorCode[];

export interface RoutingError {
  code: RoutingErrorCode;
  message: string;
}

export interface Refusal {
  ok: false;
  error: RoutingError;
}

export function refuse(code: RoutingErrorCode, message: string): Refusal {
  return { ok: false, error: { code, message } };
}

export function isRoutingErrorCode(code: string): code is RoutingErrorCode {
  return Object.hasOwn(ROUTING_ERRORS, code);
}
