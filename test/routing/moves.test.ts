// The move table, walked exhaustively: every status x command x actor either succeeds within
// the table's bounds or fails with a stable code, and never throws.
import { describe, expect, it } from 'vitest';
import {
  COMMAND_TYPES,
  decide,
  invariantViolations,
  isMoveFrom,
  isRoutingErrorCode,
  MOVES,
  OVERTURN_OUTCOMES,
  RESOLVE_OUTCOMES,
  STATUSES,
  TIERS,
  type Actor,
  type Command,
  type CommandType,
  type Decision,
} from '../../routing/index.ts';
import { fixtures, statusesCovered } from './fixtures.ts';
import { agent, BOT, CONSUMER, DAY, MERCHANT, MINUTE, openCommand, OTHER_CONSUMER, SYSTEM } from './support.ts';

const ACTORS: Actor[] = [
  CONSUMER,
  OTHER_CONSUMER,
  BOT,
  MERCHANT,
  SYSTEM,
  ...TIERS.flatMap((tier) => [agent(tier), agent(tier, `${tier}-other`)]),
];

/** A command without its actor (Omit spread over each member of the union). */
type Payload = Command extends infer C ? (C extends Command ? Omit<C, 'actor'> : never) : never;

/** Every command type with a few payloads that matter to its rules. */
function payloads(type: CommandType): Payload[] {
  switch (type) {
    case 'open':
      return [openCommand('invoice'), openCommand('merchant_disagreement')];
    case 'request_info':
      return [
        { type, from: 'consumer' },
        { type, from: 'merchant' },
      ];
    case 'escalate':
      return [
        ...TIERS.flatMap((to) => [
          { type, to, reason: 'technical_fault' as const },
          { type, to, reason: 'outside_routine' as const },
        ]),
        { type, to: 'investigation', reason: 'buyer_protection', kind: 'merchant_disagreement' },
        { type, to: 'investigation', reason: 'buyer_protection', kind: 'unrecognized_purchase' },
      ];
    case 'open_dispute':
      return [
        { type, kind: 'merchant_disagreement' },
        { type, kind: 'unrecognized_purchase' },
      ];
    case 'decide_investigation':
      return [
        { type, decision: 'merchant_favour', reasoning: 'r' },
        { type, decision: 'consumer_favour', reasoning: 'r' },
      ];
    case 'issue_final_statement':
      return [{ type, text: 'Final.' }];
    case 'merchant_settlement_claimed':
      return [{ type }, { type, amountMinor: 89_900, currency: 'SEK', terms: 'Refunded in full.' }];
    case 'record_refund_reason':
      return [{ type, reason: 'not_received' }];
    case 'resolve':
      return RESOLVE_OUTCOMES.map((outcome) => ({ type, outcome }));
    case 'complaint_overdue':
      return [
        { type, channel: 'authority' },
        { type, channel: 'letter' },
      ];
    case 'answer_complaint':
      return [{ type, complaintId: 1 }];
    case 'register_complaint':
      return [
        {
          type,
          complaintId: 1,
          channel: 'authority',
          authority: 'konsumentverket',
          answerDueAt: new Date('2026-12-16T12:00:00Z'),
        },
        { type, complaintId: 2, channel: 'letter', answerDueAt: new Date('2026-12-20T12:00:00Z') },
      ];
    case 'request_ombudsman':
      return [{ type, statement: 'Unfair.', desiredOutcome: 'Refund.' }];
    case 'ombudsman_decide':
      return [
        { type, decision: 'upheld', reasoning: 'r' },
        ...OVERTURN_OUTCOMES.map((newOutcome) => ({
          type,
          decision: 'overturned' as const,
          reasoning: 'r',
          newOutcome,
        })),
      ];
    default:
      return [{ type }];
  }
}

function attempt(run: () => Decision): Decision {
  try {
    return run();
  } catch (error) {
    throw new Error(`decide threw: ${String(error)}`);
  }
}

describe('the legal-move table', () => {
  const cases = fixtures();

  it('has fixtures in every status', () => {
    expect([...statusesCovered(cases)].sort()).toEqual([...STATUSES].sort());
  });

  it('every status x command either succeeds as the table allows or fails with a stable code, never throwing', () => {
    const succeeded = new Set<string>();
    let tried = 0;
    for (const { name, c, now } of cases) {
      for (const later of [MINUTE, 60 * DAY]) {
        const when = new Date(now.getTime() + later);
        for (const type of COMMAND_TYPES) {
          for (const payload of payloads(type)) {
            for (const actor of ACTORS) {
              const command = { ...payload, actor } as Command;
              const result = attempt(() => decide(c, command, when));
              tried += 1;
              const where = `${name} / ${type} by ${JSON.stringify(actor)}`;
              if (!result.ok) {
                expect(isRoutingErrorCode(result.error.code), where).toBe(true);
                expect(result.error.message.length, where).toBeGreaterThan(10);
                const actorAllowed =
                  MOVES[type].actors.includes(actor.kind) &&
                  (actor.kind !== 'agent' || MOVES[type].agentTiers.includes(actor.tier));
                if (actorAllowed && !isMoveFrom(type, c.status) && type !== 'open') {
                  expect(
                    [
                      'illegal_move',
                      'not_eligible_no_final_statement',
                      'not_eligible_case_open',
                      'ombudsman_already_requested',
                      'escalation_not_allowed',
                    ],
                    where,
                  ).toContain(result.error.code);
                }
                continue;
              }
              expect(isMoveFrom(type, c.status), `${where} succeeded outside the table`).toBe(true);
              expect(MOVES[type].actors, where).toContain(actor.kind);
              if (actor.kind === 'agent') expect(actor.tier, where).toBe(c.tier);
              expect(result.events.length, where).toBeGreaterThan(0);
              expect(invariantViolations(result.case), where).toEqual([]);
              expect(result.case.ref, where).toBe(c.ref);
              succeeded.add(`${c.status} ${type}`);
            }
          }
        }
      }
    }
    // The table promises no move that no state can make: each allowed cell succeeded somewhere.
    const promised = STATUSES.flatMap((status) =>
      COMMAND_TYPES.filter((type) => isMoveFrom(type, status)).map((type) => `${status} ${type}`),
    );
    expect(promised.filter((cell) => !succeeded.has(cell))).toEqual([]);
    expect(tried).toBeGreaterThan(10_000);
  });

  it('without a case only open can succeed; everything else is case_not_found', () => {
    for (const type of COMMAND_TYPES) {
      for (const payload of payloads(type)) {
        for (const actor of ACTORS) {
          const result = attempt(() => decide(null, { ...payload, actor } as Command, new Date()));
          if (type !== 'open') expect(result.ok ? 'ok' : result.error.code).toBe('case_not_found');
          else if (result.ok) expect(['bot', 'consumer', 'agent']).toContain(actor.kind);
        }
      }
    }
  });
});
