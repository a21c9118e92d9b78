/**
 * What screens and display topics see: a snapshot without personal data (B14, C3). Staff screens may
 * ask for the waiting list, which carries masked IDs and surname-only names, never a full ID number.
 */
import { skillTier, type HallConfig } from './config';
import { own } from './own';
import { candidates } from './policy';
import type { QueueState, Ticket } from './types';
import type { CallView, QueueView, ServiceView, TicketView, WindowView } from '../contract/views';

export type { CallView, QueueView, ServiceView, TicketView, WindowView };

export function ticketView(t: Ticket): TicketView {
  return {
    id: t.id,
    number: t.number,
    service: t.service,
    status: t.status,
    issuedAt: t.issuedAt,
    green: !!t.green,
    appointment: !!t.appointment,
    transferred: t.transfers > 0,
    ...(t.nameMasked ? { nameMasked: t.nameMasked } : {}),
    ...(t.idMasked ? { idMasked: t.idMasked } : {}),
    ...(t.reservedFor !== undefined && t.status === 'waiting' ? { reservedFor: t.reservedFor } : {}),
  };
}

export function queueView(state: QueueState, config: HallConfig, recentCalls: CallView[] = []): QueueView {
  // One pass over the day's tickets (a busy day has thousands; this runs on every commit someone watches).
  const waitingBy = new Map<string, number>();
  const totals = { issued: 0, waiting: 0, served: 0, abandoned: 0 };
  const heldAt = new Map<number, Array<{ id: string; number: string }>>();
  for (const t of state.tickets.values()) {
    totals.issued += 1;
    if (t.status === 'suspended' && t.window !== undefined) {
      const list = heldAt.get(t.window) ?? [];
      list.push({ id: t.id, number: t.number });
      heldAt.set(t.window, list);
    }
    if (t.status === 'waiting') {
      totals.waiting += 1;
      waitingBy.set(t.service, (waitingBy.get(t.service) ?? 0) + 1);
    } else if (t.status === 'done') totals.served += 1;
    else if (t.status === 'abandoned' || t.status === 'expired') totals.abandoned += 1;
  }
  const services = config.services.map((s): ServiceView => {
    const waiting = waitingBy.get(s.id) ?? 0;
    const openWindows = config.windows.filter((w) => skillTier(w, s.id) === 1 && state.windows[w.no]?.status === 'open').length;
    return {
      id: s.id,
      prefix: s.prefix,
      name: s.name,
      nameEn: s.nameEn,
      category: s.category,
      scenes: s.scenes,
      idRequired: s.idRequired,
      waiting,
      estimatedWaitMin: openWindows > 0 ? Math.round((waiting * s.meanServiceMin) / openWindows) : null,
      openWindows,
    };
  });
  const windows = config.windows.map((w): WindowView => {
    const ws = state.windows[w.no];
    const cur = ws?.current ? state.tickets.get(ws.current) : undefined;
    const fin = ws?.lastFinished ? state.tickets.get(ws.lastFinished) : undefined;
    return {
      no: w.no,
      label: w.label,
      kind: w.kind,
      status: ws?.status ?? 'closed',
      ...(ws?.staffId ? { staffId: ws.staffId } : {}),
      ...(ws?.coverFor && ws.status !== 'closed' ? { coverFor: ws.coverFor } : {}),
      ...(ws?.pauseReason ? { pauseReason: ws.pauseReason } : {}),
      ...(cur
        ? { current: { id: cur.id, number: cur.number, service: cur.service, status: cur.status, callCount: cur.callCount, green: !!cur.green, ...(cur.calledAt ? { calledAt: cur.calledAt } : {}) } }
        : {}),
      ...(fin && !own(state.ratings, fin.id) ? { awaitingRating: { id: fin.id, number: fin.number } } : {}),
      ...(heldAt.has(w.no) ? { held: heldAt.get(w.no)! } : {}),
    };
  });
  return {
    hall: { id: config.hall.id, name: config.hall.name, nameEn: config.hall.nameEn, timezone: config.hall.timezone },
    day: state.day,
    services,
    windows,
    recentCalls,
    totals,
  };
}

/** The waiting list a counter sees: tickets this window may call, in the order it would call them. */
export function windowQueue(state: QueueState, config: HallConfig, windowNo: number, at: number): TicketView[] {
  const w = config.windows.find((x) => x.no === windowNo);
  if (!w) return [];
  return candidates(state, w, at, config).map((c) => ticketView(c.ticket));
}

/** The windows that serve a service first (tier 1), as a ticket or a notice names them: "1、2、3号窗口". */
export function windowHint(config: HallConfig, service: string): string {
  const nos = config.windows.filter((w) => skillTier(w, service) === 1).map((w) => w.no);
  if (nos.length === 0) return '';
  return nos.length > 4 ? `${nos[0]}–${nos[nos.length - 1]}号窗口等` : `${nos.join('、')}号窗口`;
}
