/**
 * `halledge start --role …`: one node of a real hall. The hall server runs the authority, the local API
 * and (unless sync.brokerUrl names an external one) the embedded broker; each terminal runs its own
 * replica, outbox forwarder and local API. Flags beyond --config/--role/--id/--data/--port:
 *   --credentials FILE   overrides sync.credentials
 *   --broker URL         the broker this node connects to (a terminal behind a proxy, an external broker)
 *   --broker-port N      the embedded broker's port (hall; 0 = any free port)
 *   --ca FILE            CA for mqtts (overrides sync.tls.ca)
 */
import path from 'node:path';
import type { HallConfig } from '../core/config';
import type { Logger } from '../util/log';
import type { ParsedArgs } from '../cli/types';
import { flagInt, flagString } from '../cli/args';
import { loadHallSetup } from '../config/load';
import { startHallNode } from '../hall/node';
import { deviceCredential, loadCredentials } from '../sync/credentials';
import { HALL_DEV } from '../sync/topics';
import { startHallServer, resolveIn } from './hall-server';
import { startTerminalNode } from '../terminal/node';

export type Role = 'hall' | 'kiosk' | 'counter' | 'evaluator' | 'display' | 'room';

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

export interface RunningNode {
  url: string;
  tokenFile: string;
  stop(): Promise<void>;
}

export async function startNode(opts: StartOptions): Promise<RunningNode> {
  const file = flagString(opts.args, 'config');
  const setup = file ? loadHallSetup(file) : undefined;
  const credFile = flagString(opts.args, 'credentials') ?? (setup ? resolveIn(setup.dir, setup.sync.credentials) : undefined);
  if (!setup || !credFile) {
    if (opts.role !== 'hall') throw new Error(`role "${opts.role}" needs MQTT credentials: set sync.credentials in the config or pass --credentials FILE (create one with "halledge sync credentials")`);
    opts.log.warn('no sync.credentials configured: running the hall server without MQTT sync');
    const hall = await startHallNode({ config: opts.config, dataDir: opts.dataDir, dev: opts.id, role: 'hall', port: opts.port, log: opts.log, ...(opts.staticDir ? { staticDir: opts.staticDir } : {}) });
    return { url: hall.api.url, tokenFile: hall.tokenFile, stop: () => hall.stop() };
  }
  const credentials = loadCredentials(credFile);
  const brokerUrl = flagString(opts.args, 'broker');
  const caFlag = flagString(opts.args, 'ca');
  const caFile = caFlag ? path.resolve(caFlag) : resolveIn(setup.dir, setup.sync.tls?.ca);
  if (opts.role === 'hall') {
    if (opts.id !== HALL_DEV && deviceCredential(credentials, opts.id)?.role !== 'hall') throw new Error(`--id ${opts.id} is not the hall server in ${credFile}`);
    const brokerPort = flagInt(opts.args, 'broker-port');
    const hall = await startHallServer({
      config: opts.config,
      sync: { ...setup.sync, ...(caFlag ? { tls: { ...setup.sync.tls, ca: caFile! } } : {}) },
      configDir: setup.dir,
      credentials,
      dataDir: opts.dataDir,
      dev: opts.id,
      port: opts.port,
      ...(brokerPort !== undefined ? { brokerPort } : {}),
      ...(brokerUrl ? { brokerUrl } : {}),
      log: opts.log,
      ...(opts.staticDir ? { staticDir: opts.staticDir } : {}),
    });
    return { url: hall.api.url, tokenFile: hall.tokenFile, stop: () => hall.stop() };
  }
  const node = await startTerminalNode({
    config: opts.config,
    sync: setup.sync,
    credentials,
    dataDir: opts.dataDir,
    dev: opts.id,
    role: opts.role,
    port: opts.port,
    ...(brokerUrl ? { brokerUrl } : {}),
    ...(caFile ? { caFile } : {}),
    devices: setup.terminals.find((t) => t.id === opts.id)?.devices ?? [],
    log: opts.log,
    ...(opts.staticDir ? { staticDir: opts.staticDir } : {}),
  });
  return { url: node.api.url, tokenFile: node.tokenFile, stop: () => node.stop() };
}
