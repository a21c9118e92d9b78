/**
 * A terminal's replica tables (migration 0070): the hall's committed state as of hall seq `hseq`, how far
 * this device's own events are decided in it (`covered`), and the number blocks leased to this device with
 * how far they are used. A number is spent in its own transaction BEFORE its ticket is printed or
 * committed, so a crash between print and commit never reuses it.
 */
import type { WriteDb } from './db';

export interface ReplicaRow {
  hseq: number;
  covered: number;
  state: string;
}

export class ReplicaStore {
  private readonly sql;

  constructor(db: WriteDb) {
    this.sql = {
      load: db.prepare<[], ReplicaRow>('SELECT hseq, covered, state FROM replica WHERE id = 1'),
      save: db.prepare<[number, number, string]>(
        'INSERT INTO replica (id, hseq, covered, state) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET hseq = excluded.hseq, covered = excluded.covered, state = excluded.state',
      ),
      addLease: db.prepare<[string, string, number, number]>('INSERT OR IGNORE INTO leases (day, prefix, from_seq, to_seq) VALUES (?, ?, ?, ?)'),
      leasesOf: db.prepare<[string, string], { from_seq: number; to_seq: number }>('SELECT from_seq, to_seq FROM leases WHERE day = ? AND prefix = ? ORDER BY from_seq'),
      used: db.prepare<[string, string], { next_seq: number }>('SELECT next_seq FROM lease_use WHERE day = ? AND prefix = ?'),
      use: db.prepare<[string, string, number]>(
        'INSERT INTO lease_use (day, prefix, next_seq) VALUES (?, ?, ?) ON CONFLICT (day, prefix) DO UPDATE SET next_seq = MAX(next_seq, excluded.next_seq)',
      ),
    };
  }

  load(): ReplicaRow | undefined {
    return this.sql.load.get();
  }

  save(hseq: number, covered: number, state: string): void {
    this.sql.save.run(hseq, covered, state);
  }

  addLease(day: string, prefix: string, from: number, to: number): void {
    this.sql.addLease.run(day, prefix, from, to);
  }

  /** Leased numbers still unused for `day` and `prefix`. */
  available(day: string, prefix: string): number {
    const next = this.sql.used.get(day, prefix)?.next_seq ?? 0;
    let n = 0;
    for (const l of this.sql.leasesOf.all(day, prefix)) n += Math.max(0, l.to_seq - Math.max(l.from_seq, next) + 1);
    return n;
  }

  /** Marks the lowest unused leased number used (autocommit: its own transaction) and returns it. */
  spend(day: string, prefix: string): number | undefined {
    const next = this.sql.used.get(day, prefix)?.next_seq ?? 0;
    for (const l of this.sql.leasesOf.all(day, prefix)) {
      if (l.to_seq < next) continue;
      const n = Math.max(l.from_seq, next);
      this.sql.use.run(day, prefix, n + 1);
      return n;
    }
    return undefined;
  }
}
