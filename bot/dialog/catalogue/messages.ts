// The message keys of the consumer chat and, for each, the placeholders its text must hold.
// This list is the contract between the dialog and the translations in `<lang>.json`: the
// dialog can only ask for a key listed here with exactly these parameters (checked by the
// compiler), and a test holds every language to the same placeholders.
//
// Texts are short on purpose: each one is a chat bubble on a phone. Amounts and dates arrive
// already formatted (see format.ts); numbers such as {minutes}, {days} and {max} are formatted
// by `t()` in the consumer's locale.

export const MESSAGES = {
  // Greeting, and what the bot can do
  welcome: [],
  capabilities: [],
  greeting_reply: [],
  reply_thanks: [],
  reply_goodbye: [],
  anything_else: [],
  not_understood: [],
  other_topic: [],

  // Self-service answers: "did this help?", and what follows
  helped_question: [],
  helped_yes_reply: [],
  helped_no_reply: [],
  fallback_invoice: [],
  no_ready_answer: [],
  fallback_login: [],

  // Clarifying question; its quick replies are the intent titles below
  clarify_question: [],
  intent_invoice: [],
  intent_login: [],
  intent_unrecognized_purchase: [],
  intent_merchant_disagreement: [],
  intent_human_agent: [],
  intent_case_status: [],
  intent_ombudsman: [],
  intent_greeting: [],
  intent_other: [],

  // Quick-reply titles (payloads in catalogue.ts)
  qr_human: [],
  qr_helped_yes: [],
  qr_helped_no: [],
  qr_confirm: [],
  qr_edit: [],
  qr_contacted_yes: [],
  qr_contacted_no: [],
  qr_skip: [],

  // Collecting what a tier needs before a handoff
  collect_intro_unrecognized: [],
  collect_intro_dispute: [],
  collect_intro_support: [],
  ask_merchant: [],
  ask_order_number: [],
  ask_amount: [],
  ask_date: [],
  ask_merchant_unrecognized: [],
  ask_date_unrecognized: [],
  ask_what_happened: [],
  ask_contacted_merchant: [],
  ask_refund_reason: [],
  refund_reason_returned: [],
  refund_reason_not_received: [],
  refund_reason_wrong_amount: [],
  refund_reason_faulty: [],
  refund_reason_refund_refused: [],
  tip_contact_merchant: [],
  correction_taken: [],
  why_we_ask: [],
  take_your_time: [],
  offer_person_partly: [],
  report_dropped: [],
  ask_edit: [],
  invalid_amount: [],
  invalid_date: [],
  shop_needed: [],
  // An identified consumer's purchases, offered as buttons ("Zalando · 899 kr · 3 Nov")
  ask_which_purchase: [],
  qr_purchase_none: [],
  purchase_already_reported: ['ref'],

  // The question again, with an example of an answer (after a reply that did not read as one)
  example_shop: [],
  example_amount: [],
  example_date: [],
  example_yes_no: [],
  example_confirm: [],
  example_free_text: [],
  example_choice: [],

  // The summary the consumer confirms: intro, one line per known field, question
  summary_intro: [],
  summary_topic: ['topic'],
  summary_merchant: ['merchant'],
  summary_order_number: ['order'],
  summary_amount: ['amount'],
  summary_date: ['date'],
  summary_date_week: ['date'],
  summary_date_month: ['date'],
  summary_what_happened: ['description'],
  summary_contacted_yes: [],
  summary_contacted_no: [],
  summary_refund_reason: ['reason'],
  summary_confirm: [],

  // Handoff replies per route, then the case reference line
  handoff_customer_service: ['wait'],
  handoff_human: ['wait'],
  handoff_unrecognized: [],
  handoff_dispute: ['merchant', 'days'],
  handoff_dispute_no_shop: ['days'],
  ask_what_about: [],
  ask_topic_question: [],
  ask_invoice_problem: [],
  person_joins_open_case: ['ref'],
  case_reference: ['ref'],
  agent_joined: [],
  case_requeued: [],
  message_added_to_case: ['ref'],

  // Case status answers
  status_queued: ['ref'],
  status_assigned: ['ref'],
  status_awaiting_consumer: ['ref'],
  status_awaiting_merchant: ['ref', 'date'],
  status_with_ombudsman: ['ref'],
  status_resolved: ['ref', 'outcome'],
  status_team: ['team'],
  status_final_statement: [],
  outcome_answered: [],
  outcome_fault_fixed: [],
  outcome_merchant_settled: [],
  outcome_invoice_reactivated: [],
  outcome_chargeback: [],
  outcome_withdrawn: [],
  outcome_consumer_unresponsive: [],
  no_case_found: [],
  case_ref_not_found: ['ref'],
  which_case: [],

  // Names and labels for status lines and the case card
  tier_customer_service: [],
  tier_investigation: [],
  tier_specialist: [],
  tier_ombudsman: [],
  card_reference: [],
  card_team: [],
  card_status: [],
  card_wait: [],
  status_label_queued: [],
  status_label_assigned: [],
  status_label_awaiting_consumer: [],
  status_label_awaiting_merchant: [],
  status_label_resolved: [],

  // The chat widget's own words (bot/web/public/widget.js, embed.js; served by bot/web/static.ts).
  // The case card's wait: {wait} is formatWait's "4 hours".
  widget_title: [],
  widget_log: [],
  widget_input: [],
  widget_placeholder: [],
  widget_hint: [],
  widget_send: [],
  widget_you: [],
  widget_typing: [],
  widget_connecting: [],
  widget_reconnecting: [],
  widget_reconnected: [],
  widget_unreachable: [],
  widget_sending: [],
  widget_suggestions: [],
  widget_topics: [],
  widget_new_messages: [],
  widget_error_generic: [],
  widget_case_title: [],
  widget_card_wait: ['wait'],
  widget_close: [],
  widget_frame: [],
  // The case card's download of the consumer's record (GET /api/cases/:ref/record).
  widget_download_record: [],
  widget_download_failed: [],
  // The case card's Attach (POST /api/cases/:ref/evidence, docs/evidence.md): the button, the file
  // attached (its name as the consumer chose it), and the refusals the consumer can act on.
  widget_attach: [],
  widget_attached: ['name'],
  widget_attach_failed: [],
  widget_attach_type: [],
  widget_attach_too_large: [],
  widget_attach_limit: [],

  // Customer ombudsman
  ombudsman_info: ['url'],
  ombudsman_not_eligible: [],
  ombudsman_eligible: ['ref', 'url'],
  // The consumer tells of a final statement given on a case this chat does not show.
  ombudsman_final_statement_told: ['url'],
  escalated_on_request: ['ref', 'team', 'wait'],
  escalation_already_high: ['ref', 'team'],
  // The consumer asked for the final statement (or to go higher on a case as high as it goes).
  final_statement_requested: ['ref', 'team', 'date'],
  final_statement_pending: ['ref', 'date'],
  final_statement_overdue_told: ['ref'],
  // Outcome notices (bot/dialog/outcomes.ts, docs/outcomes.md): one message per decision on a case.
  // {statement} is the agent's final statement, masked; {body} the outside body of the market (or
  // notice_body_unknown); {outcome} an outcome_* line; {team} a tier_* name.
  notice_final_statement: ['ref', 'statement', 'url', 'body'],
  notice_resolved: ['ref', 'outcome'],
  notice_escalated: ['ref', 'team'],
  notice_ombudsman_upheld: ['ref', 'body'],
  notice_ombudsman_overturned: ['ref', 'outcome'],
  notice_body_unknown: [],
  notice_body_or: [],
  // The consumer's record of a case (bot/web/record.ts, docs/outcomes.md): headings and one line
  // per decision told. {matter} an intent_* title, {team} a tier_* name, {outcome} an outcome_*
  // line, {reason} a refund_reason_* title, {statement} masked text, {date} formatted.
  record_title: ['ref'],
  record_made: ['date'],
  record_case_heading: [],
  record_matter: [],
  record_opened: [],
  record_outcome: [],
  record_reported_heading: [],
  record_shop: [],
  record_amount: [],
  record_purchase_date: [],
  record_refund_reason: [],
  record_history_heading: [],
  record_final_heading: [],
  record_final_none: [],
  record_next_heading: [],
  record_next_ombudsman: ['url'],
  record_next_body: ['body'],
  record_next_decided: ['body'],
  record_conversation_heading: [],
  record_event_opened: ['matter', 'team'],
  record_event_dispute_opened: ['date'],
  record_event_paused: [],
  record_event_refund_reason: ['reason'],
  record_event_escalated: ['team'],
  record_event_info_requested: [],
  record_event_settlement_claimed: [],
  record_event_settlement_objected: [],
  record_event_final_statement: ['statement'],
  record_event_resolved: ['outcome'],
  record_event_reopened: [],
  record_event_ombudsman_requested: ['statement'],
  record_event_ombudsman_upheld: [],
  record_event_ombudsman_overturned: ['outcome'],

  // A merchant says it settled: the consumer confirms or objects
  settlement_question: ['merchant', 'amount'],
  settlement_question_no_amount: ['merchant'],
  the_shop: [],
  qr_settlement_yes: [],
  qr_settlement_no: [],
  settlement_confirmed: ['ref'],
  settlement_objected: ['ref'],
  settlement_claim_gone: ['ref'],

  // After two turns without progress
  offer_human: [],
  offer_declined: [],
  offer_declined_go_on: [],
  person_takes_report: [],

  // Rating after resolution
  rating_request: ['ref'],
  rating_invalid: [],
  rating_comment_invite: [],
  rating_thanks: [],

  // Errors and the session
  error_too_long: ['max'],
  error_rate_limited: [],
  error_generic: [],
  error_text_only: [],
  session_expired: [],

  // Told when away (bot/web/away.ts): the e-mail to a consumer who is not in the chat. The subject
  // names the case only, never a message's words; {message} is the masked message, {url} the chat.
  away_email_subject: ['ref'],
  away_email_body: ['ref', 'message', 'url', 'minutes'],
  // The e-mail to a merchant (bot/outbox/merchant-mail.ts), one per dispute event; the merchant's
  // language, its own register (German: Sie). Nothing personal of the consumer's: the order, the
  // amount, the reason; {question} is investigation's question, masked.
  merchant_mail_subject_opened: ['ref', 'respondBy'],
  merchant_mail_subject_reminder: ['ref', 'respondBy'],
  merchant_mail_subject_request: ['ref', 'respondBy'],
  merchant_mail_subject_escalated: ['ref'],
  merchant_mail_subject_decided: ['ref'],
  merchant_mail_greeting: ['merchant'],
  merchant_mail_lead_opened: ['respondBy'],
  merchant_mail_lead_reminder: ['respondBy'],
  merchant_mail_lead_request: ['respondBy'],
  merchant_mail_lead_escalated: [],
  merchant_mail_lead_decided: ['outcome'],
  merchant_mail_outcome_settled: [],
  merchant_mail_outcome_won: [],
  merchant_mail_outcome_lost: [],
  merchant_mail_outcome_withdrawn: [],
  merchant_mail_outcome_lapsed: [],
  merchant_mail_question: ['question'],
  merchant_mail_facts: ['ref', 'order', 'amount', 'reason'],
  merchant_mail_unknown: [],
  merchant_mail_reason_returned: [],
  merchant_mail_reason_not_received: [],
  merchant_mail_reason_wrong_amount: [],
  merchant_mail_reason_faulty: [],
  merchant_mail_reason_refund_refused: [],
  merchant_mail_reason_unrecognized_purchase: [],
  merchant_mail_answer: ['url'],
  merchant_mail_closing: [],
} as const satisfies Record<string, readonly string[]>;

export type MessageKey = keyof typeof MESSAGES;
export type PlaceholderOf<K extends MessageKey> = (typeof MESSAGES)[K][number];

export const MESSAGE_KEYS = Object.keys(MESSAGES) as MessageKey[];

export { fillTemplate, placeholdersIn } from '../../catalogues.ts';
