import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openMemoryDb } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { PII_KEY_FILE, PiiVault, loadOrCreateKey, purgeOlderThan } from '../../src/store/pii';
import { tempDir } from './helpers';

const ID = '11010519491231002X';

describe('PiiVault', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.cleanup());

  it('creates <data>/pii.key once: 32 bytes, mode 0600, and reuses it', () => {
    const a = PiiVault.fromDataDir(t.dir);
    const st = statSync(join(t.dir, PII_KEY_FILE));
    expect(st.size).toBe(32);
    expect(st.mode & 0o777).toBe(0o600);
    const b = PiiVault.fromDataDir(t.dir);
    expect(b.hashId(ID)).toBe(a.hashId(ID));
    expect(b.open(a.seal(ID))).toBe(ID);
  });

  it('refuses a key file of the wrong length', () => {
    writeFileSync(join(t.dir, PII_KEY_FILE), Buffer.alloc(5));
    expect(() => loadOrCreateKey(t.dir)).toThrow(/must be 32 bytes \(got 5\)/);
  });

  it('hashes an ID number with a key: stable, normalised, hex, and different under another key', () => {
    const v = PiiVault.inMemory();
    expect(v.hashId(ID)).toMatch(/^[0-9a-f]{32}$/);
    expect(v.hashId(` ${ID.toLowerCase()} `)).toBe(v.hashId(ID));
    expect(PiiVault.inMemory().hashId(ID)).not.toBe(v.hashId(ID));
  });

  it('shares a hall-wide hash key across vaults with different sealing keys', () => {
    const hashKey = Buffer.alloc(32, 7);
    const a = PiiVault.inMemory({ hashKey });
    const b = PiiVault.inMemory({ hashKey });
    expect(a.hashId(ID)).toBe(b.hashId(ID));
    expect(() => b.open(a.seal(ID))).toThrow();
  });

  it('seals with AES-256-GCM: a fresh IV each time, round-trips, and detects tampering', () => {
    const v = PiiVault.inMemory();
    const s1 = v.seal(ID);
    expect(s1).not.toBe(v.seal(ID));
    expect(s1).not.toContain(ID);
    expect(v.open(s1)).toBe(ID);
    const raw = Buffer.from(s1, 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => v.open(raw.toString('base64'))).toThrow();
    expect(() => v.open('AAAA')).toThrow(/too short/);
  });

  it('purgeOlderThan deletes sealed IDs past retention and keeps the rest (C5)', () => {
    const db = openMemoryDb();
    migrate(db);
    const day = 86_400_000;
    const now = Date.parse('2026-11-23T09:15:00+08:00');
    for (const [id, age] of [['old', 31], ['edge', 30], ['new', 1]] as const) {
      db.prepare("INSERT INTO tickets (id, day, number, service, status, json) VALUES (?, '2026-10-01', ?, 'A', 'done', '{}')").run(id, id);
      db.prepare('INSERT INTO pii (ticket_id, cipher, created_at) VALUES (?, ?, ?)').run(id, 'x', now - age * day);
    }
    expect(purgeOlderThan(db, 30, now)).toBe(1);
    expect(db.prepare('SELECT ticket_id FROM pii ORDER BY ticket_id').pluck().all()).toEqual(['edge', 'new']);
    expect(() => purgeOlderThan(db, -1, now)).toThrow(TypeError);
  });
});
