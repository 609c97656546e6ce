// One or more cases in every status and tier shape, built through decide() itself, so that the
// exhaustive test starts from states the domain really reaches.
import type { Case, Command, Status } from '../../routing/index.ts';
import { agent, CONSUMER, DAY, MERCHANT, Story, SYSTEM } from './support.ts';

export interface Fixture {
  name: string;
  c: Case;
  now: Date;
}

const CS = agent('customer_service');
const INV = agent('investigation');
const SPEC = agent('specialist');
const OMB = agent('ombudsman');
const ASK_STATEMENT: Command = { type: 'request_final_statement', actor: CONSUMER };
const REQUEST: Command = {
  type: 'request_ombudsman',
  actor: CONSUMER,
  statement: 'Wrong.',
  desiredOutcome: 'Money back.',
};

function build(name: string, steps: (s: Story) => void, intent: Parameters<typeof Story.open>[0] = 'invoice'): Fixture {
  const s = Story.open(intent);
  steps(s);
  return { name, c: s.c, now: s.now };
}

const escalatedDispute = (s: Story) => s.wait(21 * DAY).do({ type: 'window_expired', actor: SYSTEM });
const claimSettlement = (s: Story) =>
  s.do({ type: 'merchant_settlement_claimed', actor: MERCHANT, amountMinor: 129_900, currency: 'SEK' });
const heldByInvestigator = (s: Story) => {
  escalatedDispute(s);
  s.pickUp(INV.id);
};
const withFinalStatement = (s: Story) => {
  s.pickUp(CS.id);
  s.do({ type: 'resolve', actor: CS, outcome: 'answered' });
  s.do({ type: 'issue_final_statement', actor: CS, text: 'Our final answer.' });
};

export function fixtures(): Fixture[] {
  return [
    build('queued in customer service', () => {}),
    build('queued unrecognised purchase', () => {}, 'unrecognized_purchase'),
    build('queued escalated disagreement', escalatedDispute, 'merchant_disagreement'),
    build('queued at the specialist team', (s) => {
      s.pickUp(CS.id);
      s.do({ type: 'escalate', actor: CS, to: 'specialist', reason: 'technical_fault' });
    }),
    build('queued at the ombudsman', (s) => {
      withFinalStatement(s);
      s.do(REQUEST);
    }),
    build('assigned in customer service', (s) => s.pickUp(CS.id)),
    build('assigned unrecognised purchase', (s) => s.pickUp(INV.id), 'unrecognized_purchase'),
    build('assigned silent-merchant dispute', heldByInvestigator, 'merchant_disagreement'),
    build(
      'assigned answered dispute',
      (s) => {
        s.wait(DAY).do({ type: 'merchant_responded', actor: MERCHANT });
        s.wait(20 * DAY).do({ type: 'window_expired', actor: SYSTEM });
        s.pickUp(INV.id);
      },
      'merchant_disagreement',
    ),
    build(
      'assigned dispute with a settlement claim waiting for the consumer',
      (s) => {
        heldByInvestigator(s);
        claimSettlement(s);
      },
      'merchant_disagreement',
    ),
    build(
      'queued dispute with a settlement claim waiting for the consumer',
      (s) => {
        escalatedDispute(s);
        claimSettlement(s);
      },
      'merchant_disagreement',
    ),
    build(
      'awaiting the merchant with its settlement claim waiting for the consumer',
      (s) => {
        s.wait(3 * DAY);
        claimSettlement(s);
      },
      'merchant_disagreement',
    ),
    build(
      'awaiting the consumer with a settlement claim waiting for them',
      (s) => {
        heldByInvestigator(s);
        s.do({ type: 'request_info', actor: INV, from: 'consumer', dueAt: new Date(s.now.getTime() + DAY) });
        claimSettlement(s);
      },
      'merchant_disagreement',
    ),
    build('assigned at the specialist team', (s) => {
      s.pickUp(CS.id);
      s.do({ type: 'escalate', actor: CS, to: 'specialist', reason: 'technical_fault' });
      s.pickUp(SPEC.id);
    }),
    build('assigned at the ombudsman (answered case)', (s) => {
      withFinalStatement(s);
      s.do(REQUEST);
      s.pickUp(OMB.id);
    }),
    build(
      'assigned at the ombudsman (reactivated invoice)',
      (s) => {
        s.wait(DAY).do({ type: 'merchant_responded', actor: MERCHANT });
        s.wait(20 * DAY).do({ type: 'window_expired', actor: SYSTEM });
        s.pickUp(INV.id);
        s.hearConsumer();
        s.do({ type: 'decide_investigation', actor: INV, decision: 'merchant_favour', reasoning: 'Delivered.' });
        s.do({ type: 'issue_final_statement', actor: INV, text: 'Pay the invoice.' });
        s.do(REQUEST);
        s.pickUp(OMB.id);
      },
      'merchant_disagreement',
    ),
    build('awaiting the consumer', (s) => {
      s.pickUp(CS.id);
      s.do({ type: 'request_info', actor: CS, from: 'consumer', dueAt: new Date(s.now.getTime() + DAY) });
    }),
    build('awaiting the consumer, released', (s) => {
      s.pickUp(CS.id);
      s.do({ type: 'request_info', actor: CS, from: 'consumer', dueAt: new Date(s.now.getTime() + DAY) });
      s.do({ type: 'release', actor: CS });
    }),
    build(
      "awaiting the consumer's account in a dispute",
      (s) => {
        heldByInvestigator(s);
        s.do({ type: 'request_info', actor: INV, from: 'consumer', dueAt: new Date(s.now.getTime() + DAY) });
      },
      'merchant_disagreement',
    ),
    build('awaiting the merchant in its window', () => {}, 'merchant_disagreement'),
    build(
      'awaiting the merchant after investigation asked',
      (s) => {
        heldByInvestigator(s);
        s.hearConsumer();
        s.do({ type: 'request_info', actor: INV, from: 'merchant', dueAt: new Date(s.now.getTime() + DAY) });
      },
      'merchant_disagreement',
    ),
    build(
      'awaiting the merchant about an unrecognised purchase',
      (s) => {
        s.pickUp(INV.id);
        s.do({ type: 'request_info', actor: INV, from: 'merchant', dueAt: new Date(s.now.getTime() + DAY) });
      },
      'unrecognized_purchase',
    ),
    // The consumer asked for the final statement, in every status (its due time can pass in each).
    build('queued, the final statement asked for', (s) => s.do(ASK_STATEMENT)),
    build('assigned, the final statement asked for', (s) => {
      s.pickUp(CS.id);
      s.do(ASK_STATEMENT);
    }),
    build('awaiting the consumer, the final statement asked for', (s) => {
      s.pickUp(CS.id);
      s.do({ type: 'request_info', actor: CS, from: 'consumer', dueAt: new Date(s.now.getTime() + DAY) });
      s.do(ASK_STATEMENT);
    }),
    build('awaiting the merchant, the final statement asked for', (s) => s.do(ASK_STATEMENT), 'merchant_disagreement'),
    build('closed without a statement, then asked for one: queued again', (s) => {
      s.pickUp(CS.id);
      s.do({ type: 'resolve', actor: CS, outcome: 'answered' });
      s.do(ASK_STATEMENT);
    }),
    build('resolved without final statement', (s) => {
      s.pickUp(CS.id);
      s.do({ type: 'resolve', actor: CS, outcome: 'answered' });
    }),
    build('resolved with final statement', withFinalStatement),
    build(
      'resolved as settled, the claim confirmed',
      (s) => {
        s.wait(3 * DAY);
        claimSettlement(s);
        s.do({ type: 'consumer_confirmed_settlement', actor: CONSUMER });
      },
      'merchant_disagreement',
    ),
    build(
      'resolved chargeback with final statement',
      (s) => {
        heldByInvestigator(s);
        s.hearConsumer();
        s.do({ type: 'decide_investigation', actor: INV, decision: 'consumer_favour', reasoning: 'Never arrived.' });
        s.do({ type: 'issue_final_statement', actor: INV, text: 'Money back.' });
      },
      'merchant_disagreement',
    ),
    build('resolved by the ombudsman', (s) => {
      withFinalStatement(s);
      s.do(REQUEST);
      s.pickUp(OMB.id);
      s.do({ type: 'ombudsman_decide', actor: OMB, decision: 'upheld', reasoning: 'Right.' });
    }),
  ];
}

export function statusesCovered(list: Fixture[]): Set<Status> {
  return new Set(list.map((f) => f.c.status));
}
