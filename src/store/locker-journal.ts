/**
 * Issue 14, the SQL of the lockers: the room terminal's unlock journal (every pulse sent, written before it is
 * sent, resolved by a status read) and a counter's sealed pickup codes (until handed to the citizen).
 */
import type { WriteDb } from './db';

export type UnlockPurpose = 'deposit' | 'pickup' | 'return' | 'service';
export type UnlockOutcome = 'open' | 'closed' | 'unknown';

export interface UnlockRow {
  id: number;
  parcelId: string;
  purpose: UnlockPurpose;
  board: number;
  lock: number;
  sentAt: number;
  outcome: UnlockOutcome | null;
  checkedAt: number | null;
  detail: string | null;
}

interface Raw {
  id: number;
  parcel_id: string;
  purpose: UnlockPurpose;
  board: number;
  lock: number;
  sent_at: number;
  outcome: UnlockOutcome | null;
  checked_at: number | null;
  detail: string | null;
}

const row = (r: Raw): UnlockRow => ({ id: r.id, parcelId: r.parcel_id, purpose: r.purpose, board: r.board, lock: r.lock, sentAt: r.sent_at, outcome: r.outcome, checkedAt: r.checked_at, detail: r.detail });

export class UnlockJournal {
  constructor(private readonly db: WriteDb) {}

  /** Written (and committed) BEFORE the pulse goes out. */
  begin(parcelId: string, purpose: UnlockPurpose, board: number, lock: number, at: number): number {
    return Number(this.db.prepare('INSERT INTO locker_unlocks (parcel_id, purpose, board, lock, sent_at) VALUES (?, ?, ?, ?, ?)').run(parcelId, purpose, board, lock, at).lastInsertRowid);
  }

  resolve(id: number, outcome: UnlockOutcome, at: number, detail?: string): void {
    this.db.prepare('UPDATE locker_unlocks SET outcome = ?, checked_at = ?, detail = ? WHERE id = ?').run(outcome, at, detail ?? null, id);
  }

  /** Unlocks that may have happened without our knowing (crash before the reply, or a lost reply). */
  unresolved(board?: number, lock?: number): UnlockRow[] {
    const all = this.db.prepare<[], Raw>("SELECT * FROM locker_unlocks WHERE outcome IS NULL OR outcome = 'unknown' ORDER BY id").all().map(row);
    return board === undefined ? all : all.filter((r) => r.board === board && r.lock === lock);
  }

  /** Every unlock ever sent for a parcel and purpose (an unlock is sent once: a second one needs a person). */
  of(parcelId: string, purpose: UnlockPurpose): UnlockRow[] {
    return this.db.prepare<[string, string], Raw>('SELECT * FROM locker_unlocks WHERE parcel_id = ? AND purpose = ? ORDER BY id').all(parcelId, purpose).map(row);
  }

  latest(limit: number): UnlockRow[] {
    return this.db.prepare<[number], Raw>('SELECT * FROM locker_unlocks ORDER BY id DESC LIMIT ?').all(limit).map(row);
  }
}

export class SealedCodes {
  constructor(private readonly db: WriteDb) {}

  put(parcelId: string, sealed: string, at: number): void {
    this.db.prepare('INSERT INTO locker_codes (parcel_id, sealed, created_at) VALUES (?, ?, ?)').run(parcelId, sealed, at);
  }

  get(parcelId: string): { sealed: string; sentAt: number | null; channel: string | null } | undefined {
    const r = this.db.prepare<[string], { sealed: string; sent_at: number | null; channel: string | null }>('SELECT sealed, sent_at, channel FROM locker_codes WHERE parcel_id = ?').get(parcelId);
    return r ? { sealed: r.sealed, sentAt: r.sent_at, channel: r.channel } : undefined;
  }

  /** The code reached the citizen: the sealed copy is wiped, the fact kept. */
  sent(parcelId: string, channel: string, at: number): void {
    this.db.prepare("UPDATE locker_codes SET sealed = '', sent_at = ?, channel = ? WHERE parcel_id = ?").run(at, channel, parcelId);
  }

  /** The parcel ended before its code was sent (cancelled): nothing to keep. */
  drop(parcelId: string): void {
    this.db.prepare('DELETE FROM locker_codes WHERE parcel_id = ?').run(parcelId);
  }

  pending(): string[] {
    return this.db.prepare<[], { parcel_id: string }>("SELECT parcel_id FROM locker_codes WHERE sent_at IS NULL AND sealed <> ''").all().map((r) => r.parcel_id);
  }
}
