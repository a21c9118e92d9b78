/**
 * ID numbers at rest (standards C5): a keyed hash for B2 duplicate checks, AES-256-GCM for the number
 * itself, and retention by deleting old rows. The key lives in `<data>/pii.key` (32 bytes, mode 0600).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { WriteDb } from './db';

export const PII_KEY_FILE = 'pii.key';
export const PII_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Hex characters kept from the HMAC: 128 bits, ample against collisions among a hall's citizens. */
const HASH_HEX_CHARS = 32;
const DAY_MS = 86_400_000;

export interface PiiVaultOptions {
  /** Key for hashId; pass the hall-wide key so every device computes the same hash. Default: derived from the vault key. */
  hashKey?: Buffer;
}

function derive(key: Buffer, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `halledge ${label}`, 32));
}

/** Reads `<dir>/pii.key`, creating it atomically (temp file, fsync, link) if absent. */
export function loadOrCreateKey(dir: string): Buffer {
  const file = join(dir, PII_KEY_FILE);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    return checkKey(readFileSync(file), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, randomBytes(PII_KEY_BYTES));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file); // fails if another process won the race: then use its key
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(tmp);
  }
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  return checkKey(readFileSync(file), file);
}

function checkKey(key: Buffer, source: string): Buffer {
  if (key.length !== PII_KEY_BYTES) throw new Error(`${source}: PII key must be ${PII_KEY_BYTES} bytes (got ${key.length})`);
  return key;
}

export class PiiVault {
  private readonly sealKey: Buffer;
  private readonly hashKey: Buffer;

  constructor(key: Buffer, opts: PiiVaultOptions = {}) {
    checkKey(key, 'PiiVault');
    this.sealKey = derive(key, 'pii seal');
    this.hashKey = opts.hashKey ?? derive(key, 'id hash');
  }

  static fromDataDir(dir: string, opts?: PiiVaultOptions): PiiVault {
    return new PiiVault(loadOrCreateKey(dir), opts);
  }

  /** A vault with a random key that lives only as long as the process (tests). */
  static inMemory(opts?: PiiVaultOptions): PiiVault {
    return new PiiVault(randomBytes(PII_KEY_BYTES), opts);
  }

  /** Keyed hash of an ID number (trimmed, upper-case X), hex. The number itself is never stored. */
  hashId(idNumber: string): string {
    return createHmac('sha256', this.hashKey).update(normalise(idNumber), 'utf8').digest('hex').slice(0, HASH_HEX_CHARS);
  }

  /** AES-256-GCM: base64(iv | tag | cipher). */
  seal(idNumber: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    const body = Buffer.concat([cipher.update(normalise(idNumber), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** Reverses seal(); throws if the text was altered or sealed with another key. */
  open(sealed: string): string {
    const raw = Buffer.from(sealed, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('sealed PII is too short');
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

function normalise(idNumber: string): string {
  return idNumber.trim().toUpperCase();
}

/** Deletes sealed ID numbers (tickets' and bookings') created more than `days` days before `nowMs`. Returns the rows deleted. */
export function purgeOlderThan(db: WriteDb, days: number, nowMs: number): number {
  if (!Number.isFinite(days) || days < 0) throw new TypeError(`"days" must be 0 or more (got ${days})`);
  const before = nowMs - days * DAY_MS;
  const bookings = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'appointment_pii'").get()
    ? db.prepare('DELETE FROM appointment_pii WHERE created_at < ?').run(before).changes
    : 0;
  return db.prepare('DELETE FROM pii WHERE created_at < ?').run(before).changes + bookings;
}
