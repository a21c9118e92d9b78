/**
 * The receiving side of a fleet push (a terminal from its hall, a hall from the city): a configuration is
 * validated by the receiver with the same validator as `halledge config check` (problems name line and
 * key) before anything changes; a valid one is stored and activated, then the runtime's `apply` hook
 * runs; if that throws, the previous version is activated again (rolled back). Every outcome is reported
 * (`report`) and kept as `status()`. A version at or below the active one is a repeat: reported again,
 * never re-applied. `restart` reports, then calls `exit(RESTART_EXIT_CODE)` so the supervisor (systemd,
 * the Electron shell) starts the node again.
 */
import { ConfigError, parseHallConfig } from '../config/load';
import type { HallConfig } from '../core/config';
import type { Logger } from '../util/log';
import type { FleetCmd, FleetStatus } from '../sync/topics';
import { ConfigSlot } from './config-slot';

/** EX_TEMPFAIL (sysexits.h): "try again" — the supervisor restarts the node. */
export const RESTART_EXIT_CODE = 75;

export interface FleetReceiverOptions {
  /** The hall this node belongs to: a configuration of another hall is refused. */
  hall: string;
  dataDir: string;
  log: Logger;
  /** Makes the new configuration live; throw to refuse it (it is then rolled back). Default: live at the next start. */
  apply?: (config: HallConfig, version: number, yaml: string) => void | Promise<void>;
  /** Tells the sender (retained fleet report / uplink birth). */
  report: (status: FleetStatus) => void;
  /** Ends the process for a restart; default process.exit. */
  exit?: (code: number) => void;
}

export class FleetReceiver {
  private readonly slot: ConfigSlot;
  private current: FleetStatus;
  private busy: Promise<void> = Promise.resolve();

  constructor(private readonly opts: FleetReceiverOptions) {
    this.slot = new ConfigSlot(opts.dataDir);
    this.current = { version: this.slot.active().version, status: 'running' };
  }

  status(): FleetStatus {
    return this.current;
  }

  /** The active pushed configuration file (undefined = the start file). */
  activeFile(): string | undefined {
    return this.slot.activeFile();
  }

  /** Handles one command; commands run one after another. */
  handle(cmd: FleetCmd): Promise<void> {
    this.busy = this.busy.then(() => this.run(cmd)).catch((err: unknown) => this.opts.log.error('fleet command failed', { err: err instanceof Error ? err.message : String(err) }));
    return this.busy;
  }

  private set(s: FleetStatus): void {
    this.current = s;
    this.opts.report(s);
  }

  private async run(cmd: FleetCmd): Promise<void> {
    const tx = cmd.transaction !== undefined ? { transaction: cmd.transaction } : {};
    if (cmd.type === 'restart') {
      this.opts.log.info('restart requested', { reason: cmd.reason ?? '' });
      this.set({ ...this.current, ...tx });
      // Let the report leave before the process ends.
      setTimeout(() => (this.opts.exit ?? ((c: number) => process.exit(c)))(RESTART_EXIT_CODE), 200);
      return;
    }
    const active = this.slot.active().version;
    if (cmd.version <= active) {
      // A repeat (the sender did not see our report) or an old push: nothing changes.
      return this.set(cmd.version === active ? { version: active, status: active === 0 ? 'running' : 'applied', ...tx } : { version: active, status: 'invalid', offered: cmd.version, code: 'stale-version', message: `版本 ${cmd.version} 不高于当前版本 ${active} / version ${cmd.version} is not newer than ${active}`, ...tx });
    }
    let config: HallConfig;
    try {
      config = parseHallConfig(cmd.yaml, `hall.v${cmd.version}.yaml`);
    } catch (err) {
      const message = err instanceof ConfigError ? err.problems.join('; ') : (err as Error).message;
      this.opts.log.warn('pushed configuration refused: invalid', { version: cmd.version, message });
      return this.set({ version: active, status: 'invalid', offered: cmd.version, code: 'invalid-config', message: `配置无效 / invalid configuration: ${message}`, ...tx });
    }
    if (config.hall.id !== this.opts.hall) {
      return this.set({ version: active, status: 'invalid', offered: cmd.version, code: 'wrong-hall', message: `配置属于大厅 ${config.hall.id}，不是 ${this.opts.hall} / the configuration is for hall ${config.hall.id}, not ${this.opts.hall}`, ...tx });
    }
    this.slot.activate(cmd.version, cmd.yaml);
    try {
      await this.opts.apply?.(config, cmd.version, cmd.yaml);
    } catch (err) {
      this.slot.revert(active);
      const message = (err as Error).message;
      this.opts.log.warn('pushed configuration rolled back', { version: cmd.version, back: active, message });
      return this.set({ version: active, status: 'rolled-back', offered: cmd.version, code: 'apply-failed', message: `应用失败，已回退到版本 ${active} / applying failed, rolled back to ${active}: ${message}`, ...tx });
    }
    this.opts.log.info('pushed configuration applied', { version: cmd.version });
    this.set({ version: cmd.version, status: 'applied', ...tx });
  }
}
