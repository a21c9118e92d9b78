/**
 * The event envelope (ARCHITECTURE §2, sync.md §8 "qsync v1"): every state change travels and is stored
 * in this shape. `seq` rises by exactly 1 per device and is assigned in the same SQLite transaction as
 * the projection update and the outbox row.
 */
import type { WireEnvelope } from '../contract';
import type { DomainEvent } from './types';

export const ENVELOPE_VERSION = 1;

/** The wire envelope (src/contract) with the domain event's type and body. */
export type Envelope<E extends DomainEvent = DomainEvent> = Omit<WireEnvelope, 'v' | 'type' | 'body'> & {
  v: typeof ENVELOPE_VERSION;
  type: E['type'];
  body: E['body'];
};

export function toDomainEvent(env: Envelope): DomainEvent {
  return { type: env.type, body: env.body } as DomainEvent;
}
