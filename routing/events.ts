// The append-only history of a case (`case_events`): who did what, why, when. The ombudsman's
// dossier and every report are built from these, so each change of a case yields at least one.
// `data` is JSON (dates as ISO strings) so that it goes into jsonb as it is.
import { actorLabel, type Actor } from './actors.ts';

export const EVENT_TYPES = [
  'case_opened',
  'dispute_opened',
  'dispute_resumed',
  'refund_reason_recorded',
  'invoice_paused',
  'invoice_reactivated',
  'invoice_charged_back',
  'picked_up',
  'released',
  'agent_replied',
  'first_response',
  'consumer_replied',
  'bot_replied',
  'info_requested',
  'info_received',
  'info_request_expired',
  'escalated',
  'settlement_claimed',
  'settlement_objected',
  'settlement_claim_lapsed',
  'merchant_settled',
  'merchant_responded',
  'merchant_reminded',
  'merchant_window_expired',
  'dispute_escalated',
  'dispute_fee_charged',
  'investigation_decided',
  'final_statement_issued',
  'resolved',
  'reopened',
  'withdrawn',
  'ombudsman_requested',
  'ombudsman_decided',
  'outcome_changed',
  'process_feedback',
  'first_response_breached',
  'final_statement_requested',
  'final_statement_overdue',
  'complaint_registered',
  'complaint_answered',
  'complaint_overdue',
  'priority_raised',
] as const;
export type CaseEventType = (typeof EVENT_TYPES)[number];

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface CaseEvent {
  type: CaseEventType;
  /** As `case_events.actor`: 'bot', 'consumer', 'agent:<id>', 'merchant', 'system', 'ombudsman:<id>'. */
  actor: string;
  reason: string | null;
  data: { [key: string]: Json };
  at: Date;
}

/** Collects the events of one decision; every event of a decision has the same time. */
export class EventLog {
  readonly events: CaseEvent[] = [];
  constructor(
    private readonly actor: Actor,
    private readonly at: Date,
  ) {}

  add(type: CaseEventType, data: { [key: string]: Json | Date | undefined } = {}, reason: string | null = null): void {
    this.events.push({ type, actor: actorLabel(this.actor), reason, data: toJson(data), at: this.at });
  }

  /** An event done by someone else than the command's actor (e.g. the system charging a fee). */
  addAs(
    actor: Actor,
    type: CaseEventType,
    data: { [key: string]: Json | Date | undefined } = {},
    reason: string | null = null,
  ): void {
    this.events.push({ type, actor: actorLabel(actor), reason, data: toJson(data), at: this.at });
  }
}

function toJson(data: { [key: string]: Json | Date | undefined }): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}
