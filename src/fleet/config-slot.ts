/**
 * A node's pushed configuration on disk (`<data>/fleet/`): each accepted version as `hall.v{N}.yaml`
 * and `active.json {version, previous}` switched atomically (write, fsync, rename), so a crash leaves
 * either the old or the new version active, never half of one. Version 0 = the file the node was
 * started with (`--config`).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface ActiveConfig {
  version: number;
  /** The version active before this one (0 = the start file), for a rollback. */
  previous: number;
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  const dfd = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dfd);
  } finally {
    fs.closeSync(dfd);
  }
}

export class ConfigSlot {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'fleet');
  }

  active(): ActiveConfig {
    try {
      const x = JSON.parse(fs.readFileSync(path.join(this.dir, 'active.json'), 'utf8')) as Partial<ActiveConfig>;
      if (Number.isSafeInteger(x.version) && Number.isSafeInteger(x.previous)) return { version: x.version!, previous: x.previous! };
    } catch {
      /* none yet, or unreadable: the start file */
    }
    return { version: 0, previous: 0 };
  }

  /** The YAML of a stored version (undefined for 0 or a missing file). */
  yaml(version: number): string | undefined {
    if (version === 0) return undefined;
    try {
      return fs.readFileSync(path.join(this.dir, `hall.v${version}.yaml`), 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Stores `yaml` as `version` and makes it active. */
  activate(version: number, yaml: string): ActiveConfig {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeAtomic(path.join(this.dir, `hall.v${version}.yaml`), yaml);
    const next = { version, previous: this.active().version };
    writeAtomic(path.join(this.dir, 'active.json'), JSON.stringify(next) + '\n');
    return next;
  }

  /** Makes `to` (a stored version or 0) active again. */
  revert(to: number): ActiveConfig {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const next = { version: to, previous: to };
    writeAtomic(path.join(this.dir, 'active.json'), JSON.stringify(next) + '\n');
    return next;
  }

  /** The path of the active version's file, or undefined when the start file is active. */
  activeFile(): string | undefined {
    const v = this.active().version;
    const f = path.join(this.dir, `hall.v${v}.yaml`);
    return v > 0 && fs.existsSync(f) ? f : undefined;
  }
}
