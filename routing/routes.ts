// The routing policy: where the bot sends a matter of each intent (docs/domain.md, the ladder's
// entry). Nothing routes straight to the specialist team, and only a consumer's written request
// on an existing case reaches the ombudsman.
import type { Intent } from '../intents/labels.ts';
import { PRIORITY, type DisputeKind, type Priority } from './types.ts';

export type Route =
  /** A person in customer service takes it from the queue. */
  | { kind: 'queue'; tier: 'customer_service'; priority: Priority }
  /** Buyer protection: a dispute opens and the invoice is paused at once. */
  | { kind: 'dispute'; tier: 'investigation'; dispute: DisputeKind; priority: Priority }
  /** The bot answers itself (and can still hand off when asked for a person). */
  | { kind: 'self_service' }
  /** Needs an existing case with a final statement: `request_ombudsman` on that case. */
  | { kind: 'ombudsman_request' };

export const ROUTES: Readonly<Record<Intent, Route>> = Object.freeze({
  invoice: { kind: 'queue', tier: 'customer_service', priority: PRIORITY.normal },
  login: { kind: 'queue', tier: 'customer_service', priority: PRIORITY.normal },
  human_agent: { kind: 'queue', tier: 'customer_service', priority: PRIORITY.normal },
  // The consumer did not make the purchase: possibly fraud, so it goes first in the queue.
  unrecognized_purchase: {
    kind: 'dispute',
    tier: 'investigation',
    dispute: 'unrecognized_purchase',
    priority: PRIORITY.high,
  },
  merchant_disagreement: {
    kind: 'dispute',
    tier: 'investigation',
    dispute: 'merchant_disagreement',
    priority: PRIORITY.normal,
  },
  case_status: { kind: 'self_service' },
  greeting: { kind: 'self_service' },
  other: { kind: 'self_service' },
  ombudsman: { kind: 'ombudsman_request' },
});

export function routeIntent(intent: Intent): Route {
  return ROUTES[intent];
}
