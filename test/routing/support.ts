// Small builders for the routing tests: a fixed clock, actors, and a way to run a case through
// a list of commands while failing loudly on an unexpected refusal.
import { expect } from 'vitest';
import type { Intent } from '../../intents/labels.ts';
import {
  decide,
  DEFAULT_POLICY,
  type Case,
  type CaseEvent,
  type Command,
  type Decided,
  type Decision,
  type Policy,
  type RoutingErrorCode,
  type Tier,
  type TimerInstruction,
} from '../../routing/index.ts';

export const T0 = new Date('2025-03-03T09:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** T0 plus some milliseconds. */
export const at = (ms: number) => new Date(T0.getTime() + ms);

export const CONSUMER = { kind: 'consumer', id: 'consumer-1' } as const;
export const OTHER_CONSUMER = { kind: 'consumer', id: 'consumer-2' } as const;
export const BOT = { kind: 'bot' } as const;
export const SYSTEM = { kind: 'system' } as const;
export const MERCHANT = { kind: 'merchant', id: 'merchant-9' } as const;
export const agent = (tier: Tier, id = `${tier}-agent`) => ({ kind: 'agent', id, tier }) as const;

export function openCommand(intent: Intent, extra: Partial<Extract<Command, { type: 'open' }>> = {}): Command {
  return {
    type: 'open',
    actor: BOT,
    ref: 'OMB-2025-00042',
    consumerId: CONSUMER.id,
    intent,
    language: 'sv',
    entities: { merchant: 'Zalando', amountMinor: 129_900, currency: 'SEK', orderNumber: '12345678' },
    ...extra,
  };
}

export function expectOk(result: Decision): Decided {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result;
}

export function expectRefused(result: Decision, code: RoutingErrorCode): string {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error.code).toBe(code);
  return result.error.message;
}

/** A case's life so far: every step must succeed; events and timers accumulate. */
export class Story {
  events: CaseEvent[] = [];
  timers: TimerInstruction[][] = [];
  constructor(
    public c: Case,
    public now: Date = T0,
    readonly policy: Policy = DEFAULT_POLICY,
  ) {}

  static open(
    intent: Intent,
    extra: Partial<Extract<Command, { type: 'open' }>> = {},
    policy: Policy = DEFAULT_POLICY,
  ): Story {
    const decided = expectOk(decide(null, openCommand(intent, extra), T0, policy));
    const story = new Story(decided.case, T0, policy);
    story.events.push(...decided.events);
    story.timers.push(decided.timers);
    return story;
  }

  /** Move the clock forward. */
  wait(ms: number): this {
    this.now = new Date(this.now.getTime() + ms);
    return this;
  }

  try(command: Command): Decision {
    return decide(this.c, command, this.now, this.policy);
  }

  do(command: Command): Decided {
    const decided = expectOk(this.try(command));
    this.c = decided.case;
    this.events.push(...decided.events);
    this.timers.push(decided.timers);
    return decided;
  }

  /** The holder's agent actor (for commands that need the holding agent). */
  holder() {
    if (this.c.assignee === null) throw new Error(`case ${this.c.ref} is not held`);
    return agent(this.c.tier, this.c.assignee);
  }

  pickUp(id = `${this.c.tier}-agent`): Decided {
    return this.do({ type: 'pick_up', actor: agent(this.c.tier, id) });
  }

  /**
   * Investigation hears the consumer first (the seed's order): the holder asks for their account
   * and the consumer answers. A merchant disagreement is decided, or its merchant asked, only after.
   */
  hearConsumer(): Decided {
    this.do({ type: 'request_info', actor: this.holder(), from: 'consumer' });
    return this.wait(HOUR).do({ type: 'reply', actor: CONSUMER, messageId: 'consumer-account' });
  }

  eventTypes(): string[] {
    return this.events.map((e) => e.type);
  }
}
