/**
 * The terminal's fleet handler, mounted on its TerminalSync session: configuration pushes and the remote
 * restart arrive on `d/{dev}/cmd` (from the hall server only: the broker's ACL), go through a
 * FleetReceiver (validate → activate → apply, or roll back), and the outcome is published retained on
 * `d/{dev}/fleet` — at every connect too, so the hall always knows which version each terminal runs.
 */
import type { HallConfig } from '../core/config';
import type { Logger } from '../util/log';
import type { TerminalSync } from '../sync/terminal-sync';
import { topic, type FleetPayload } from '../sync/topics';
import { checkCmd, parseJson } from '../sync/validate';
import { FleetReceiver } from './receiver';

export interface TerminalFleetOptions {
  sync: TerminalSync;
  hall: string;
  dev: string;
  boot: number;
  dataDir: string;
  now: () => number;
  log: Logger;
  apply?: (config: HallConfig, version: number, yaml: string) => void | Promise<void>;
  exit?: (code: number) => void;
}

export interface TerminalFleet {
  receiver: FleetReceiver;
  stop(): void;
}

export function attachTerminalFleet(opts: TerminalFleetOptions): TerminalFleet {
  const cmdTopic = topic('qs/v1/{hall}/d/{dev}/cmd', { hall: opts.hall, dev: opts.dev });
  const fleetTopic = topic('qs/v1/{hall}/d/{dev}/fleet', { hall: opts.hall, dev: opts.dev });
  const publish = () => {
    const p: FleetPayload = { ts: opts.now(), boot: opts.boot, config: receiver.status() };
    void opts.sync.publish(fleetTopic, p, true);
  };
  const receiver = new FleetReceiver({
    hall: opts.hall,
    dataDir: opts.dataDir,
    log: opts.log,
    report: publish,
    ...(opts.apply ? { apply: opts.apply } : {}),
    ...(opts.exit ? { exit: opts.exit } : {}),
  });
  const off = opts.sync.use({
    onConnect: publish,
    onMessage: (t, payload) => {
      if (t !== cmdTopic) return false;
      const j = parseJson(payload);
      const type = j.ok && typeof j.value === 'object' && j.value !== null ? (j.value as { type?: unknown }).type : undefined;
      if (type !== 'config' && type !== 'restart') return false;
      const c = checkCmd(payload, opts.hall);
      if (!c.ok) {
        opts.log.warn('malformed fleet command dropped', { ...c.error });
        return true;
      }
      if (c.value.type === 'config' || c.value.type === 'restart') void receiver.handle(c.value);
      return true;
    },
  });
  return { receiver, stop: off };
}
