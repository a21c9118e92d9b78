/**
 * What must hold in a store database after any sequence of commits, or any crash between them:
 * seq contiguous from 1, one outbox row per own event, projection == replay of the log (working set
 * and every historical ticket row), unique numbers per day, boot never decreasing, sealed IDs complete.
 */
import { apply, emptyState } from '../../src/core/apply';
import type { DomainEvent, Ticket } from '../../src/core/types';
import type { ReadDb } from '../../src/store/db';
import type { EventStore } from '../../src/store/event-store';
import { ticketOf } from '../../src/store/touched';

/** Plain JSON shape, so `undefined` fields and key order do not matter; Maps (state.tickets) become objects. */
export const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x, (_k, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v))) as T;

export interface InvariantOptions {
  /** Every ticket with an ID hash was committed with its sealed ID number. */
  piiForEveryIdHash?: boolean;
}

export function invariantViolations(db: ReadDb, store: EventStore, opts: InvariantOptions = {}): string[] {
  const problems: string[] = [];
  const devs = db.prepare('SELECT dev, COUNT(*) AS n, MIN(seq) AS lo, MAX(seq) AS hi FROM events GROUP BY dev').all() as { dev: string; n: number; lo: number; hi: number }[];
  for (const d of devs) if (d.lo !== 1 || d.hi !== d.n) problems.push(`${d.dev}: seq not contiguous from 1 (${d.n} events, ${d.lo}..${d.hi})`);

  const own = (db.prepare('SELECT COUNT(*) AS n FROM events WHERE dev = ?').get(store.dev) as { n: number }).n;
  const joined = (db.prepare('SELECT COUNT(*) AS n FROM outbox o JOIN events e ON e.eid = o.eid AND e.seq = o.seq AND e.dev = ?').get(store.dev) as { n: number }).n;
  const outbox = (db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  if (own !== joined || outbox !== own) problems.push(`outbox: ${outbox} rows, ${joined} matching, for ${own} own events`);

  const boots = db.prepare('SELECT boot FROM events WHERE dev = ? ORDER BY seq').pluck().all(store.dev) as number[];
  if (boots.some((b, i) => i > 0 && b < boots[i - 1]!)) problems.push('boot decreases along seq');

  const loaded = plain(store.loadState());
  const replayed = plain(store.replayState());
  if (JSON.stringify(sortKeys(loaded)) !== JSON.stringify(sortKeys(replayed))) problems.push('projection (loadState) differs from replayState');

  // Every ticket row, including past days, equals the ticket as the log last left it.
  const history = ticketHistory(db);
  const rows = db.prepare('SELECT id, day, number, service, status, id_hash, json FROM tickets').all() as {
    id: string;
    day: string;
    number: string;
    service: string;
    status: string;
    id_hash: string | null;
    json: string;
  }[];
  if (rows.length !== history.size) problems.push(`tickets: ${rows.length} rows for ${history.size} tickets in the log`);
  for (const r of rows) {
    const t = history.get(r.id);
    const json = JSON.parse(r.json) as Ticket;
    if (!t) problems.push(`ticket ${r.id} has no ticket.issued event`);
    else if (JSON.stringify(sortKeys(plain(t))) !== JSON.stringify(sortKeys(json))) problems.push(`ticket ${r.id} row differs from the log`);
    if (r.day !== json.day || r.number !== json.number || r.service !== json.service || r.status !== json.status || r.id_hash !== (json.idHash ?? null)) {
      problems.push(`ticket ${r.id} columns differ from its json`);
    }
  }
  const dupes = db.prepare('SELECT day, number, COUNT(*) AS n FROM tickets GROUP BY day, number HAVING n > 1').all();
  if (dupes.length) problems.push(`duplicate numbers: ${JSON.stringify(dupes)}`);

  if (opts.piiForEveryIdHash) {
    const missing = db.prepare('SELECT COUNT(*) AS n FROM tickets t LEFT JOIN pii p ON p.ticket_id = t.id WHERE t.id_hash IS NOT NULL AND p.ticket_id IS NULL').get() as { n: number };
    const extra = db.prepare('SELECT COUNT(*) AS n FROM pii p JOIN tickets t ON p.ticket_id = t.id WHERE t.id_hash IS NULL').get() as { n: number };
    if (missing.n || extra.n) problems.push(`pii: ${missing.n} tickets with an ID hash lack a sealed ID, ${extra.n} sealed IDs without a hash`);
  }
  return problems;
}

/** Each ticket as the log last left it, across all days. */
export function ticketHistory(db: ReadDb): Map<string, Ticket> {
  const out = new Map<string, Ticket>();
  let s = emptyState('history');
  for (const r of db.prepare('SELECT type, body FROM events ORDER BY pos').iterate() as Iterable<{ type: string; body: string }>) {
    const e = { type: r.type, body: JSON.parse(r.body) } as DomainEvent;
    s = apply(s, e);
    const id = ticketOf(e);
    const t = id === undefined ? undefined : s.tickets.get(id);
    if (t) out.set(t.id, t);
  }
  return out;
}

function sortKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (x && typeof x === 'object') {
    return Object.fromEntries(
      Object.keys(x as object)
        .sort()
        .map((k) => [k, sortKeys((x as Record<string, unknown>)[k])]),
    );
  }
  return x;
}
