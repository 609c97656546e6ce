// The months the report tests read (test/ombudsman/report.test.ts, test/e2e/report-phone.test.ts):
// merchants, disputes, ratings and ombudsman decisions in March, April, May and June 2026.
import {
  addMerchant,
  decideOmbudsmanReview,
  fileOmbudsmanRequest,
  openCase,
  rateCase,
  requestRating,
  type Db,
} from '../../db/index.ts';
import { Clock, contextFor, CS, DAY, decidedForMerchant, open, run } from './support.ts';

export const MARCH = new Date('2026-03-02T09:00:00.000Z');

export async function seedReportMonths(db: Db) {
  const context = contextFor(db);
  // The merchants are registered: a dispute is counted under the merchant its shop's name matches.
  await db.transaction(async (tx) => {
    await addMerchant(tx, { name: 'Zalando' }, MARCH);
    await addMerchant(tx, { name: 'Boozt' }, MARCH);
  });
  const requestAndDecide = async (ref: string, consumerId: string, at: Date, decision: 'upheld' | 'overturned') => {
    const filed = await fileOmbudsmanRequest(context, {
      ref,
      consumerId,
      statement: 'Not fair.',
      desiredOutcome: 'Money back.',
      now: at,
    });
    if (!filed.ok) throw new Error(filed.error.code);
    const decided = await decideOmbudsmanReview(context, {
      ref,
      ombudsmanId: 'omb-1',
      decision,
      reasoning: 'Reviewed.',
      ...(decision === 'overturned' ? { newOutcome: 'chargeback' as const } : {}),
      now: new Date(at.getTime() + DAY),
      messageFor: () => 'decided',
      redact: (text) => text,
    });
    if (!decided.ok) throw new Error(decided.error.code);
  };
  // Two disagreements with Zalando, both decided for the merchant and sent to the ombudsman:
  // one overturned, one upheld. Each is one complaint (dispute and request in the same month).
  const a = await decidedForMerchant(context, 'consumer-a', new Clock(MARCH));
  await requestAndDecide(a.case.ref, 'consumer-a', new Date('2026-03-09T10:00:00Z'), 'overturned');
  const b = await decidedForMerchant(context, 'consumer-b', new Clock(new Date('2026-03-03T09:00:00Z')));
  await requestAndDecide(b.case.ref, 'consumer-b', new Date('2026-03-10T10:00:00Z'), 'upheld');
  // A disagreement with Boozt that nobody answered yet.
  const c = await openCase(
    context,
    {
      type: 'open',
      actor: { kind: 'bot' },
      consumerId: 'consumer-c',
      intent: 'merchant_disagreement',
      language: 'fi',
      entities: { merchant: 'Boozt', refundReason: 'not_received' },
    },
    new Date('2026-03-04T09:00:00Z'),
  );
  if (!c.ok) throw new Error(c.error.code);
  // An invoice matter the consumer asked to have escalated: a complaint.
  const d = await open(context, 'consumer-d', 'invoice', new Date('2026-03-05T09:00:00Z'));
  await run(context, d.case.ref, { type: 'pick_up', actor: CS }, new Date('2026-03-05T09:05:00Z'));
  await run(
    context,
    d.case.ref,
    { type: 'escalate', actor: CS, to: 'specialist', reason: 'consumer_request' },
    new Date('2026-03-05T09:10:00Z'),
  );
  // Two answered invoice matters: rated 2 (a complaint) and 5 (not one).
  for (const [consumer, rating] of [
    ['consumer-e', 2],
    ['consumer-f', 5],
  ] as const) {
    const opened = await open(context, consumer, 'invoice', new Date('2026-03-06T09:00:00Z'));
    await run(context, opened.case.ref, { type: 'pick_up', actor: CS }, new Date('2026-03-06T09:05:00Z'));
    const resolved = await run(
      context,
      opened.case.ref,
      { type: 'resolve', actor: CS, outcome: 'answered' },
      new Date('2026-03-06T09:10:00Z'),
    );
    await requestRating(db, resolved.id, new Date('2026-03-06T09:10:00Z'));
    await rateCase(db, resolved.id, rating, new Date('2026-03-06T09:20:00Z'));
  }
  // A login matter: no complaint. An unrecognised purchase: a dispute, so a complaint.
  await open(context, 'consumer-g', 'login', new Date('2026-03-07T09:00:00Z'));
  await open(context, 'consumer-h', 'unrecognized_purchase', new Date('2026-03-08T09:00:00Z'));
  // Outside March: a disagreement in February and one in April count in neither figure.
  await open(context, 'consumer-i', 'merchant_disagreement', new Date('2026-02-20T09:00:00Z'));
  await open(context, 'consumer-j', 'merchant_disagreement', new Date('2026-04-02T09:00:00Z'));
  // In May: a wrong amount the shop settled (the consumer confirmed its claim), and a refused
  // refund that escalated at its window's end.
  const k = await open(context, 'consumer-k', 'merchant_disagreement', new Date('2026-05-04T09:00:00Z'));
  await run(
    context,
    k.case.ref,
    { type: 'record_refund_reason', actor: { kind: 'consumer', id: 'consumer-k' }, reason: 'wrong_amount' },
    new Date('2026-05-04T09:01:00Z'),
  );
  await run(
    context,
    k.case.ref,
    { type: 'merchant_settlement_claimed', actor: { kind: 'merchant' }, amountMinor: 30_000, currency: 'SEK' },
    new Date('2026-05-06T09:00:00Z'),
  );
  await run(
    context,
    k.case.ref,
    { type: 'consumer_confirmed_settlement', actor: { kind: 'consumer', id: 'consumer-k' } },
    new Date('2026-05-07T09:00:00Z'),
  );
  const l = await open(context, 'consumer-l', 'merchant_disagreement', new Date('2026-05-05T09:00:00Z'));
  await run(
    context,
    l.case.ref,
    { type: 'record_refund_reason', actor: { kind: 'bot' }, reason: 'refund_refused' },
    new Date('2026-05-05T09:01:00Z'),
  );
  await run(
    context,
    l.case.ref,
    { type: 'window_expired', actor: { kind: 'system' } },
    new Date('2026-05-26T09:00:00Z'),
  );
}

export const MERCHANT_PURCHASES = new Map([
  ['Zalando', 100],
  ['boozt ', 1_000],
]);
