export type { Db, Queryable, QueryResult, Unlisten } from './driver.ts';
export { withTimeout } from './driver.ts';
export { openDatabase, type DatabaseTarget } from './open.ts';
export { migrate, readMigrations, MigrationError, type MigrateResult } from './migrate.ts';
export { DataDirLockedError } from './pglite-lock.ts';
export {
  caseEvents,
  casesAwaitingSettlementAnswer,
  findCaseById,
  findCaseByRef,
  listCases,
  StaleCaseError,
  type StoredCase,
  type StoredCaseEvent,
} from './cases.ts';
export { CASE_CHANNEL, coalescedNotify, notifyInTransaction, parseCaseSignal, type CaseSignal } from './case-signal.ts';
export {
  commitDecision,
  newCaseRef,
  openCase,
  runCaseCommand,
  type CommandResult,
  type DecisionContext,
} from './decisions.ts';
export { caseCounts, pickNextCase, queueViews, type PickResult, type QueueView } from './queue.ts';
export { sweepDueTimers, startSweeper, type SweepReport } from './sweeper.ts';
export {
  claimOutboxEvents,
  CORE_DESTINATION,
  failingDeliveries,
  markOutboxDelivered,
  markOutboxFailed,
  markOutboxSkipped,
  outboxFigures,
  releaseOutboxClaim,
  retryStoppedEvent,
  type ClaimedOutboxEvent,
  type FailingDelivery,
  type OutboxFigures,
} from './outbox.ts';
export { pendingTimers } from './timers.ts';
export {
  APP_DESTINATION,
  awayCandidates,
  claimAwayNotice,
  clearPresence,
  isConsumerPresent,
  markAbsent,
  markAwayNoticeEmailed,
  markPresent,
  newestAwayCandidateFloor,
  refreshPresence,
  type AwayCandidate,
  type AwayClaim,
} from './away-notices.ts';
export { merchantDisputeRates, UNLINKED, type MerchantDisputeRow } from './merchant-dispute-rates.ts';
export {
  addMerchant,
  addMerchantName,
  findMerchant,
  findMerchantByName,
  findMerchantIdsByNames,
  hasUnlinkedDisputeNamed,
  linkDisputeOfCase,
  linkMatchingDisputes,
  listMerchants,
  MERCHANT_LANGUAGES,
  merchantIdForApiKey,
  MerchantNameError,
  merchantWebhook,
  revokeApiKey,
  rotateApiKey,
  unlinkedDisputes,
  type CreatedMerchant,
  type Merchant,
  type MerchantLanguage,
  type MerchantName,
  type NewMerchant,
  type UnlinkedDispute,
} from './merchants.ts';
export { findOpenCaseForPurchase, type PurchaseFacts, type PurchaseHasOpenDispute } from './purchase-disputes.ts';
export { PurchaseLine, PurchaseOwnerError, purchasesOf, upsertPurchases, type ImportCounts } from './purchases.ts';
export { identifiedConsumer, rememberIdentifiedConsumer, type IdentifiedConsumer } from './consumers.ts';
export {
  caseDescription,
  claimUnanswered,
  consumerHistory,
  latestConversation,
  markHandled,
  openConversation,
  recentMessages,
  recordClassification,
  storeInbound,
  storeOutbound,
  type Channel,
  type HistoryEntry,
  type StoredMessage,
} from './messages.ts';
export {
  beginTurn,
  finishTurn,
  latestCaseOf,
  loadDialogState,
  saveDialogState,
  type TurnStart,
} from './dialog-turns.ts';
export { casesAwaitingRatingRequest, commentRating, rateCase, requestRating } from './case-ratings.ts';
export {
  agentMessagesAfter,
  CONSUMER_MESSAGE_CHANNEL,
  messageForDelivery,
  newestMessageId,
  signalConsumerMessage,
  storeOutboundInOrder,
} from './consumer-relay.ts';
export { casesWithUntoldOutcomes, noticeEventsOf, storeNoticeOnce } from './outcome-notices.ts';
export { CLAIM_LEASE_SECONDS, sqlCardStore, type CardSlot, type CardStore } from './slack-cards.ts';
export { claimFeedbackToPost, deferFeedbackPost, markFeedbackPosted, type FeedbackToPost } from './feedback-posts.ts';
export {
  CODE_DAILY_MAX,
  CODE_MAX_ATTEMPTS,
  CODE_RESEND_MS,
  CODE_TTL_MS,
  checkOmbudsmanEligibility,
  decideOmbudsmanReview,
  fileOmbudsmanRequest,
  issueOmbudsmanCode,
  lockCaseByRef,
  ombudsmanRequestOf,
  processFeedbackFor,
  setCaseContact,
  type DecidedReview,
  type FiledRequest,
  type IssuedCode,
  type EligibleCase,
  type OmbudsmanProof,
  type OmbudsmanRefusal,
  type OmbudsmanRequestRow,
  type ProcessFeedbackNote,
} from './ombudsman.ts';
export {
  finalStatementOf,
  isComplaint,
  loadConsumerRecord,
  RECORD_EVENTS,
  type ConsumerRecord,
  type RecordMessage,
} from './consumer-record.ts';
export {
  addOmbudsmanAccount,
  hasActiveOmbudsmanAccount,
  listOmbudsmanAccounts,
  lowerTierActs,
  OMBUDSMAN_ACCOUNT_ID,
  ombudsmanAccessOf,
  ombudsmanForToken,
  recordOmbudsmanAccess,
  revokeOmbudsmanAccount,
  type OmbudsmanAccessEntry,
  type OmbudsmanAccount,
  type OmbudsmanIdentity,
} from './ombudsman-accounts.ts';
export {
  DECISION_EVENTS,
  loadDossier,
  type Dossier,
  type DossierConversation,
  type DossierDispute,
  type DossierEvent,
  type DossierMessage,
  type TimelineEntry,
} from './ombudsman-dossier.ts';
export { casesWithStaleCards, newestCaseEventId, type CardRevision } from './slack-cards.ts';
export { addCaseNote, caseNotes, caseNoteSummary, type CaseNote } from './case-notes.ts';
export {
  claimSlackEvent,
  finishSlackEvent,
  forgetSlackEvents,
  unfinishedThreadMessages,
  EVENT_CLAIM_LEASE_SECONDS,
  type RecordedThreadMessage,
  type UnfinishedThreadMessage,
} from './slack-events.ts';
export {
  claimViewSubmission,
  markViewApplied,
  releaseViewSubmission,
  VIEW_CLAIM_LEASE_SECONDS,
  type SubmittedView,
  type ViewClaim,
} from './slack-views.ts';
export { pickUpCase } from './slack-pick-up.ts';
export {
  claimMirror,
  consumerMessagesToMirror,
  mirrorPosted,
  renewMirrorClaim,
  unclaimMirror,
  MIRROR_CLAIM_LEASE_SECONDS,
  type MessageToMirror,
} from './slack-mirror.ts';
export {
  COMPLAINT_KINDS,
  monthlyReport,
  monthRange,
  type ComplaintKind,
  type IntentFigures,
  type MonthlyReport,
  type TeamPage,
} from './reports.ts';
export {
  answerComplaint,
  caseComplaints,
  closeComplaint,
  ComplaintError,
  fileComplaint,
  findComplaint,
  listComplaints,
  registerComplaint,
  type Complaint,
  type NewComplaint,
} from './complaints.ts';
