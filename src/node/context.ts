/**
 * What a feature gets when its node starts it (ARCHITECTURE §8; cf. zigbee2mqtt's extensions): the node's
 * identity and configuration, its store, its queue (authoritative on the hall, a replica on a terminal),
 * its devices, the API registry, and the capabilities other features provide. A feature's constructor
 * stores nothing but options; `start(ctx)` wires it, `stop()` unwires it, in reverse order.
 */
import type { HallConfig } from '../core/config';
import type { NodeInfo, TerminalStatus } from '../contract';
import type { RawDevice, RawEvaluationExport, RawFollow, RawNotifications, RawSync } from '../config/raw';
import type { ContactBook } from '../notify/contacts';
import type { WriteDb } from '../store/db';
import type { EventStore } from '../store/event-store';
import type { PiiVault } from '../store/pii';
import type { AuthoritativeQueue } from '../queue/authoritative';
import type { ReplicaQueue } from '../queue/replica';
import type { ChangeFeed } from '../queue/change-feed';
import type { QueuePort } from '../queue/port';
import type { ApiRegistry } from '../api/server';
import type { DeviceHub } from '../devices/hub';
import type { CredentialsFile } from '../sync/credentials';
import type { HallSync } from '../sync/hall-sync';
import type { EmbeddedBroker } from '../sync/broker';
import type { HallFleet } from '../fleet/hall-fleet';
import type { CityUplink } from '../sync/city-uplink';
import type { RetentionConfig, RetentionJob } from '../records/retention';
import type { GuideCatalog } from '../core/guide';
import type { CaseStore } from '../store/case-store';
import type { AuditStore } from '../store/audit-store';
import type { AuditTrail } from '../records/audit-trail';
import type { DailyJobs } from '../records/daily-jobs';
import type { Logger } from '../util/log';
import type { TransportFactory } from '../../drivers/transport/types';
import type { TicketIssuer } from '../queue/issuer';
import type { HallLink } from '../sync/terminal-sync';
import type { StaffDirectory } from '../config/staff';
import type { PickupCodeSender } from '../room/pickup-notice';

export type Role = 'hall' | 'kiosk' | 'counter' | 'evaluator' | 'display' | 'room';
export const ROLES: readonly Role[] = ['hall', 'kiosk', 'counter', 'evaluator', 'display', 'room'];

/** The node's queue, by kind: features that need one kind (sync) ask for it by name. */
export type QueueKind = { kind: 'authoritative'; queue: AuthoritativeQueue } | { kind: 'replica'; queue: ReplicaQueue };

/** Everything about the installation a node needs besides the hall config (hall.yaml's sync and terminals). */
export interface NodeSetup {
  sync: RawSync;
  /** Directory relative paths in the config are resolved against. */
  configDir: string;
  /** This terminal's peripherals (hall.yaml terminals[].devices). */
  devices: RawDevice[];
  /** MQTT credentials (absent: a stand-alone hall node without sync). */
  credentials?: CredentialsFile;
  /** Broker URL override (a terminal behind a proxy, an external broker). */
  brokerUrl?: string;
  /** Embedded broker port override (hall; 0 = any). */
  brokerPort?: number;
  caFile?: string;
  /** Byte links for devices instead of their configured transport (the demo's emulators). */
  transports?: (device: RawDevice) => TransportFactory | undefined;
  /** hall.yaml `retention`: daily purge of personal data and delivered history. */
  retention?: RetentionConfig;
  /** hall.yaml `follow`: the address printed on tickets and the hall server's public follow listener. */
  follow?: RawFollow;
  /** The built screens this node serves (renderer/dist). */
  staticDir?: string;
  /** The 办事指南 (hall.yaml `guide`): shown and printed on kiosks, quoted by counter documents. */
  guide?: GuideCatalog;
  /** A remote restart (fleet): default stop, then exit with RESTART_EXIT_CODE for the supervisor. */
  onRestart?: (code: number) => void;
  /** hall.yaml `evaluation.export`: the 好差评 platform adapter (hall server). */
  evaluationExport?: RawEvaluationExport;
  /** hall.yaml `notifications`: citizen notices and their gateway (hall server). */
  notifications?: RawNotifications;
}

/** Capabilities features provide to each other (set in start, read by features started later). */
export interface Capabilities {
  /** How tickets are issued on this node: locally (hall), or hall-first with leased blocks offline (kiosks). */
  issuer?: TicketIssuer;
  /** Terminals: the link to the hall server. */
  hallLink?: HallLink;
  /** Hall server: every terminal's link and reported device health. */
  terminals?: () => TerminalStatus[];
  /** The staff directory (name and title on the evaluator and window display). */
  staff?: StaffDirectory;
  /** Hall server: its public follow listener, when configured. */
  followListener?: { port: number; publicUrl: string };
  /** Hall server: its sync layer (the demo reads its counters; the admin its terminals). */
  hallSync?: HallSync;
  /** Hall server: configuration pushes and remote restarts of its terminals. */
  fleet?: HallFleet;
  /** The daily retention purge (hall.yaml retention). */
  retention?: RetentionJob;
  /** Counter cases and the audit trail this node keeps (records), for the retention purge. */
  records?: { cases: CaseStore; audit: AuditStore; trail: AuditTrail; jobs: DailyJobs };
  /** Hall server: the uplink of its committed stream to the city (sync.city). */
  city?: CityUplink;
  /** Hall server: the embedded broker, when it runs one. */
  broker?: EmbeddedBroker;
  /** Hall server: phone numbers citizens left for notices (B12), sealed. */
  contacts?: ContactBook;
  /**
   * Issue 14: how a pickup code reaches the citizen once the certificate is in its locker — the hook for the
   * notification gateway (issue 11). Unset: the code is printed at the counter (src/room/pickup-notice.ts).
   */
  pickupCode?: PickupCodeSender;
}

export interface NodeContext {
  readonly role: Role;
  readonly dev: string;
  /** The window a counter or evaluator terminal belongs to. */
  readonly window: number | undefined;
  readonly config: HallConfig;
  readonly setup: NodeSetup;
  readonly dataDir: string;
  readonly now: () => number;
  readonly log: Logger;
  readonly db: WriteDb;
  readonly store: EventStore;
  readonly vault: PiiVault;
  readonly queue: QueuePort;
  readonly queueKind: QueueKind;
  readonly feed: ChangeFeed;
  readonly devices: DeviceHub;
  readonly api: ApiRegistry;
  readonly tokens: { staff: string; evaluator: string; staffFile: string; evaluatorFile: string };
  readonly caps: Capabilities;
  info(): NodeInfo;
}

export interface Feature {
  readonly name: string;
  start(ctx: NodeContext): void | Promise<void>;
  stop?(): void | Promise<void>;
}
