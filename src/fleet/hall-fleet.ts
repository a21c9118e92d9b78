/**
 * The hall server's side of the fleet: pushes a configuration (validated here first, with the same
 * validator the terminals use) and restart commands to its terminals over HallSync; receives the city's
 * pushes for the hall itself through a FleetReceiver and, once the hall applied one, passes it down to
 * every terminal (city → hall → terminals). Which terminal runs which version is in HallSync.terminals()
 * (their retained `d/{dev}/fleet` reports).
 */
import { ConfigError, parseHallConfig } from '../config/load';
import type { HttpErrorLike } from './types';
import type { Logger } from '../util/log';
import type { CredentialsFile } from '../sync/credentials';
import type { HallSync } from '../sync/hall-sync';
import type { FleetCmd, FleetStatus } from '../sync/topics';
import { FleetReceiver } from './receiver';

export interface HallFleetOptions {
  sync: HallSync;
  hall: string;
  dataDir: string;
  credentials: CredentialsFile;
  log: Logger;
  /** Ends the hall server for a restart the city asked for (default process.exit). */
  exit?: (code: number) => void;
}

export interface PushResult {
  version: number;
  pushed: string[];
}

/** A refusal the API turns into `{error: {code, message}}` with this status. */
export class FleetError extends Error implements HttpErrorLike {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'FleetError';
  }
}

export class HallFleet {
  readonly receiver: FleetReceiver;
  private readonly reportListeners = new Set<(s: FleetStatus) => void>();

  constructor(private readonly opts: HallFleetOptions) {
    this.receiver = new FleetReceiver({
      hall: opts.hall,
      dataDir: opts.dataDir,
      log: opts.log,
      report: (s) => {
        for (const l of this.reportListeners) l(s);
      },
      // The hall applies a city push by handing it down: its own runtime takes it at the next start.
      apply: async (_config, version, yaml) => {
        await this.push(version, yaml);
      },
      ...(opts.exit ? { exit: opts.exit } : {}),
    });
  }

  /** The configuration the hall itself runs (reported to the city in its uplink birth). */
  status(): FleetStatus {
    return this.receiver.status();
  }

  onReport(l: (s: FleetStatus) => void): () => void {
    this.reportListeners.add(l);
    return () => this.reportListeners.delete(l);
  }

  /** A command from the city for this hall. */
  fromCity(cmd: FleetCmd): Promise<void> {
    return this.receiver.handle(cmd);
  }

  private terminalIds(): string[] {
    return Object.entries(this.opts.credentials.devices)
      .filter(([, c]) => c.role !== 'hall' && c.role !== 'city')
      .map(([id]) => id);
  }

  /** Validates `yaml` and pushes it as `version` to the given terminals (default: all of them). */
  async push(version: number, yaml: string, terminals?: readonly string[]): Promise<PushResult> {
    if (!Number.isSafeInteger(version) || version < 1) throw new FleetError(422, 'bad-version', '版本号应为正整数 / version must be a positive whole number');
    try {
      const c = parseHallConfig(yaml, `hall.v${version}.yaml`);
      if (c.hall.id !== this.opts.hall) throw new FleetError(422, 'wrong-hall', `配置属于大厅 ${c.hall.id} / the configuration is for hall ${c.hall.id}, not ${this.opts.hall}`);
    } catch (err) {
      if (err instanceof ConfigError) throw new FleetError(422, 'invalid-config', `配置无效 / invalid configuration: ${err.problems.join('; ')}`);
      throw err;
    }
    const all = this.terminalIds();
    const targets = terminals ?? all;
    for (const t of targets) if (!all.includes(t)) throw new FleetError(404, 'unknown-terminal', `没有终端 ${t} / no terminal ${t}`);
    for (const t of targets) await this.opts.sync.command(t, { type: 'config', version, yaml });
    this.opts.log.info('configuration pushed', { version, terminals: targets.length });
    return { version, pushed: [...targets] };
  }

  /** Asks one terminal to restart (it exits with RESTART_EXIT_CODE; its supervisor starts it again). */
  async restart(dev: string, reason?: string): Promise<{ sent: boolean }> {
    if (!this.terminalIds().includes(dev)) throw new FleetError(404, 'unknown-terminal', `没有终端 ${dev} / no terminal ${dev}`);
    const sent = await this.opts.sync.command(dev, { type: 'restart', ...(reason ? { reason } : {}) });
    return { sent };
  }
}
