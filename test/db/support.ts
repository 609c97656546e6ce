import type { Intent } from '../../intents/labels.ts';
import { notifyInTransaction, openCase, type DecisionContext, type Db } from '../../db/index.ts';

export const T0 = new Date('2026-03-02T09:00:00.000Z');
export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
export const at = (ms: number) => new Date(T0.getTime() + ms);

export function contextFor(db: Db): DecisionContext {
  return { db, signal: notifyInTransaction() };
}

export async function openTestCase(context: DecisionContext, intent: Intent, now = T0, consumerId = 'consumer-1') {
  const result = await openCase(
    context,
    {
      type: 'open',
      actor: { kind: 'bot' },
      consumerId,
      intent,
      language: 'sv',
      entities: { merchant: 'Zalando', amountMinor: 129_900, currency: 'SEK', orderNumber: '12345678' },
    },
    now,
  );
  if (!result.ok) throw new Error(`could not open: ${result.error.code}`);
  return result.stored;
}
