// Who issues a command. An agent carries its tier, because an agent of tier X may act only on
// cases of tier X; ombudsman staff are agents of the `ombudsman` tier.
import { z } from 'zod';
import { Tier } from './types.ts';

export const Actor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('consumer'), id: z.string().min(1) }),
  z.object({ kind: z.literal('agent'), id: z.string().min(1), tier: Tier }),
  z.object({ kind: z.literal('bot') }),
  /** A merchant integration recording its answer through the API. */
  z.object({ kind: z.literal('merchant'), id: z.string().min(1).optional() }),
  /** The timer sweeper. */
  z.object({ kind: z.literal('system') }),
]);
export type Actor = z.infer<typeof Actor>;
export type ActorKind = Actor['kind'];
export type AgentActor = Extract<Actor, { kind: 'agent' }>;

/**
 * The actor as `case_events.actor` stores it: 'bot', 'consumer', 'agent:<id>', 'merchant',
 * 'system', 'ombudsman:<id>'.
 */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'agent':
      return actor.tier === 'ombudsman' ? `ombudsman:${actor.id}` : `agent:${actor.id}`;
    case 'consumer':
    case 'bot':
    case 'merchant':
    case 'system':
      return actor.kind;
  }
}
