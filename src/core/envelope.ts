/**
 * The event envelope (ARCHITECTURE §2, sync.md §8 "qsync v1"): every state change travels and is stored
 * in this shape. `seq` rises by exactly 1 per device and is assigned in the same SQLite transaction as
 * the projection update and the outbox row.
 */
import type { DomainEvent } from './types';

export const ENVELOPE_VERSION = 1;

export type Envelope<E extends DomainEvent = DomainEvent> = {
  v: typeof ENVELOPE_VERSION;
  /** Globally unique event id (UUIDv7-like, time-ordered). */
  eid: string;
  hall: string;
  /** Authoring device id. */
  dev: string;
  /** Process start counter of the authoring device (bdSeq analogue). */
  boot: number;
  /** Per-device sequence, strictly +1. */
  seq: number;
  /** ms epoch on the authoring device. */
  ts: number;
  type: E['type'];
  body: E['body'];
};

export function toDomainEvent(env: Envelope): DomainEvent {
  return { type: env.type, body: env.body } as DomainEvent;
}
