/** `halledge start --role …`: one node of a real hall. */
import type { HallConfig } from '../core/config';
import type { Logger } from '../util/log';
import type { ParsedArgs } from '../cli/types';
import { startHallNode } from '../hall/node';

export type Role = 'hall' | 'kiosk' | 'counter' | 'evaluator' | 'display' | 'room';

export interface StartOptions {
  config: HallConfig;
  role: Role;
  id: string;
  dataDir: string;
  port: number;
  log: Logger;
  args: ParsedArgs;
}

export interface RunningNode {
  url: string;
  tokenFile: string;
  stop(): Promise<void>;
}

export async function startNode(opts: StartOptions): Promise<RunningNode> {
  if (opts.role !== 'hall') {
    throw new Error(`role "${opts.role}" needs the MQTT sync layer, which is not in this build yet; run "--role hall" (the hall server serves every screen through its local API)`);
  }
  const hall = await startHallNode({ config: opts.config, dataDir: opts.dataDir, dev: opts.id, role: 'hall', port: opts.port, log: opts.log });
  return { url: hall.api.url, tokenFile: hall.tokenFile, stop: () => hall.stop() };
}
