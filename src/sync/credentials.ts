/**
 * Per-device MQTT credentials and the hall-wide ID-hash key, in one JSON file (mode 0600):
 *   {version: 1, hall, piiHashKey: <64 hex>, devices: {<dev>: {role, window?, secret}}}
 * The hall server holds the whole file; each terminal needs only its own entry plus piiHashKey
 * (`halledge sync credentials --for DEV` extracts it). username = device id, password = secret.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { own, setOwn } from '../core/own';
import { HALL_DEV, ID_PATTERN } from './topics';

export type SyncRole = 'hall' | 'kiosk' | 'counter' | 'evaluator' | 'display' | 'room' | 'city';

export interface DeviceCredential {
  role: SyncRole;
  /** Counters and evaluators are bound to one window. */
  window?: number;
  secret: string;
}

export interface CredentialsFile {
  version: 1;
  hall: string;
  /** Hall-wide key for keyed ID hashes (B2 across kiosks), hex. */
  piiHashKey: string;
  devices: Record<string, DeviceCredential>;
}

const ROLES: readonly SyncRole[] = ['hall', 'kiosk', 'counter', 'evaluator', 'display', 'room', 'city'];

export class CredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsError';
  }
}

export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

export interface TerminalSpec {
  id: string;
  role: Exclude<SyncRole, 'hall' | 'city'>;
  window?: number;
}

/** A fresh credentials file for the hall server (`hallDev`) and the given terminals. */
export function generateCredentials(hall: string, terminals: readonly TerminalSpec[], hallDev = HALL_DEV): CredentialsFile {
  const devices: Record<string, DeviceCredential> = { [hallDev]: { role: 'hall', secret: newSecret() } };
  for (const t of terminals) devices[t.id] = { role: t.role, ...(t.window !== undefined ? { window: t.window } : {}), secret: newSecret() };
  return { version: 1, hall, piiHashKey: randomBytes(32).toString('hex'), devices };
}

export function checkCredentials(x: unknown, source: string): CredentialsFile {
  const fail = (m: string): never => {
    throw new CredentialsError(`${source}: ${m}`);
  };
  if (typeof x !== 'object' || x === null) return fail('must be a JSON object');
  const c = x as Partial<CredentialsFile>;
  if (c.version !== 1) fail(`version must be 1 (got ${JSON.stringify(c.version)})`);
  if (typeof c.hall !== 'string' || !ID_PATTERN.test(c.hall)) fail('hall must be a hall id');
  if (typeof c.piiHashKey !== 'string' || !/^[0-9a-f]{64}$/.test(c.piiHashKey)) fail('piiHashKey must be 64 hex characters (32 bytes)');
  if (typeof c.devices !== 'object' || c.devices === null || Array.isArray(c.devices)) fail('devices must be an object');
  // Built afresh from the checked fields only: nothing else in the file reaches the broker or the hall.
  const devices: Record<string, DeviceCredential> = {};
  for (const [id, raw] of Object.entries(c.devices!)) {
    if (!ID_PATTERN.test(id)) fail(`devices.${JSON.stringify(id)}: not a device id`);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(`devices.${id} must be an object`);
    const d = raw as Partial<DeviceCredential>;
    if (!ROLES.includes(d.role!)) fail(`devices.${id}.role must be one of ${ROLES.join(', ')} (got ${JSON.stringify(d.role)})`);
    if (typeof d.secret !== 'string' || d.secret.length < 16) fail(`devices.${id}.secret must be at least 16 characters`);
    if (d.window !== undefined && !(Number.isSafeInteger(d.window) && d.window! > 0)) fail(`devices.${id}.window must be a window number`);
    if ((d.role === 'counter' || d.role === 'evaluator') && d.window === undefined) fail(`devices.${id}: a ${d.role} needs "window"`);
    setOwn(devices, id, { role: d.role!, ...(d.window !== undefined ? { window: d.window } : {}), secret: d.secret! });
  }
  return { version: 1, hall: c.hall!, piiHashKey: c.piiHashKey!, devices };
}

/**
 * The credential of device `dev` — its own entry only. A username or topic id such as `__proto__`,
 * `constructor` or `toString` finds nothing (a plain `devices[dev]` would find Object.prototype's members).
 */
export function deviceCredential(c: CredentialsFile, dev: string | undefined): DeviceCredential | undefined {
  return typeof dev === 'string' ? own(c.devices, dev) : undefined;
}

export function loadCredentials(file: string): CredentialsFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CredentialsError(`${file}: cannot read the credentials file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CredentialsError(`${file}: not valid JSON`);
  }
  return checkCredentials(json, path.basename(file));
}

export function writeCredentials(file: string, c: CredentialsFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(c, null, 2) + '\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** The subset a terminal needs: its own entry and the hash key. */
export function credentialsFor(c: CredentialsFile, dev: string): CredentialsFile {
  const d = deviceCredential(c, dev);
  if (!d) throw new CredentialsError(`no credentials for device "${dev}"`);
  return { version: 1, hall: c.hall, piiHashKey: c.piiHashKey, devices: { [dev]: d } };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time password check. */
export function secretMatches(c: CredentialsFile, dev: string, password: string | Buffer | undefined): boolean {
  const d = deviceCredential(c, dev);
  if (!d || password === undefined || password === null) return false;
  return timingSafeEqual(digest(d.secret), digest(password.toString()));
}
