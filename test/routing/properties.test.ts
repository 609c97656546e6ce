// Property-based tests: random command sequences from random routed openings. Whatever the
// sequence, no illegal state is reachable, every change is recorded, the stored timers stay in
// step with the case, and every reachable state can still be driven to a resolution that leaves
// no invoice paused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Case,
  commandForTimer,
  COMMAND_TYPES,
  decide,
  EVENT_TYPES,
  invariantViolations,
  isMoveFrom,
  isQueued,
  isRoutingErrorCode,
  OVERTURN_OUTCOMES,
  pendingSettlementClaim,
  queueOf,
  REFUND_REASONS,
  RESOLVE_OUTCOMES,
  timersFor,
  TIERS,
  type Actor,
  type Command,
  type CommandType,
  type Decided,
  type TimerInstruction,
  type TimerKind,
} from '../../routing/index.ts';
import { agent, BOT, CONSUMER, DAY, MERCHANT, MINUTE, openCommand, OTHER_CONSUMER, SYSTEM, T0 } from './support.ts';

const ROUTED = ['invoice', 'login', 'human_agent', 'unrecognized_purchase', 'merchant_disagreement'] as const;
const CASE_COMMANDS = COMMAND_TYPES.filter((t) => t !== 'open');
/**
 * How often each command is drawn. Commands that end a case from any state (a withdrawal, a
 * settlement) are drawn rarely, or most lives would end before investigation or the ombudsman
 * ever see them.
 */
const WEIGHT: Partial<Record<CommandType, number>> = {
  withdraw: 1,
  consumer_confirmed_settlement: 2,
  reopen: 3,
  request_ombudsman: 3,
};

function draw(pool: readonly CommandType[], index: number): CommandType {
  const weighted = pool.flatMap((t) => Array<CommandType>(WEIGHT[t] ?? 5).fill(t));
  return weighted[index % weighted.length] as CommandType;
}
const RANDOM_ACTORS: Actor[] = [
  CONSUMER,
  OTHER_CONSUMER,
  BOT,
  MERCHANT,
  SYSTEM,
  ...TIERS.flatMap((t) => [agent(t, 'A'), agent(t, 'B')]),
];

interface Step {
  /** Pick among the commands the table allows in the current status (else among all). */
  legal: boolean;
  typeIndex: number;
  /** < 80: the actor who could plausibly send it; otherwise a random one. */
  who: number;
  variant: number;
  advanceMs: number;
  /** Fire due timers, as the sweeper would, before this step. */
  sweep: boolean;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  legal: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
  typeIndex: fc.nat(),
  who: fc.nat(99),
  variant: fc.nat(),
  advanceMs: fc.oneof(
    fc.integer({ min: 0, max: 30 }).map((m) => m * MINUTE),
    fc.integer({ min: 0, max: 25 }).map((d) => d * DAY),
  ),
  sweep: fc.boolean(),
});

const scenarioArb = fc.record({
  intent: fc.constantFrom(...ROUTED),
  technicalFault: fc.boolean(),
  // size 'max': lengths spread over the whole range, not fast-check's small default.
  steps: fc.array(stepArb, { maxLength: 40, size: 'max' }),
  ending: fc.nat(),
});

function plausibleActor(c: Case, type: CommandType, variant: number): Actor {
  const holder = agent(c.tier, c.assignee ?? 'A');
  switch (type) {
    case 'withdraw':
    case 'reopen':
    case 'request_ombudsman':
      return variant % 4 === 0 && type === 'reopen' ? holder : CONSUMER;
    case 'reply':
      return [BOT, CONSUMER, holder][variant % 3] as Actor;
    case 'merchant_settlement_claimed':
    case 'merchant_responded':
      return variant % 2 === 0 ? MERCHANT : holder;
    case 'consumer_confirmed_settlement':
    case 'consumer_objected':
      return variant % 3 === 0 ? holder : CONSUMER;
    case 'record_refund_reason':
      return [CONSUMER, BOT, holder][variant % 3] as Actor;
    case 'window_expired':
    case 'consumer_info_expired':
    case 'first_response_breached':
    case 'settlement_confirmation_expired':
      return SYSTEM;
    default:
      return holder;
  }
}

function commandFor(c: Case, type: CommandType, actor: Actor, variant: number, now: Date): Command {
  const pick = <T>(list: readonly T[]) => list[variant % list.length] as T;
  switch (type) {
    case 'request_info':
      return {
        type,
        actor,
        from: pick(['consumer', 'merchant'] as const),
        dueAt: new Date(now.getTime() + ((variant % 20) + 1) * DAY),
      };
    case 'escalate':
      return {
        type,
        actor,
        to: pick(TIERS),
        reason: pick(['technical_fault', 'outside_routine', 'buyer_protection', 'consumer_request'] as const),
        ...(variant % 3 === 0 ? {} : { kind: pick(['merchant_disagreement', 'unrecognized_purchase'] as const) }),
      };
    case 'open_dispute':
      return { type, actor, kind: pick(['merchant_disagreement', 'unrecognized_purchase'] as const), merchant: 'Shop' };
    case 'decide_investigation':
      return { type, actor, decision: pick(['merchant_favour', 'consumer_favour'] as const), reasoning: 'because' };
    case 'issue_final_statement':
      return { type, actor, text: `Statement ${variant}` };
    case 'merchant_settlement_claimed':
      return variant % 2 === 0
        ? { type, actor }
        : { type, actor, amountMinor: 89_900, currency: 'SEK', terms: 'Refunded.' };
    case 'record_refund_reason':
      return { type, actor, reason: pick(REFUND_REASONS) };
    case 'resolve':
      return { type, actor, outcome: pick(RESOLVE_OUTCOMES) };
    case 'request_ombudsman':
      return { type, actor, statement: 'I disagree.', desiredOutcome: 'Refund.' };
    case 'ombudsman_decide':
      return variant % 3 === 0
        ? { type, actor, decision: 'upheld', reasoning: 'fine' }
        : { type, actor, decision: 'overturned', reasoning: 'not fine', newOutcome: pick(OVERTURN_OUTCOMES) };
    case 'pick_up':
      return { type, actor: actor.kind === 'agent' ? { ...actor, id: pick(['A', 'B']) } : actor };
    case 'open':
      return openCommand('invoice', { actor });
    default:
      return { type, actor } as Command;
  }
}

/** The sweeper's timer table, as the db would keep it from the instructions. */
class TimerTable {
  readonly rows = new Map<TimerKind, Date>();
  apply(instructions: TimerInstruction[]): void {
    for (const t of instructions) {
      if (t.action === 'set') this.rows.set(t.kind, t.dueAt);
      else this.rows.delete(t.kind);
    }
  }
  due(now: Date): TimerKind[] {
    return [...this.rows]
      .filter(([, at]) => at.getTime() <= now.getTime())
      .sort((a, b) => a[1].getTime() - b[1].getTime())
      .map(([k]) => k);
  }
}

/** A life of one case, checking every property after every successful decision. */
class Life {
  c: Case;
  now = T0;
  timers = new TimerTable();
  everPaused = false;

  constructor(first: Decided) {
    this.c = first.case;
    this.accept(null, first);
  }

  private accept(before: Case | null, d: Decided): void {
    const c = d.case;
    expect(invariantViolations(c)).toEqual([]);
    expect(d.events.length).toBeGreaterThan(0);
    for (const e of d.events) {
      expect(EVENT_TYPES).toContain(e.type);
      expect(e.at).toEqual(this.now);
      expect(JSON.parse(JSON.stringify(e.data))).toEqual(e.data);
    }
    if (before) {
      expect(c.ref).toBe(before.ref);
      expect(c.consumerId).toBe(before.consumerId);
      expect(c.openedAt).toEqual(before.openedAt);
      // The invoice moves forward only: active -> paused -> reactivated / charged back; a dispute
      // closed undecided (settled, withdrawn) may resume after a reopen and pause it again.
      if (before.invoiceState !== 'active') expect(c.invoiceState).not.toBe('active');
      if (before.invoiceState === 'charged_back') expect(c.invoiceState).not.toBe('paused');
      if (before.invoiceState === 'reactivated' && c.invoiceState === 'paused')
        expect(d.events.map((e) => e.type)).toContain('dispute_resumed');
      if (d.events.some((e) => e.type === 'dispute_fee_charged')) expect(before.dispute?.disputeFeeCharged).toBe(false);
    }
    if (c.status === 'resolved') {
      expect(isQueued(c)).toBe(false);
      expect(queueOf([c], c.tier, this.now)).toEqual([]);
      if (this.everPaused || c.invoiceState !== 'active')
        expect(['reactivated', 'charged_back']).toContain(c.invoiceState);
    }
    if (c.invoiceState === 'paused') this.everPaused = true;
    this.timers.apply(d.timers);
    expect(this.timers.rows).toEqual(timersFor(c));
    this.c = c;
  }

  run(command: Command): boolean {
    const before = this.c;
    const result = decide(before, command, this.now);
    if (!result.ok) {
      expect(isRoutingErrorCode(result.error.code)).toBe(true);
      return false;
    }
    this.accept(before, result);
    return true;
  }

  /** Fire every due timer, oldest first; a due timer is always accepted. */
  sweep(): void {
    for (let guard = 0; guard < 5; guard++) {
      const [kind] = this.timers.due(this.now);
      if (kind === undefined) return;
      expect(this.run(commandForTimer(kind)), `due ${kind} timer refused in ${this.c.status}`).toBe(true);
    }
  }

  wait(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }
}

function begin(intent: (typeof ROUTED)[number], technicalFault: boolean): Life {
  const opened = decide(null, openCommand(intent, { technicalFault }), T0);
  if (!opened.ok) throw new Error(opened.error.message);
  return new Life(opened);
}

function play(life: Life, steps: Step[]): void {
  for (const step of steps) {
    life.wait(step.advanceMs);
    if (step.sweep) life.sweep();
    const allowed = CASE_COMMANDS.filter((t) => isMoveFrom(t, life.c.status));
    const pool = step.legal && allowed.length > 0 ? allowed : CASE_COMMANDS;
    const type = draw(pool, step.typeIndex);
    const actor =
      step.who < 80
        ? plausibleActor(life.c, type, step.variant)
        : (RANDOM_ACTORS[step.variant % RANDOM_ACTORS.length] as Actor);
    life.run(commandFor(life.c, type, actor, step.variant, life.now));
  }
}

/**
 * Drive a case to resolution the way people would: wait out the merchant, pick up, decide or
 * resolve, or let the consumer withdraw. `ending` chooses among the ways.
 */
function driveToResolution(life: Life, ending: number): void {
  for (let guard = 0; guard < 12 && life.c.status !== 'resolved'; guard++) {
    const c = life.c;
    const holder = agent(c.tier, c.assignee ?? 'A');
    if (ending % 5 === 0) {
      life.run({ type: 'withdraw', actor: CONSUMER });
      continue;
    }
    if (pendingSettlementClaim(c)) {
      life.run({ type: ending % 2 === 0 ? 'consumer_confirmed_settlement' : 'consumer_objected', actor: CONSUMER });
      continue;
    }
    switch (c.status) {
      case 'awaiting_merchant':
      case 'awaiting_consumer':
        if (c.waitingUntil) life.now = new Date(Math.max(life.now.getTime(), c.waitingUntil.getTime()));
        // The shop claims a settlement once; after the consumer's objection time runs on (a driver
        // that let it claim at every turn never reached the sweep: claim, object, claim, ...).
        if (
          ending % 3 === 0 &&
          c.status === 'awaiting_merchant' &&
          c.dispute?.kind === 'merchant_disagreement' &&
          !c.dispute.settlementClaim
        ) {
          life.run({ type: 'merchant_settlement_claimed', actor: MERCHANT });
        } else life.sweep();
        break;
      case 'queued':
        life.run({ type: 'pick_up', actor: agent(c.tier, 'A') });
        break;
      case 'assigned':
        if (c.tier === 'ombudsman') {
          life.run({ type: 'ombudsman_decide', actor: holder, decision: 'upheld', reasoning: 'ok' });
        } else if (c.invoiceState === 'paused') {
          const decision = ending % 2 === 0 ? 'merchant_favour' : 'consumer_favour';
          // Investigation hears the consumer first: without their account it asks for it, and the
          // sweep then brings their time's end.
          if (!life.run({ type: 'decide_investigation', actor: holder, decision, reasoning: 'r' })) {
            if (
              !life.run({ type: 'decide_investigation', actor: holder, decision: 'consumer_favour', reasoning: 'r' })
            ) {
              life.run({ type: 'request_info', actor: holder, from: 'consumer' });
            }
          }
        } else if (!life.run({ type: 'resolve', actor: holder, outcome: 'answered' })) {
          // The consumer asked for a final statement: it comes before the case closes.
          life.run({ type: 'issue_final_statement', actor: holder, text: 'Our final answer.' });
        }
        break;
      case 'resolved':
        break;
    }
  }
}

// PROPERTY_RUNS and PROPERTY_SEED replay a CI failure or search wider: PROPERTY_RUNS=20000 npx vitest run test/routing/properties.test.ts
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
const SEED = process.env.PROPERTY_SEED === undefined ? {} : { seed: Number(process.env.PROPERTY_SEED) };

describe('random command sequences', () => {
  it('reach no illegal state, record every change, keep timers in step and never throw', () => {
    let resolvedWithDispute = 0;
    fc.assert(
      fc.property(scenarioArb, ({ intent, technicalFault, steps }) => {
        const life = begin(intent, technicalFault);
        play(life, steps);
        expect(Case.parse(JSON.parse(JSON.stringify(life.c)))).toEqual(life.c);
        if (life.c.status === 'resolved' && life.c.dispute !== null) resolvedWithDispute += 1;
      }),
      { numRuns: RUNS, ...SEED },
    );
    // The sequences must really reach the states the properties speak of. About 6 % of runs end
    // resolved with a dispute (13 to 25 of 300 seen); the floor of 1 % keeps random draws from
    // failing the check (it once did at 15 of 300) while a generator that stopped reaching the state fails it.
    expect(resolvedWithDispute).toBeGreaterThan(RUNS / 100);
  });

  it('every reachable case can still be resolved, and then no invoice is left paused', () => {
    const endings = new Map<string, number>();
    fc.assert(
      fc.property(scenarioArb, ({ intent, technicalFault, steps, ending }) => {
        const life = begin(intent, technicalFault);
        play(life, steps);
        driveToResolution(life, ending);
        expect(life.c.status).toBe('resolved');
        expect(life.c.invoiceState).not.toBe('paused');
        if (life.everPaused) expect(['reactivated', 'charged_back']).toContain(life.c.invoiceState);
        endings.set(life.c.outcome ?? 'none', (endings.get(life.c.outcome ?? 'none') ?? 0) + 1);
      }),
      { numRuns: RUNS, ...SEED },
    );
    for (const outcome of ['answered', 'merchant_settled', 'invoice_reactivated', 'chargeback', 'withdrawn']) {
      expect(endings.get(outcome) ?? 0, `runs ending ${outcome}`).toBeGreaterThan(0);
    }
  });
});
