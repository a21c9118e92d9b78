/**
 * `halledge start --role …`: one node of a real hall, from hall.yaml. Flags beyond --config/--role/--id/
 * --data/--port:
 *   --credentials FILE   overrides sync.credentials
 *   --broker URL         the broker this node connects to (a terminal behind a proxy, an external broker)
 *   --broker-port N      the embedded broker's port (hall; 0 = any free port)
 *   --ca FILE            CA for mqtts (overrides sync.tls.ca)
 */
import path from 'node:path';
import type { HallConfig } from '../core/config';
import type { RawSync } from '../config/raw';
import type { Logger } from '../util/log';
import type { ParsedArgs } from '../../drivers/command/types';
import { flagInt, flagString } from '../../drivers/command/args';
import { loadHallSetup } from '../config/load';
import { deviceCredential, loadCredentials } from '../sync/credentials';
import { HALL_DEV } from '../sync/topics';
import type { NodeSetup, Role } from './context';
import { startNode, type RunningNode } from './node';
import { activeFleetConfig } from '../fleet/boot';
import { recordsOptionsFor } from '../records/setup';

export interface StartOptions {
  config: HallConfig;
  role: Role;
  id: string;
  dataDir: string;
  port: number;
  log: Logger;
  args: ParsedArgs;
  /** Built screens to serve (renderer/dist) when present. */
  staticDir?: string | undefined;
}

export function resolveIn(dir: string, p: string | undefined): string | undefined {
  return p === undefined ? undefined : path.resolve(dir, p);
}

/** hall.yaml's sync section with its file paths made absolute. */
export function resolveSync(sync: RawSync, dir: string): RawSync {
  const tls = sync.tls ? { ...(sync.tls.ca ? { ca: resolveIn(dir, sync.tls.ca)! } : {}), ...(sync.tls.cert ? { cert: resolveIn(dir, sync.tls.cert)! } : {}), ...(sync.tls.key ? { key: resolveIn(dir, sync.tls.key)! } : {}) } : undefined;
  return { ...sync, ...(sync.credentials ? { credentials: resolveIn(dir, sync.credentials)! } : {}), ...(tls ? { tls } : {}) };
}

export async function startFromCli(startOpts: StartOptions): Promise<RunningNode> {
  // A configuration pushed to this node (fleet) and activated wins over --config.
  const opts = { ...startOpts, config: activeFleetConfig(startOpts.dataDir, startOpts.config.hall.id, startOpts.log) ?? startOpts.config };
  const file = flagString(opts.args, 'config');
  const hallSetup = file ? loadHallSetup(file) : undefined;
  const sync = hallSetup ? resolveSync(hallSetup.sync, hallSetup.dir) : undefined;
  const credFile = flagString(opts.args, 'credentials') ?? sync?.credentials;
  const credentials = credFile ? loadCredentials(path.resolve(credFile)) : undefined;
  if (!credentials && opts.role !== 'hall') throw new Error(`role "${opts.role}" needs MQTT credentials: set sync.credentials in the config or pass --credentials FILE (create one with "halledge sync credentials")`);
  if (opts.role === 'hall' && credentials && opts.id !== HALL_DEV && deviceCredential(credentials, opts.id)?.role !== 'hall') {
    throw new Error(`--id ${opts.id} is not the hall server in ${credFile}`);
  }
  const caFlag = flagString(opts.args, 'ca');
  const caFile = caFlag ? path.resolve(caFlag) : sync?.tls?.ca;
  const brokerUrl = flagString(opts.args, 'broker');
  const brokerPort = flagInt(opts.args, 'broker-port');
  const setup: NodeSetup = {
    sync: sync ?? defaultSync(),
    configDir: hallSetup?.dir ?? process.cwd(),
    devices: hallSetup?.terminals.find((t) => t.id === opts.id)?.devices ?? [],
    ...(credentials ? { credentials } : {}),
    ...(brokerUrl ? { brokerUrl } : {}),
    ...(brokerPort !== undefined ? { brokerPort } : {}),
    ...(caFile ? { caFile } : {}),
    ...(hallSetup?.retention ? { retention: hallSetup.retention } : {}),
    ...(hallSetup ? { evaluationExport: hallSetup.evaluationExport, notifications: hallSetup.notifications } : {}),
    ...(hallSetup?.follow ? { follow: hallSetup.follow } : {}),
    ...(file ? guideFor(file, opts.log) : {}),
  };
  return startNode({
    role: opts.role,
    dev: opts.id,
    config: opts.config,
    setup,
    dataDir: opts.dataDir,
    port: opts.port,
    log: opts.log,
    ...(opts.staticDir ? { staticDir: opts.staticDir } : {}),
  });
}

function defaultSync(): RawSync {
  return { brokerPort: 1883, brokerHost: '127.0.0.1', listenHost: '127.0.0.1', lease: { size: 100, reserve: 150 }, reorderTimeoutMs: 2000 };
}

/** The 办事指南 named by hall.yaml `guide` (validated against the hall's services; a broken guide stops the node). */
export function guideFor(configFile: string, log: Logger): Pick<NodeSetup, 'guide'> {
  const { guide } = recordsOptionsFor(configFile, log);
  return guide ? { guide } : {};
}
