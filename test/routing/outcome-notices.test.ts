// Which decisions the consumer is told of (routing/outcome-notices.ts): one notice per decision,
// led by one event; none for the consumer's own decision in the chat.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  noticeMessageId,
  outcomeNotices,
  outsideBodiesFor,
  policyWith,
  type NoticeEvent,
} from '../../routing/index.ts';

const T = new Date('2026-12-01T09:00:00.000Z');
const later = new Date('2026-12-02T09:00:00.000Z');
let nextId = 1;
const event = (type: string, data: NoticeEvent['data'] = {}, at = T, actor = 'agent:a1'): NoticeEvent => ({
  id: nextId++,
  type,
  actor,
  data,
  at,
});

describe('outcome notices', () => {
  it('a chargeback decision is one notice, led by its resolution, with the chargeback outcome', () => {
    const resolved = event('resolved', { outcome: 'chargeback' });
    expect(outcomeNotices([event('invoice_charged_back'), resolved])).toEqual([
      { eventId: resolved.id, kind: 'resolved', outcome: 'chargeback' },
    ]);
  });

  it('an ombudsman overturn is one notice; its resolution is part of it, a later resolution is not', () => {
    const decided = event('ombudsman_decided', { decision: 'overturned', newOutcome: 'chargeback' });
    const afterwards = event('resolved', { outcome: 'chargeback' }, later);
    expect(outcomeNotices([decided, event('resolved', { outcome: 'chargeback' }), afterwards])).toEqual([
      { eventId: decided.id, kind: 'ombudsman_overturned', outcome: 'chargeback' },
      { eventId: afterwards.id, kind: 'resolved', outcome: 'chargeback' },
    ]);
    const upheld = event('ombudsman_decided', { decision: 'upheld' });
    expect(outcomeNotices([upheld])).toEqual([{ eventId: upheld.id, kind: 'ombudsman_upheld' }]);
  });

  it('a final statement carries its text; an escalation its team; the window running out escalates to investigation', () => {
    const statement = event('final_statement_issued', { text: 'The invoice stands.' });
    const escalated = event('escalated', { from: 'customer_service', to: 'specialist' });
    const expired = event('dispute_escalated', { to: 'investigation' }, later, 'system');
    expect(outcomeNotices([statement, escalated, expired])).toEqual([
      { eventId: statement.id, kind: 'final_statement', statement: 'The invoice stands.' },
      { eventId: escalated.id, kind: 'escalated', to: 'specialist' },
      { eventId: expired.id, kind: 'escalated', to: 'investigation' },
    ]);
    expect(noticeMessageId({ eventId: 42 })).toBe('outcome:42');
  });

  it("the consumer's own decision in the chat (a settlement confirmed) is not told again", () => {
    expect(
      outcomeNotices([
        event('merchant_settled', {}, T, 'consumer'),
        event('resolved', { outcome: 'merchant_settled' }, T, 'consumer'),
      ]),
    ).toEqual([]);
  });

  it('the outside body per market, changeable by the policy', () => {
    expect(outsideBodiesFor(DEFAULT_POLICY, 'SE')).toEqual(['Allmänna reklamationsnämnden (ARN)']);
    expect(outsideBodiesFor(DEFAULT_POLICY, 'fi')).toEqual([
      'FINE (Vakuutus- ja rahoitusneuvonta)',
      'Kuluttajariitalautakunta',
    ]);
    expect(outsideBodiesFor(DEFAULT_POLICY, 'US')).toEqual([]);
    expect(outsideBodiesFor(DEFAULT_POLICY, null)).toEqual([]);
    expect(outsideBodiesFor(policyWith({ outsideBodies: { NO: ['Forbrukertilsynet'] } }), 'NO')).toEqual([
      'Forbrukertilsynet',
    ]);
  });
});
