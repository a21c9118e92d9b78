/**
 * Small facts a node keeps about itself across restarts, in the meta table under `mark:<name>` (no
 * migration: meta is key → value). E.g. the business day the hall last closed (B10, hall/day-close.ts).
 */
import type { WriteDb } from './db';

export class Marks {
  private readonly sql;

  constructor(db: WriteDb) {
    this.sql = {
      get: db.prepare<[string], { value: string | number }>('SELECT value FROM meta WHERE key = ?'),
      set: db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
  }

  get(name: string): string | undefined {
    const v = this.sql.get.get(`mark:${name}`)?.value;
    return v === undefined ? undefined : String(v);
  }

  set(name: string, value: string): void {
    this.sql.set.run(`mark:${name}`, value);
  }
}
