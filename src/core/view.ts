/**
 * What screens and display topics see: a snapshot without personal data (B14, C3). Staff screens may
 * ask for the waiting list, which carries masked IDs and surname-only names, never a full ID number.
 */
import { skillTier, type HallConfig } from './config';
import { own } from './own';
import { candidates } from './policy';
import type { QueueState, Ticket, TicketStatus, WindowStatus } from './types';

export interface ServiceView {
  id: string;
  prefix: string;
  name: string;
  nameEn: string;
  category: string;
  scenes: string[];
  idRequired: boolean;
  waiting: number;
  /** Minutes a ticket taken now would wait, roughly (waiting × mean service ÷ open windows). */
  estimatedWaitMin: number;
  openWindows: number;
}

export interface WindowView {
  no: number;
  label: string;
  kind: string;
  status: WindowStatus;
  staffId?: string;
  pauseReason?: string;
  current?: { id: string; number: string; service: string; status: TicketStatus; callCount: number; calledAt?: number; green: boolean };
  /** A finished ticket the window's evaluator may still rate. */
  awaitingRating?: { id: string; number: string };
}

export interface CallView {
  ticketId: string;
  number: string;
  window: number;
  at: number;
  callCount: number;
}

export interface QueueView {
  /** `timezone` (IANA): screens show every date and time in the hall's zone, not the browser's. */
  hall: { id: string; name: string; nameEn: string; timezone: string };
  day: string;
  services: ServiceView[];
  windows: WindowView[];
  /** Most recent calls first (recalls included). */
  recentCalls: CallView[];
  totals: { issued: number; waiting: number; served: number; abandoned: number };
}

export interface TicketView {
  id: string;
  number: string;
  service: string;
  status: TicketStatus;
  issuedAt: number;
  green: boolean;
  appointment: boolean;
  transferred: boolean;
  nameMasked?: string;
  idMasked?: string;
}

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
  };
}

export function queueView(state: QueueState, config: HallConfig, recentCalls: CallView[] = []): QueueView {
  const tickets = [...state.tickets.values()];
  const services = config.services.map((s): ServiceView => {
    const waiting = tickets.filter((t) => t.status === 'waiting' && t.service === s.id).length;
    const openWindows = config.windows.filter((w) => skillTier(w, s.id) === 1 && state.windows[w.no]?.status === 'open').length;
    const perWindow = openWindows > 0 ? openWindows : 1;
    return {
      id: s.id,
      prefix: s.prefix,
      name: s.name,
      nameEn: s.nameEn,
      category: s.category,
      scenes: s.scenes,
      idRequired: s.idRequired,
      waiting,
      estimatedWaitMin: Math.round((waiting * s.meanServiceMin) / perWindow),
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
      ...(ws?.pauseReason ? { pauseReason: ws.pauseReason } : {}),
      ...(cur
        ? { current: { id: cur.id, number: cur.number, service: cur.service, status: cur.status, callCount: cur.callCount, green: !!cur.green, ...(cur.calledAt ? { calledAt: cur.calledAt } : {}) } }
        : {}),
      ...(fin && !own(state.ratings, fin.id) ? { awaitingRating: { id: fin.id, number: fin.number } } : {}),
    };
  });
  return {
    hall: { id: config.hall.id, name: config.hall.name, nameEn: config.hall.nameEn, timezone: config.hall.timezone },
    day: state.day,
    services,
    windows,
    recentCalls,
    totals: {
      issued: tickets.length,
      waiting: tickets.filter((t) => t.status === 'waiting').length,
      served: tickets.filter((t) => t.status === 'done').length,
      abandoned: tickets.filter((t) => t.status === 'abandoned' || t.status === 'expired').length,
    },
  };
}

/** The waiting list a counter sees: tickets this window may call, in the order it would call them. */
export function windowQueue(state: QueueState, config: HallConfig, windowNo: number, at: number): TicketView[] {
  const w = config.windows.find((x) => x.no === windowNo);
  if (!w) return [];
  return candidates(state, w, at, config).map((c) => ticketView(c.ticket));
}
