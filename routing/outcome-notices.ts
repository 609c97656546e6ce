// What the consumer is told, in writing, of a decision on their case (issue 18): a final
// statement, a resolution with its outcome (a settlement, a chargeback and a reactivated invoice
// included), an escalation to another team, and the ombudsman's decision. One notice per decision,
// named by the event that leads it, so that whoever derives the notices from the same events
// derives the same ones: db/outcome-notices.ts stores each with its event id and stores it once.
//
// The rule, one line each (docs/outcomes.md has the table):
// - `final_statement_issued` leads a final-statement notice;
// - `ombudsman_decided` leads the ombudsman's notice; the `resolved`, `outcome_changed` and
//   invoice events of the same decision are part of it;
// - `resolved` leads a resolution notice, its outcome saying what happened to the invoice;
// - `escalated` and `dispute_escalated` lead an escalation notice to the team (`to`);
// - a decision the consumer made in the chat (confirming a settlement) gets none here: the chat
//   answered it.
// The events of one decision share their time (EventLog), which is how `resolved` is known to
// belong to an ombudsman decision.
import type { Outcome, Tier } from './types.ts';
import { OUTCOMES, TIERS } from './types.ts';

/** The event types that can lead a notice; db's catch-up scan looks for exactly these. */
export const NOTICE_LEAD_EVENTS = [
  'final_statement_issued',
  'resolved',
  'escalated',
  'dispute_escalated',
  'ombudsman_decided',
] as const;

export interface NoticeEvent {
  id: number;
  type: string;
  actor: string;
  data: { [key: string]: unknown };
  at: Date;
}

export type OutcomeNotice =
  | { eventId: number; kind: 'final_statement'; statement: string }
  | { eventId: number; kind: 'resolved'; outcome: Outcome }
  | { eventId: number; kind: 'escalated'; to: Tier }
  | { eventId: number; kind: 'ombudsman_upheld' }
  | { eventId: number; kind: 'ombudsman_overturned'; outcome: Outcome };

function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value);
}

function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

/** The notices that a case's events (any subset, in id order) call for, oldest first. */
export function outcomeNotices(events: readonly NoticeEvent[]): OutcomeNotice[] {
  const ombudsmanAt = new Set(
    events.filter((event) => event.type === 'ombudsman_decided').map((event) => event.at.getTime()),
  );
  const notices: OutcomeNotice[] = [];
  for (const event of events) {
    if (event.actor === 'consumer') continue;
    switch (event.type) {
      case 'final_statement_issued':
        notices.push({ eventId: event.id, kind: 'final_statement', statement: String(event.data.text ?? '') });
        break;
      case 'ombudsman_decided': {
        const outcome = event.data.newOutcome;
        notices.push(
          event.data.decision === 'overturned' && isOutcome(outcome)
            ? { eventId: event.id, kind: 'ombudsman_overturned', outcome }
            : { eventId: event.id, kind: 'ombudsman_upheld' },
        );
        break;
      }
      case 'resolved':
        if (!ombudsmanAt.has(event.at.getTime()) && isOutcome(event.data.outcome)) {
          notices.push({ eventId: event.id, kind: 'resolved', outcome: event.data.outcome });
        }
        break;
      case 'escalated':
      case 'dispute_escalated':
        if (isTier(event.data.to)) notices.push({ eventId: event.id, kind: 'escalated', to: event.data.to });
        break;
    }
  }
  return notices;
}

/** The client message id a notice is stored under: one message per leading event. */
export function noticeMessageId(notice: Pick<OutcomeNotice, 'eventId'>): string {
  return `outcome:${notice.eventId}`;
}
