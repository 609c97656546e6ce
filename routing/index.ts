// The public face of the routing domain. Pure: no I/O, no clock, no environment.
export { Actor, actorLabel, type ActorKind } from './actors.ts';
export {
  Command,
  COMMAND_TYPES,
  ESCALATION_REASONS,
  EscalationReason,
  OpenEntities,
  type CommandOf,
  type CommandType,
} from './commands.ts';
export { endOfDayIn, MARKET_TIME_ZONES, marketTimeZone } from './calendar.ts';
export { decide, escalatePriorityOnBreach, type Decided, type Decision } from './decide.ts';
export { isEligibleForOmbudsman, ombudsmanEligibility, type Eligibility } from './eligibility.ts';
export {
  isRoutingErrorCode,
  ROUTING_ERROR_CODES,
  ROUTING_ERRORS,
  type Refusal,
  type RoutingError,
  type RoutingErrorCode,
  type RoutingErrorKind,
} from './errors.ts';
export { EVENT_TYPES, type CaseEvent, type CaseEventType, type Json } from './events.ts';
export { invariantViolations, outcomeInvoiceDisagreement } from './invariants.ts';
export { domainKey, merchantFor, merchantKeys, registeredNameKey } from './merchant-names.ts';
export {
  DEFAULT_FEE_MARKET,
  disputeFeeFor,
  feeMarket,
  feePolicyProblems,
  surchargeFor,
  type ChargedFee,
  type FeeCase,
  type MarketFees,
  type Money,
  type Surcharge,
} from './fees.ts';
export { merchantDisputeRate, type DisputeRate, type MerchantCounts } from './merchants.ts';
export { ESCALATIONS, isMoveFrom, MOVES, type Move } from './moves.ts';
export {
  merchantKey,
  orderKey,
  Purchase,
  PURCHASE_INVOICE_STATES,
  purchaseEntities,
  PurchaseId,
  PurchaseInvoiceState,
  purchasesFitting,
  type DescribedPurchase,
} from './purchases.ts';
export {
  NOTICE_LEAD_EVENTS,
  noticeMessageId,
  outcomeNotices,
  type NoticeEvent,
  type OutcomeNotice,
} from './outcome-notices.ts';
export { DEFAULT_TEAMS, teamOf, type ProductTeam } from './teams.ts';
export {
  AUTHORITIES,
  AUTHORITY_KEYS,
  COMPLAINT_ANSWER_DAYS,
  COMPLAINT_CHANNELS,
  type AuthorityKey,
  type ComplaintChannel,
} from './complaints.ts';
export {
  addDays,
  addMinutes,
  DEFAULT_POLICY,
  merchantReminderPoints,
  nextMerchantReminder,
  outsideBodiesFor,
  policyWith,
  type Policy,
  type PolicyOverrides,
  type ServiceLevel,
} from './policy.ts';
export { routeIntent, ROUTES, type Route } from './routes.ts';
export {
  isFirstResponseBreached,
  queueOf,
  queueOrder,
  serviceLevelState,
  sortForQueue,
  type ClockState,
  type ServiceLevelState,
} from './sla.ts';
export { hasOpenDispute, isAwaiting, isQueued, isWithHuman, pendingSettlementClaim, reminderDue } from './state.ts';
export {
  commandForTimer,
  TIMER_COMMANDS,
  TIMER_KINDS,
  timerChanges,
  timersFor,
  type TimerInstruction,
  type TimerKind,
} from './timers.ts';
export {
  Case,
  CASE_LANGUAGES,
  CaseLanguage,
  CurrencyCode,
  Dispute,
  DISPUTE_KINDS,
  DisputeKind,
  INVOICE_STATES,
  InvoiceState,
  INVOICE_OUTCOMES,
  InvestigationDecision,
  OmbudsmanDecision,
  OUTCOME_INVOICE,
  Outcome,
  OUTCOMES,
  OVERTURN_OUTCOMES,
  OverturnOutcome,
  OWNING_TIERS,
  Priority,
  PRIORITY,
  REFUND_REASON_WORDS,
  REFUND_REASONS,
  RefundReason,
  RESOLVE_OUTCOMES,
  ResolveOutcome,
  SETTLEMENT_STATUSES,
  SettlementClaim,
  SettlementStatus,
  Status,
  STATUSES,
  Tier,
  TIER_WORDS,
  TIERS,
} from './types.ts';
export {
  MERCHANT_DISPUTE_STATUSES,
  merchantDisputeStatus,
  merchantDisputeView,
  OPEN_MERCHANT_DISPUTE_STATUSES,
  type MerchantDisputeStatus,
  type MerchantDisputeView,
} from './merchant-disputes.ts';
