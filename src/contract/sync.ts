/**
 * qsync v1 payloads (docs/sync.md): what travels on each topic. The topic table itself (QoS, retain,
 * publisher) is in src/sync/topics.ts; these are the shapes, shared with tools and the city tier.
 */
import type { DeviceHealth, DeviceKind } from './devices';
import type { CallView, QueueView, ServiceView, WindowView } from './views';
import type { RoomStatus } from './room';

/** An event on the wire: `body` is the domain event's body (src/core/types.ts DomainEvent). */
export interface WireEnvelope {
  v: 1;
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
  type: string;
  body: unknown;
}

/** Hall → terminal, after the hall's commit: every envelope of `dev` up to `upTo` is decided. */
export interface AckPayload {
  upTo: number;
  /** The device's boot the hall last saw. */
  boot: number;
  /** Hall stream position at which the hall state reflects every event ≤ upTo. */
  hseq: number;
  serverTs: number;
  /** Events the hall refused (decided, not applied), with the reason in words. */
  rejected?: Array<{ seq: number; code: string; message: string }>;
}

/** Birth (retained) and last will (retained) of a device. */
export interface DeviceStatePayload {
  online: boolean;
  boot: number;
  ts: number;
  lastSeq?: number;
  role?: string;
  appVer?: string;
  schema?: number;
}

/** Health of the terminal's peripherals (retained), and how far its own events are acknowledged. */
export interface HealthPayload {
  ts: number;
  devices: Array<{ id: string; kind: DeviceKind; health: DeviceHealth; use?: 'door-in' | 'door-out' }>;
  /** The terminal's outbox: events not yet acknowledged by the hall, and the last acknowledged seq. */
  sync?: { backlog: number; acked: number };
}

/** The hall server's STATE (Sparkplug semantics): an offline older than the last online is ignored. */
export interface HostStatePayload {
  online: boolean;
  ts: number;
  /** Hall stream head at birth (absent in the will). */
  head?: number;
}

/** Pushed after each commit; `sseq` rises by 1 so a client can spot a gap and refetch. */
export interface QueueDelta {
  type: 'delta';
  sseq: number;
  calls: CallView[];
  windows: WindowView[];
  services: ServiceView[];
  totals: QueueView['totals'];
}

/** Retained display snapshot: masked data only (B14, C3). */
export interface DisplaySnapshotPayload {
  hseq: number;
  view: QueueView;
}

export type DisplayDeltaPayload = QueueDelta;

/** The configuration a node reports running (fleet, retained `d/{dev}/fleet`). */
export interface FleetStatus {
  /** The version it runs (0 = the file it was started with). */
  version: number;
  /** Outcome of the last push: applied, or refused before applying (invalid), or applied then rolled back. */
  status: 'running' | 'applied' | 'invalid' | 'rolled-back';
  /** The version the last push carried, when it was refused or rolled back. */
  offered?: number;
  code?: string;
  message?: string;
  transaction?: string;
}

/** A terminal as the hall server sees it over MQTT. */
export interface TerminalStatus {
  id: string;
  role: string;
  window?: number;
  connection: 'online' | 'offline' | 'never-seen';
  boot?: number;
  since?: number;
  /** Highest seq of this terminal the hall has decided. */
  cursor: number;
  lastSeq?: number;
  /** Events the terminal holds that the hall has not acknowledged yet, as it last reported. */
  backlog?: number;
  /** When the hall last acknowledged its events (ms epoch). */
  lastAckAt?: number;
  devices: HealthPayload['devices'];
  /** The configuration version it reports running (fleet), once heard. */
  config?: FleetStatus & { reportedAt: number };
  /** A room terminal's status: door, occupancy, alarms, lockers (issue 14). */
  room?: RoomStatus;
}

/** A terminal's own view of its link to the hall (GET /api/v1/sync on a terminal). */
export interface SyncState {
  role: string;
  dev: string;
  connected: boolean;
  hallOnline: boolean;
  /** Own events not yet acknowledged by the hall. */
  backlog: number;
  acked: number;
  lastAckAt?: number;
  boot: number;
}
