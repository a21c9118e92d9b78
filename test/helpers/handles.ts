/**
 * Handles on a running node's parts, as the sync tests, the chaos suite and the benchmarks inspect them, and
 * starters shaped like the hall server / terminal node of one `halledge start` process (all through the one
 * composition root).
 */
import path from 'node:path';
import type { HallConfig } from '../../src/core/config';
import type { RawDevice, RawSync } from '../../src/config/raw';
import type { CredentialsFile } from '../../src/sync/credentials';
import { startNode, type RunningNode } from '../../src/node/node';
import type { Role } from '../../src/node/context';
import type { AuthoritativeQueue } from '../../src/queue/authoritative';
import type { ReplicaQueue } from '../../src/queue/replica';
import type { HallSync } from '../../src/sync/hall-sync';
import type { TerminalSync } from '../../src/sync/terminal-sync';
import type { EventStore } from '../../src/store/event-store';
import type { WriteDb } from '../../src/store/db';
import type { EmbeddedBroker } from '../../src/sync/broker';
import type { HallFleet } from '../../src/fleet/hall-fleet';
import type { CityUplink } from '../../src/sync/city-uplink';
import type { RetentionConfig as RetentionPolicy, RetentionJob } from '../../src/records/retention';
import type { Logger } from '../../src/util/log';
import { drive, type NodeDriver } from './drive';

export interface HallHandle {
  node: RunningNode;
  queue: AuthoritativeQueue;
  sync: HallSync;
  store: EventStore;
  backend: NodeDriver;
  brokerUrl: string;
  broker: EmbeddedBroker | undefined;
  db: WriteDb;
  url: string;
  token: string;
  api: { url: string };
  fleet: HallFleet;
  city: CityUplink | undefined;
  retention: RetentionJob | undefined;
  stop(): Promise<void>;
}

export interface TerminalHandle {
  node: RunningNode;
  queue: ReplicaQueue;
  sync: TerminalSync;
  store: EventStore;
  db: WriteDb;
  backend: NodeDriver;
  url: string;
  token: string;
  api: { url: string };
  retention: RetentionJob | undefined;
  stop(): Promise<void>;
}

export function hallHandle(node: RunningNode): HallHandle {
  const k = node.ctx.queueKind;
  if (k.kind !== 'authoritative') throw new Error('not a hall node');
  const caps = node.ctx.caps;
  return {
    node,
    queue: k.queue,
    sync: caps.hallSync!,
    store: node.ctx.store,
    backend: drive(node),
    brokerUrl: caps.hallSync!.brokerUrl,
    broker: caps.broker,
    db: node.ctx.db,
    url: node.url,
    token: node.ctx.tokens.staff,
    api: { url: node.url },
    fleet: caps.fleet!,
    city: caps.city,
    retention: caps.retention,
    stop: () => node.stop(),
  };
}

export function terminalHandle(node: RunningNode): TerminalHandle {
  const k = node.ctx.queueKind;
  if (k.kind !== 'replica') throw new Error('not a terminal node');
  return {
    node,
    queue: k.queue,
    sync: node.ctx.caps.hallLink!.sync,
    store: node.ctx.store,
    db: node.ctx.db,
    backend: drive(node),
    url: node.url,
    token: node.ctx.tokens.staff,
    api: { url: node.url },
    retention: node.ctx.caps.retention,
    stop: () => node.stop(),
  };
}

export interface HallStart {
  config: HallConfig;
  sync: RawSync;
  configDir: string;
  credentials: CredentialsFile;
  dataDir: string;
  log: Logger;
  now?: () => number;
  brokerUrl?: string;
  brokerPort?: number;
  staticDir?: string;
  port?: number;
  retention?: RetentionPolicy;
}

export async function startHallServer(o: HallStart): Promise<HallHandle> {
  return hallHandle(
    await startNode({
      role: 'hall',
      dev: 'hall-server',
      config: o.config,
      setup: { sync: o.sync, configDir: o.configDir, devices: [], credentials: o.credentials, ...(o.brokerUrl ? { brokerUrl: o.brokerUrl } : {}), ...(o.brokerPort !== undefined ? { brokerPort: o.brokerPort } : {}), ...(o.retention ? { retention: o.retention } : {}) },
      dataDir: o.dataDir,
      log: o.log,
      ...(o.now ? { now: o.now } : {}),
      ...(o.staticDir ? { staticDir: o.staticDir } : {}),
      ...(o.port !== undefined ? { port: o.port } : {}),
    }),
  );
}

export interface TerminalStart extends Omit<HallStart, 'configDir' | 'brokerUrl'> {
  dev: string;
  role: Exclude<Role, 'hall'>;
  brokerUrl: string;
  devices?: RawDevice[];
  ackTimeoutMs?: number;
  keepaliveS?: number;
  onRestart?: (code: number) => void;
  caFile?: string;
}

export async function startTerminalNode(o: TerminalStart): Promise<TerminalHandle> {
  return terminalHandle(
    await startNode({
      role: o.role,
      dev: o.dev,
      config: o.config,
      setup: {
        sync: o.sync,
        configDir: path.dirname(o.dataDir),
        devices: o.devices ?? [],
        credentials: o.credentials,
        brokerUrl: o.brokerUrl,
        ...(o.caFile ? { caFile: o.caFile } : {}),
        ...(o.retention ? { retention: o.retention } : {}),
        ...(o.onRestart ? { onRestart: o.onRestart } : {}),
      },
      dataDir: o.dataDir,
      log: o.log,
      ...(o.now ? { now: o.now } : {}),
      ...(o.staticDir ? { staticDir: o.staticDir } : {}),
      ...(o.port !== undefined ? { port: o.port } : {}),
      tuning: { sync: { ...(o.ackTimeoutMs ? { ackTimeoutMs: o.ackTimeoutMs } : {}), ...(o.keepaliveS ? { keepaliveS: o.keepaliveS } : {}) } },
    }),
  );
}
