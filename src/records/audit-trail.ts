/**
 * Standards C7: what goes into the hash-chained audit log. Staff actions are read from the queue's committed
 * events (login/logout, pause/resume, call, recall, call-specific, skip, transfer, rejoin, green-channel
 * marking, booking cancellation, answering and closing 帮办 calls), refusals from the API (bad tokens, failed logins), and the records modules
 * add their own (case documents, captures, exports, purges). Lines of one turn of the event loop are written
 * in one transaction; recording never throws into the caller (a failure is logged loudly instead).
 */
import type { DomainEvent, QueueState } from '../core/types';
import type { RefusedRequest } from '../api/server';

export type { RefusedRequest };
import type { AuditEntry, AuditStore } from '../store/audit-store';
import type { Logger } from '../util/log';

export class AuditTrail {
  private pending: AuditEntry[] = [];
  private scheduled = false;

  constructor(private readonly deps: { store: AuditStore; now: () => number; log: Logger }) {}

  /** Queues a line; it is written (chained) before the next turn of the event loop. */
  record(e: Omit<AuditEntry, 'at'> & { at?: number }): void {
    this.pending.push({ ...e, at: e.at ?? this.deps.now() });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes what is queued now (tests, shutdown). */
  flush(): void {
    this.scheduled = false;
    const lines = this.pending;
    this.pending = [];
    if (lines.length === 0) return;
    try {
      this.deps.store.appendAll(lines);
    } catch (err) {
      this.deps.log.error('audit log write failed: lines lost', { lines: lines.length, actions: lines.map((l) => l.action).join(','), err: (err as Error).message });
    }
  }

  /** The staff actions in a commit of the queue (state = after it, to name the clerk of a window). */
  fromCommitted(events: readonly DomainEvent[], state: QueueState, at: number): void {
    const staffAt = (window: number) => (state.windows[window]?.staffId ? `staff:${state.windows[window]!.staffId}` : `window:${window}`);
    const numberOf = (id: string) => `ticket:${state.tickets.get(id)?.number ?? id}`;
    for (const e of events) {
      const line = ((): (Omit<AuditEntry, 'at' | 'outcome'> & { outcome?: AuditEntry['outcome'] }) | undefined => {
        switch (e.type) {
          case 'window.opened':
            return { actor: `staff:${e.body.staffId}`, action: 'staff.login', object: `window:${e.body.window}`, detail: { ...(e.body.via ? { via: e.body.via } : {}), ...(e.body.coverFor ? { coverFor: e.body.coverFor } : {}) } };
          case 'window.closed':
            return { actor: e.body.reason === 'idle' ? 'system' : `window:${e.body.window}`, action: e.body.reason === 'idle' ? 'staff.logout-idle' : 'staff.logout', object: `window:${e.body.window}` };
          case 'staff.login-failed':
            return { actor: `staff:${e.body.staffId}`, action: 'staff.login', object: e.body.window !== undefined ? `window:${e.body.window}` : 'hall', outcome: 'failed', detail: { via: e.body.via, reason: e.body.reason, failures: e.body.failures } };
          case 'staff.clocked-in':
            return { actor: `staff:${e.body.staffId}`, action: 'staff.clock-in', object: e.body.window !== undefined ? `window:${e.body.window}` : 'hall', detail: e.body.via ? { via: e.body.via } : {} };
          case 'staff.clocked-out':
            return { actor: `staff:${e.body.staffId}`, action: 'staff.clock-out', object: e.body.window !== undefined ? `window:${e.body.window}` : 'hall', detail: e.body.via ? { via: e.body.via } : {} };
          case 'staff.presence':
            return { actor: `staff:${e.body.by}`, action: 'staff.presence', object: `staff:${e.body.staffId}`, detail: { status: e.body.status, ...(e.body.note ? { note: e.body.note } : {}) } };
          case 'followup.opened':
            return { actor: 'system', action: 'followup.open', object: `case:${e.body.caseId}`, detail: { ticket: e.body.number, window: e.body.window, level: e.body.level, due: e.body.due } };
          case 'followup.reviewed':
          case 'followup.rectified':
          case 'followup.replied':
          case 'followup.called-back':
          case 'followup.appealed':
          case 'followup.appeal-decided':
          case 'followup.closed': {
            const { caseId, by, at: _at, ...detail } = e.body as { caseId: string; by: string; at: number } & Record<string, unknown>;
            return { actor: `staff:${by}`, action: e.type.replace('followup.', 'followup.'), object: `case:${caseId}`, detail };
          }
          case 'window.paused':
            return { actor: staffAt(e.body.window), action: 'window.pause', object: `window:${e.body.window}`, detail: { reason: e.body.reason } };
          case 'window.resumed':
            return { actor: staffAt(e.body.window), action: 'window.resume', object: `window:${e.body.window}` };
          case 'ticket.called':
            return { actor: e.body.staffId ? `staff:${e.body.staffId}` : staffAt(e.body.window), action: e.body.specific ? 'ticket.call-specific' : 'ticket.call', object: numberOf(e.body.ticketId), detail: { window: e.body.window, priority: e.body.priority } };
          case 'ticket.recalled':
            return { actor: staffAt(e.body.window), action: 'ticket.recall', object: numberOf(e.body.ticketId), detail: { window: e.body.window } };
          case 'ticket.skipped':
            return { actor: staffAt(e.body.window), action: e.body.to === 'abandoned' ? 'ticket.abandon' : 'ticket.suspend', object: numberOf(e.body.ticketId), detail: { window: e.body.window } };
          case 'ticket.transferred':
            return { actor: staffAt(e.body.window), action: 'ticket.transfer', object: numberOf(e.body.ticketId), detail: { window: e.body.window, ...(e.body.toService ? { toService: e.body.toService } : {}), ...(e.body.toWindow ? { toWindow: e.body.toWindow } : {}) } };
          case 'ticket.rejoined':
            return { actor: 'token', action: 'ticket.rejoin', object: numberOf(e.body.ticketId) };
          case 'ticket.marked-green':
            return { actor: `staff:${e.body.staffId}`, action: 'ticket.mark-green', object: numberOf(e.body.ticketId), detail: { reason: e.body.reason } };
          case 'help.acknowledged':
            return { actor: e.body.staffId ? `staff:${e.body.staffId}` : `window:${e.body.window}`, action: 'help.acknowledge', object: `help:${state.help[e.body.requestId]?.terminal ?? e.body.requestId}`, detail: { window: e.body.window } };
          case 'help.closed':
            return e.body.by === 'window' && e.body.window !== undefined ? { actor: staffAt(e.body.window), action: 'help.close', object: `help:${state.help[e.body.requestId]?.terminal ?? e.body.requestId}`, detail: { window: e.body.window } } : undefined;
          case 'appointment.cancelled':
            return { actor: 'token', action: 'appointment.cancel', object: `booking:${e.body.bookingId}` };
          default:
            return undefined;
        }
      })();
      if (line) this.record({ outcome: 'ok', ...line, at });
    }
  }

  /** A request the API refused: bad or missing tokens, logins that failed, window operations refused. */
  fromRefused(r: RefusedRequest): void {
    const w = /^\/api\/v1\/windows\/(\d+)\/([a-z-]+)$/.exec(r.path);
    if (r.status === 401 || r.status === 403) {
      this.record({ actor: r.status === 403 ? 'token' : 'anonymous', action: 'api.refused', object: `${r.method} ${r.path.slice(0, 120)}`, outcome: 'refused', detail: { status: r.status, code: r.code } });
    } else if (w) {
      this.record({ actor: `window:${w[1]}`, action: w[2] === 'login' ? 'staff.login' : `window.${w[2]}`, object: `window:${w[1]}`, outcome: 'failed', detail: { status: r.status, code: r.code } });
    }
  }
}
