/**
 * Outcomes, not only delivery (issue 9 §3): after convergence, every call, start, finish and rating a
 * counter or evaluator acknowledged (its API answered 200, so it is in that terminal's own event log) must
 * be in the hall's record exactly as made — once — or refused for a reason about that very ticket. A served
 * ticket is never left `waiting`. Double calls (one ticket called by two windows, each acknowledged to its
 * clerk) are counted, split by whether both calls were inside their window's call reservations.
 *
 * Issue 10: ratings a counter's evaluator pad acknowledged while that counter was cut off or the hall was down
 * (offline ratings) must each be at the hall exactly once after convergence — bound to that service, at that
 * window, with that level — unless the service itself was lost (its call refused, A6: nothing to rate).
 */
import type Database from 'better-sqlite3';

export interface TerminalDb {
  id: string;
  role: string;
  window?: number;
  db: Database.Database;
}

/** A rating a counter's evaluator pad acknowledged (200) while the counter could not reach the hall. */
export interface OfflineRating {
  dev: string;
  ticketId: string;
  level: string;
}

export interface OutcomeReport {
  /** Acknowledged calls, starts, finishes (and recalls, skips, transfers) and ratings checked. */
  actions: number;
  /** … of which the hall holds exactly as made, once. */
  recorded: number;
  /** … of which the hall refused for a reason about that very ticket (a call lost to another window and what followed it). */
  refusedForTicket: number;
  /** Refusals for any other reason (e.g. `window-busy` after a lost call): each a line naming it. */
  wrongRefusals: string[];
  /** Applied at the hall but not there exactly once as made; or never decided. */
  missing: string[];
  /** Tickets a clerk acknowledged finishing that the hall still shows waiting. */
  servedLeftWaiting: string[];
  calls: number;
  /** Call-next calls the hall received ≥ OFFLINE_MS after they were made: decided on a stale replica. */
  offlineCalls: number;
  /** Tickets called by call-next (acknowledged) at two or more windows. */
  doubleCalls: number;
  /** … where every one of those calls was inside its window's call reservations (must be 0). */
  doubleCallsWithinHorizon: number;
  /** Tickets called at two windows where one clerk called it by its number (the scripted races). */
  overrideDoubleCalls: number;
  /** Call-next calls made inside the window's call reservations, and of those made offline. */
  reservedCalls: number;
  reservedOfflineCalls: number;
  /** One line per double call: ticket, then window:reserved?:offline? per call. */
  doubles: string[];
  /** Calls refused because another window called the ticket first. */
  lostRaces: number;
  /** Ratings the hall committed. */
  ratings: number;
  /** Offline ratings acknowledged, of which at the hall exactly once as made, or refused because their service's call was lost. */
  offlineRatings: number;
  offlineRatingsRecorded: number;
  offlineRatingsRefusedForTicket: number;
  /** Offline ratings not at the hall exactly once as made (and not lost with their service): one line each. */
  offlineRatingFailures: string[];
}

/** A call delivered this long after it was made was decided on a stale replica (offline or not yet caught up). */
export const OFFLINE_MS = 250;

const CALL_LOST = new Set(['not-waiting', 'unknown-ticket', 'not-for-this-window']);
const WINDOW_TYPES = new Set(['ticket.called', 'ticket.recalled', 'ticket.started', 'ticket.skipped', 'ticket.transferred', 'ticket.finished']);

interface Own {
  seq: number;
  type: string;
  body: { ticketId: string; window: number; at: number; reserved?: boolean; specific?: boolean };
  ts: number;
}

export function checkOutcomes(hall: Database.Database, terminals: readonly TerminalDb[], offline: readonly OfflineRating[] = []): OutcomeReport {
  const r: OutcomeReport = {
    actions: 0,
    recorded: 0,
    refusedForTicket: 0,
    wrongRefusals: [],
    missing: [],
    servedLeftWaiting: [],
    calls: 0,
    offlineCalls: 0,
    doubleCalls: 0,
    doubleCallsWithinHorizon: 0,
    overrideDoubleCalls: 0,
    reservedCalls: 0,
    reservedOfflineCalls: 0,
    doubles: [],
    lostRaces: 0,
    ratings: 0,
    offlineRatings: offline.length,
    offlineRatingsRecorded: 0,
    offlineRatingsRefusedForTicket: 0,
    offlineRatingFailures: [],
  };
  const verdictOf = hall.prepare<[string, number], { verdict: string; code: string | null; received_at: number }>('SELECT verdict, code, received_at FROM inbox WHERE dev = ? AND seq = ?');
  const hallEvents = hall.prepare<[], { type: string; body: string }>("SELECT type, body FROM events WHERE dev = 'hall-server'").all();
  /** The hall's record: `${type}|${ticket}|${window}|${at}` → how many times. */
  const record = new Map<string, number>();
  /** ticket → the ratings the hall committed for it. */
  const hallRatings = new Map<string, Array<{ window: number; level: string }>>();
  for (const e of hallEvents) {
    if (!WINDOW_TYPES.has(e.type) && e.type !== 'rating.submitted') continue;
    const b = JSON.parse(e.body) as Own['body'] & { level?: string };
    const k = `${e.type}|${b.ticketId}|${b.window}|${b.at}`;
    record.set(k, (record.get(k) ?? 0) + 1);
    if (e.type === 'rating.submitted') {
      r.ratings++;
      hallRatings.set(b.ticketId, [...(hallRatings.get(b.ticketId) ?? []), { window: b.window, level: b.level ?? '' }]);
    }
  }
  const status = hall.prepare<[string], { status: string }>('SELECT status FROM tickets WHERE id = ?');
  /** ticket → calls acknowledged by windows. */
  const callers = new Map<string, Array<{ window: number; reserved: boolean; specific: boolean; offline: boolean; by: string }>>();
  const finished = new Set<string>();
  /** Per terminal, the tickets whose call the hall refused. */
  const lostByDev = new Map<string, Set<string>>();

  for (const t of terminals) {
    if (t.role !== 'counter' && t.role !== 'evaluator') continue;
    const own = t.db.prepare<[string], { seq: number; type: string; body: string; ts: number }>('SELECT seq, type, body, ts FROM events WHERE dev = ? ORDER BY seq').all(t.id);
    /** Tickets whose call by this terminal the hall refused: what follows about them is refused for that ticket. */
    const lost = new Set<string>();
    lostByDev.set(t.id, lost);
    for (const row of own) {
      if (!WINDOW_TYPES.has(row.type) && row.type !== 'rating.submitted') continue;
      const e: Own = { seq: row.seq, type: row.type, body: JSON.parse(row.body), ts: row.ts };
      const b = e.body;
      const name = `${t.id}#${e.seq} ${e.type} ${b.ticketId.slice(-6)}@${b.window}`;
      r.actions++;
      const v = verdictOf.get(t.id, e.seq);
      if (e.type === 'ticket.called') {
        r.calls++;
        const offline = v ? v.received_at - e.ts >= OFFLINE_MS : true;
        const specific = !!b.specific;
        if (offline && !specific) r.offlineCalls++;
        if (b.reserved && !specific) {
          r.reservedCalls++;
          if (offline) r.reservedOfflineCalls++;
        }
        const list = callers.get(b.ticketId) ?? [];
        list.push({ window: b.window, reserved: !!b.reserved, specific, offline, by: `${t.id}#${e.seq}` });
        callers.set(b.ticketId, list);
      }
      if (e.type === 'ticket.finished') finished.add(b.ticketId);
      if (!v) {
        r.missing.push(`${name}: never decided by the hall`);
        continue;
      }
      if (v.verdict === 'applied') {
        const n = record.get(`${e.type}|${b.ticketId}|${b.window}|${b.at}`) ?? 0;
        if (n === 1) r.recorded++;
        else r.missing.push(`${name}: applied, but the hall's record holds it ${n} times`);
        continue;
      }
      const code = v.code ?? '';
      if (e.type === 'ticket.called' && CALL_LOST.has(code)) {
        lost.add(b.ticketId);
        r.lostRaces++;
        r.refusedForTicket++;
      } else if (e.type !== 'ticket.called' && e.type !== 'rating.submitted' && code === 'not-current' && lost.has(b.ticketId)) {
        r.refusedForTicket++;
      } else if (e.type === 'rating.submitted' && code === 'nothing-to-rate' && lost.has(b.ticketId)) {
        r.refusedForTicket++;
      } else r.wrongRefusals.push(`${name}: refused ${v.verdict}/${code}`);
    }
  }
  for (const [ticket, list] of callers) {
    if (new Set(list.map((c) => c.window)).size < 2) continue;
    r.doubles.push(`${ticket.slice(-6)}: ${list.map((c) => `${c.by} w${c.window}${c.specific ? ' by-number' : ''}${c.reserved ? ' reserved' : ''}${c.offline ? ' offline' : ''}`).join(', ')}`);
    if (list.some((c) => c.specific)) {
      r.overrideDoubleCalls++;
      continue;
    }
    r.doubleCalls++;
    if (list.every((c) => c.reserved)) r.doubleCallsWithinHorizon++;
  }
  for (const id of finished) if (status.get(id)?.status === 'waiting') r.servedLeftWaiting.push(id);
  const judgeOfflineRating = (o: OfflineRating): void => {
    const name = `${o.dev} offline rating of ${o.ticketId.slice(-6)}`;
    const db = terminals.find((t) => t.id === o.dev)?.db;
    const mine = db
      ?.prepare<[string], { seq: number; body: string }>("SELECT seq, body FROM events WHERE dev = ? AND type = 'rating.submitted' ORDER BY seq")
      .all(o.dev)
      .map((row) => ({ seq: row.seq, body: JSON.parse(row.body) as { ticketId: string; window: number; level: string } }))
      .filter((e) => e.body.ticketId === o.ticketId);
    if (!mine || mine.length !== 1) {
      r.offlineRatingFailures.push(`${name}: acknowledged, but ${o.dev}'s own log holds it ${mine?.length ?? 0} times`);
      return;
    }
    const { seq, body } = mine[0]!;
    const v = verdictOf.get(o.dev, seq);
    const atHall = hallRatings.get(o.ticketId) ?? [];
    if (v?.verdict === 'applied' && atHall.length === 1 && atHall[0]!.window === body.window && atHall[0]!.level === o.level) r.offlineRatingsRecorded++;
    // The call was lost to another window (both cut off): the hall's record holds that window's service, and any rating of it is that window's.
    else if (v && v.verdict !== 'applied' && v.code === 'nothing-to-rate' && lostByDev.get(o.dev)?.has(o.ticketId) && !atHall.some((x) => x.window === body.window)) r.offlineRatingsRefusedForTicket++;
    else r.offlineRatingFailures.push(`${name} (${o.dev}#${seq}): ${v ? `${v.verdict}${v.code ? '/' + v.code : ''}` : 'never decided'}; the hall holds ${atHall.length} rating(s) of it ${JSON.stringify(atHall)}`);
  };
  for (const o of offline) judgeOfflineRating(o);
  return r;
}

/** One line for the summary. */
export function outcomeLine(o: OutcomeReport): string {
  const per100 = o.offlineCalls ? ((100 * o.doubleCalls) / o.offlineCalls).toFixed(1) : '0';
  return (
    `actions=${o.actions} recorded=${o.recorded} refused-for-ticket=${o.refusedForTicket} wrong-refusals=${o.wrongRefusals.length} missing=${o.missing.length} ` +
    `served-left-waiting=${o.servedLeftWaiting.length} calls=${o.calls} offline-call-next=${o.offlineCalls} reserved-call-next=${o.reservedCalls} (offline ${o.reservedOfflineCalls}) ` +
    `lost-races=${o.lostRaces} double-calls=${o.doubleCalls} (within-horizon=${o.doubleCallsWithinHorizon}; by-number overrides ${o.overrideDoubleCalls}) double-calls-per-100-offline=${per100} ` +
    `offline-ratings=${o.offlineRatings} (at-hall-once=${o.offlineRatingsRecorded} lost-with-service=${o.offlineRatingsRefusedForTicket} failed=${o.offlineRatingFailures.length})`
  );
}
