/**
 * At start: the configuration pushed last (`<data>/fleet/active.json`) wins over the `--config` file,
 * so a pushed version survives the restart that puts it into force. An unreadable or now-invalid pushed
 * file falls back to the start file (version 0) with a warning — a node never fails to boot over it.
 */
import fs from 'node:fs';
import { ConfigError, parseHallConfig } from '../config/load';
import type { HallConfig } from '../core/config';
import type { Logger } from '../util/log';
import { ConfigSlot } from './config-slot';

export function activeFleetConfig(dataDir: string, hall: string, log: Logger): HallConfig | undefined {
  const slot = new ConfigSlot(dataDir);
  const file = slot.activeFile();
  if (!file) return undefined;
  const { version } = slot.active();
  try {
    const c = parseHallConfig(fs.readFileSync(file, 'utf8'), `hall.v${version}.yaml`);
    if (c.hall.id !== hall) throw new Error(`belongs to hall ${c.hall.id}`);
    log.info('running the pushed configuration', { version });
    return c;
  } catch (err) {
    log.warn('pushed configuration unusable: back to the start file', { version, err: err instanceof ConfigError ? err.problems.join('; ') : (err as Error).message });
    slot.revert(0);
    return undefined;
  }
}
