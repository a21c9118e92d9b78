/**
 * The hash-chained audit log (standards C7, migration 0120). Each line's `hash` is
 * HMAC-SHA-256(key, prev ‖ canonical line), `prev` the previous line's hash (the anchor's after a purge,
 * GENESIS before the first line). The key comes from the node's data directory, so whoever edits the
 * database without it cannot re-chain the lines after the one they changed. verify() names the first
 * line that was changed, deleted or inserted.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import type { ReadDb, WriteDb } from './db';

export const GENESIS = '0'.repeat(64);

export type AuditOutcome = 'ok' | 'failed' | 'refused';

export interface AuditEntry {
  at: number;
  /** Who: a staff id ("staff:1015"), the API token holder ("token"), "system" (jobs), "evaluator". */
  actor: string;
  /** What: "staff.login", "ticket.transfer", "report.export", "retention.purge", … */
  action: string;
  /** On what: "window:3", "ticket:A012", "case:SL-…", "report:2026-11-23". */
  object: string;
  outcome: AuditOutcome;
  detail?: Record<string, unknown>;
}

export interface AuditLine extends Required<AuditEntry> {
  seq: number;
  prev: string;
  hash: string;
}

export type VerifyResult =
  | { ok: true; lines: number; first: number; last: number; head: string }
  | { ok: false; lines: number; seq: number; problem: 'changed' | 'deleted' | 'inserted' | 'anchor'; message: string };

/** The audit chain key, derived from the node's PII key (never stored on its own). */
export function auditKey(piiKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', piiKey, Buffer.alloc(0), 'halledge audit chain', 32));
}

/** The text a line's hash covers: fixed field order, JSON with sorted keys. */
function canonical(l: { seq: number; at: number; actor: string; action: string; object: string; outcome: string; detail: Record<string, unknown> }): string {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sortKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify([l.seq, l.at, l.actor, l.action, l.object, l.outcome, sortKeys(l.detail)]);
}

export function lineHash(key: Buffer, prev: string, l: Parameters<typeof canonical>[0]): string {
  return createHmac('sha256', key).update(prev).update('\n').update(canonical(l)).digest('hex');
}

interface Row { seq: number; at: number; actor: string; action: string; object: string; outcome: AuditOutcome; detail: string; prev: string; hash: string }
const toLine = (r: Row): AuditLine => ({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, object: r.object, outcome: r.outcome, detail: JSON.parse(r.detail) as Record<string, unknown>, prev: r.prev, hash: r.hash });

/** Reading and verifying (works on a read-only connection). */
export class AuditReader {
  constructor(protected readonly db: ReadDb, protected readonly key: Buffer) {}

  anchor(): { seq: number; hash: string } {
    return this.db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_anchor WHERE id = 1').get() ?? { seq: 0, hash: GENESIS };
  }

  head(): { seq: number; hash: string } {
    return this.db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() ?? this.anchor();
  }

  /** The newest `limit` lines with at in [from, to), oldest first. */
  lines(o: { from?: number; to?: number; limit?: number } = {}): AuditLine[] {
    return this.db
      .prepare<[number, number, number], Row>('SELECT * FROM audit_log WHERE at >= ? AND at < ? ORDER BY seq DESC LIMIT ?')
      .all(o.from ?? 0, o.to ?? Number.MAX_SAFE_INTEGER, o.limit ?? -1)
      .reverse()
      .map(toLine);
  }

  /**
   * Walks the chain from the anchor. A line whose content does not match its hash was changed; a seq gap
   * means lines were deleted; a `prev` that is not the previous line's hash means a line was inserted or the
   * previous one replaced. `expectHead` (seq:hash noted elsewhere) also catches lines cut off the end.
   */
  verify(expectHead?: { seq: number; hash: string }): VerifyResult {
    const anchor = this.anchor();
    let prevHash = anchor.hash;
    let prevSeq = anchor.seq;
    let n = 0;
    for (const r of this.db.prepare<[], Row>('SELECT * FROM audit_log ORDER BY seq').iterate()) {
      n++;
      const line = toLine(r);
      if (line.seq <= prevSeq) return { ok: false, lines: n, seq: line.seq, problem: 'anchor', message: `line ${line.seq} is at or before the purge anchor (${prevSeq})` };
      if (line.seq !== prevSeq + 1) {
        return { ok: false, lines: n, seq: prevSeq + 1, problem: 'deleted', message: `line${line.seq - prevSeq > 2 ? 's' : ''} ${prevSeq + 1}${line.seq - prevSeq > 2 ? `–${line.seq - 1}` : ''} deleted (the log jumps from ${prevSeq} to ${line.seq})` };
      }
      if (lineHash(this.key, line.prev, line) !== line.hash) return { ok: false, lines: n, seq: line.seq, problem: 'changed', message: `line ${line.seq} was changed (its content no longer matches its hash)` };
      if (line.prev !== prevHash) {
        return { ok: false, lines: n, seq: line.seq, problem: prevSeq === anchor.seq ? 'anchor' : 'inserted', message: `line ${line.seq} does not follow line ${prevSeq} (a line was inserted, replaced or re-chained there)` };
      }
      prevHash = line.hash;
      prevSeq = line.seq;
    }
    if (expectHead && (prevSeq < expectHead.seq || (prevSeq === expectHead.seq && prevHash !== expectHead.hash))) {
      return { ok: false, lines: n, seq: Math.min(prevSeq + 1, expectHead.seq), problem: prevSeq < expectHead.seq ? 'deleted' : 'changed', message: prevSeq < expectHead.seq ? `lines ${prevSeq + 1}–${expectHead.seq} are missing from the end (the noted head is ${expectHead.seq})` : `line ${prevSeq} is not the noted head` };
    }
    return { ok: true, lines: n, first: anchor.seq + 1, last: prevSeq, head: prevHash };
  }
}

/** Appending and the retention purge (the node's single writer). */
export class AuditStore extends AuditReader {
  constructor(private readonly wdb: WriteDb, key: Buffer) {
    super(wdb, key);
  }

  private insert?: ReturnType<WriteDb['prepare']>;

  append(e: AuditEntry): AuditLine {
    return this.appendAll([e])[0]!;
  }

  /** Chains and writes lines in one transaction (one fsync for a turn's worth of lines, not one each). */
  appendAll(entries: readonly AuditEntry[]): AuditLine[] {
    const db = this.wdb;
    const insert = (this.insert ??= db.prepare('INSERT INTO audit_log (seq, at, actor, action, object, outcome, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'));
    return db.transaction(() => {
      let head = this.head();
      const out: AuditLine[] = [];
      for (const e of entries) {
        const line = { seq: head.seq + 1, at: e.at, actor: e.actor, action: e.action, object: e.object, outcome: e.outcome, detail: e.detail ?? {} };
        const hash = lineHash(this.key, head.hash, line);
        insert.run(line.seq, line.at, line.actor, line.action, line.object, line.outcome, JSON.stringify(line.detail), head.hash, hash);
        out.push({ ...line, prev: head.hash, hash });
        head = { seq: line.seq, hash };
      }
      return out;
    }).immediate();
  }

  /** Deletes lines older than `beforeMs` (never the newest), moving the anchor to the last one deleted. */
  purgeBefore(beforeMs: number): number {
    const db = this.wdb;
    return db.transaction(() => {
      const last = db.prepare<[number], { seq: number; hash: string; at: number }>('SELECT seq, hash, at FROM audit_log WHERE at < ? AND seq < (SELECT MAX(seq) FROM audit_log) ORDER BY seq DESC LIMIT 1').get(beforeMs);
      if (!last) return 0;
      db.prepare('INSERT INTO audit_purge_permit (id) VALUES (1)').run();
      const n = db.prepare('DELETE FROM audit_log WHERE seq <= ?').run(last.seq).changes;
      db.prepare('DELETE FROM audit_purge_permit').run();
      db.prepare('INSERT INTO audit_anchor (id, seq, hash, at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, at = excluded.at').run(last.seq, last.hash, last.at);
      return n;
    }).immediate();
  }
}
