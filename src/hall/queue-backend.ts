/**
 * The local API's view of a QueueService: turns HTTP requests into commands, ID numbers into a keyed hash
 * plus a sealed copy (never stored in clear), committed events into WebSocket deltas.
 */
import { skillTier, type HallConfig } from '../core/config';
import { own } from '../core/own';
import { parseIdNumber } from '../core/idnumber';
import { maskIdNumber, maskName } from '../core/mask';
import { aheadOf } from '../core/policy';
import type { Command, DomainError, DomainEvent, GreenReason, RatingLevel } from '../core/types';
import { RATING_LEVELS } from '../core/evaluation';
import { dayStats } from '../core/stats';
import { queueView, ticketView, windowQueue, type CallView } from '../core/view';
import type { ApiBackend, BookRequest, BookingView, CheckInRequest, CheckedIn, DeviceStatus, IssueRequest, IssuedTicket, PublicTicket, QueueDelta, StaffCard, WindowOp, TerminalConnection } from '../api/backend';
import { findBooking, lateCheckInWords } from '../core/appointments';
import { localTime } from '../core/time';
import type { QueueState, Ticket } from '../core/types';
import { bookingView, newCheckInCode, parseSlotStart, publicTicket } from './appointment-views';
import type { StaffDirectory } from './staff-directory';
import type { DeviceHub, DeviceMessage } from '../devices/hub';
import type { DemoDevices } from '../devices/demo';
import { buildTicketLayout } from '../../drivers/ticket/template';
import { PrinterError } from '../../drivers/printer/service';
import { HttpError, fields } from '../api/http';
import type { PiiVault } from '../store/pii';
import { uuidv7 } from '../store/uuidv7';
import type { ExecuteOptions, QueueService } from './queue-service';

const RECENT_CALLS = 12;

export interface QueueBackendDeps {
  config: HallConfig;
  queue: QueueService;
  vault: PiiVault;
  info: { dev: string; role: string; version: string };
  now: () => number;
  /** The address printed on a ticket as a QR, to follow the queue on a phone. */
  followUrl: (ticketId: string) => string;
  /** The devices of the terminals this node drives (demo: every terminal's emulated devices). */
  hub?: DeviceHub;
  /** Demo only: the emulators behind the hub. */
  demo?: DemoDevices;
  /** The staff directory behind GET /api/v1/staff/{id}. */
  staff?: StaffDirectory;
}

function toHttp(e: DomainError): HttpError {
  return new HttpError(e.status, e.code, e.message, e.existingTicket ? { existingTicket: e.existingTicket } : {});
}

/** What the hall server's sync layer knows about its terminals. */
export interface RemoteTerminals {
  terminals(): TerminalConnection[];
  devices(): DeviceStatus[];
}

export class QueueBackend implements ApiBackend {
  private remote: RemoteTerminals | undefined;
  private sseq = 0;
  private recent: CallView[] = [];
  private readonly listeners = new Set<(d: QueueDelta) => void>();
  private readonly startedAt: number;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: QueueBackendDeps) {
    this.startedAt = deps.now();
    this.recent = recentCallsFrom(deps.queue.snapshot());
    this.unsubscribe = deps.queue.onCommitted(({ envelopes, state, previous }) => {
      this.sseq += 1;
      const events = envelopes.map((e) => ({ type: e.type, body: e.body }) as DomainEvent);
      const calls: CallView[] = [];
      for (const e of events) {
        if (e.type === 'ticket.called' || e.type === 'ticket.recalled') {
          const t = state.tickets.get(e.body.ticketId);
          if (t) calls.push({ ticketId: t.id, number: t.number, window: e.body.window, at: e.body.at, callCount: t.callCount });
        }
        if (e.type === 'day.opened') this.recent = [];
      }
      this.recent = [...calls.reverse(), ...this.recent].slice(0, RECENT_CALLS);
      if (this.listeners.size === 0) return; // nobody to tell: skip building the delta
      const view = queueView(state, deps.config, this.recent);
      const before = queueView(previous, deps.config);
      const delta: QueueDelta = {
        type: 'delta',
        sseq: this.sseq,
        calls,
        windows: view.windows.filter((w, i) => JSON.stringify(w) !== JSON.stringify(before.windows[i])),
        services: view.services.filter((s, i) => JSON.stringify(s) !== JSON.stringify(before.services[i])),
        totals: view.totals,
      };
      for (const l of [...this.listeners]) l(delta);
    });
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  info() {
    return { hall: this.deps.config.hall.id, ...this.deps.info, startedAt: this.startedAt };
  }

  view() {
    return { ...queueView(this.deps.queue.snapshot(), this.deps.config, this.recent), sseq: this.sseq };
  }

  stats() {
    return dayStats(this.deps.queue.snapshot(), this.deps.config);
  }

  windowQueue(no: number) {
    if (!this.deps.config.windows.some((w) => w.no === no)) throw new HttpError(404, 'unknown-window', `没有 ${no} 号窗口 / no window ${no}`);
    return windowQueue(this.deps.queue.snapshot(), this.deps.config, no, this.deps.now());
  }

  devices(): DeviceStatus[] {
    return [...(this.deps.hub?.status() ?? []), ...(this.remote?.devices() ?? [])];
  }

  /** The terminals heard over MQTT (hall server with sync); absent on a stand-alone node. */
  terminals(): TerminalConnection[] {
    return this.remote?.terminals() ?? [];
  }

  /** Lets the sync layer report the terminals and the devices they told the hall about. */
  attachRemote(remote: RemoteTerminals): void {
    this.remote = remote;
  }

  onDeviceMessage(listener: (m: DeviceMessage) => void): () => void {
    return this.deps.hub ? this.deps.hub.onMessage(listener) : () => undefined;
  }

  demoControl(terminal: string, kind: string, words: string[]): string {
    if (!this.deps.demo) throw new HttpError(404, 'not-demo', '只有演示模式可以控制模拟设备 / emulated devices can only be driven in the demo');
    return this.deps.demo.control(terminal, kind, words);
  }

  onDelta(listener: (d: QueueDelta) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private run(cmd: Command, pii?: { ticketId: string; sealed: string }[]) {
    return this.runWith(cmd, pii ? { pii } : {});
  }

  private runWith(cmd: Command, opts: ExecuteOptions) {
    const r = this.deps.queue.execute(cmd, opts);
    if (!r.ok) throw toHttp(r.error);
    return r.state;
  }

  /** C2: validates an ID number; the clear number leaves only as a keyed hash, a mask and a sealed copy. */
  private identify(idNumber: string) {
    const parsed = parseIdNumber(idNumber);
    if (!parsed.ok) throw new HttpError(422, parsed.error.code, parsed.error.message);
    const { vault } = this.deps;
    return { idHash: vault.hashId(parsed.info.value), idMasked: maskIdNumber(parsed.info.value), birthDate: parsed.info.birthDate, sealed: vault.seal(parsed.info.value) };
  }

  /** The card read at a terminal's reader: used once, then forgotten (C9). */
  private takeCard(session: string) {
    const card = this.deps.hub?.takeCard(session);
    if (!card) throw new HttpError(409, 'card-expired', '读卡信息已失效，请重新刷身份证 / the card reading has expired: please swipe the ID card again');
    return card;
  }

  async issue(req: IssueRequest): Promise<IssuedTicket> {
    const { now } = this.deps;
    const ticketId = uuidv7(now());
    let idPart: Partial<Extract<Command, { type: 'issue' }>> = {};
    let pii: { ticketId: string; sealed: string }[] | undefined;
    let idNumber = req.idNumber;
    let name = req.name;
    if (req.card !== undefined) {
      if (idNumber !== undefined) throw new HttpError(422, 'bad-field', '"card" 与 "idNumber" 只能二选一 / give either card or idNumber');
      const card = this.takeCard(req.card);
      idNumber = card.idNumber;
      name = card.name;
    }
    if (idNumber !== undefined) {
      const { sealed, ...id } = this.identify(idNumber);
      idPart = id;
      pii = [{ ticketId, sealed }];
    }
    const state = this.run(
      {
        type: 'issue',
        at: now(),
        dev: this.deps.info.dev,
        ticketId,
        service: req.service,
        channel: req.channel ?? 'kiosk',
        ...idPart,
        ...(name ? { nameMasked: maskName(name) } : {}),
      },
      pii,
    );
    return this.issued(state, state.tickets.get(ticketId)!, req.terminal, '请留意叫号，过号请到咨询台 / Watch the screens; if you miss your call, ask at the help desk');
  }

  /** The ticket as the kiosk shows it, printed on the terminal's printer when it has one. */
  private async issued(state: QueueState, t: Ticket, terminal: string | undefined, note: string): Promise<IssuedTicket> {
    const { config, now } = this.deps;
    const svc = config.services.find((s) => s.id === t.service)!;
    const openWindows = config.windows.filter((w) => skillTier(w, t.service) === 1 && state.windows[w.no]?.status === 'open').length;
    const ahead = aheadOf(state, t, now(), config);
    const issued: IssuedTicket = {
      id: t.id,
      number: t.number,
      service: t.service,
      serviceName: svc.name,
      ahead,
      estimatedWaitMin: Math.round((ahead * svc.meanServiceMin) / Math.max(1, openWindows)),
      issuedAt: t.issuedAt,
      green: !!t.green,
      followUrl: this.deps.followUrl(t.id),
    };
    const printer = terminal ? this.deps.hub?.printer(terminal) : undefined;
    if (!printer) return issued;
    // The number is spent whatever the printer does: a failed print leaves the ticket valid, shown on screen.
    try {
      await printer.printTicket(
        buildTicketLayout({
          hallName: config.hall.name,
          hallNameEn: config.hall.nameEn,
          number: t.number,
          serviceName: svc.name,
          serviceNameEn: svc.nameEn,
          ahead,
          issuedAt: t.issuedAt,
          qrUrl: issued.followUrl,
          green: !!t.green,
          windowHint: windowHint(config, t.service),
          note,
        }),
      );
      return { ...issued, print: { ok: true } };
    } catch (err) {
      const code = err instanceof PrinterError ? err.code : 'print-failed';
      return { ...issued, print: { ok: false, code, message: err instanceof Error ? err.message : String(err) } };
    }
  }

  // ---- B11 appointments --------------------------------------------------------------------------------------

  /** Help-desk booking or an import from the platform / 12345: the ID is validated, hashed and sealed like a ticket's. */
  book(req: BookRequest): BookingView {
    const { config, now } = this.deps;
    const slotStart = parseSlotStart(req.slotStart, config.hall.timezone);
    const bookingId = uuidv7(now());
    const { sealed, birthDate: _b, ...id } = this.identify(req.idNumber);
    const state = this.runWith(
      { type: 'book', at: now(), bookingId, code: newCheckInCode(), service: req.service, slotStart, ...id, ...(req.name ? { nameMasked: maskName(req.name) } : {}), channel: req.channel ?? 'desk' },
      { bookingPii: [{ bookingId, sealed }] },
    );
    return bookingView(own(state.appointments, bookingId)!, config);
  }

  /** Bookings of a day (default today), masked, in slot order. */
  appointments(day?: string) {
    const { config, now } = this.deps;
    const d = day ?? localTime(now(), config.hall.timezone).date;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new HttpError(422, 'bad-field', '"day" 应为 YYYY-MM-DD / day must be YYYY-MM-DD');
    const list = Object.values(this.deps.queue.snapshot().appointments)
      .filter((b) => b.day === d)
      .sort((a, b) => a.slotStart - b.slotStart || (a.id < b.id ? -1 : 1));
    return { day: d, appointments: list.map((b) => bookingView(b, config)) };
  }

  cancelBooking(ref: string): BookingView {
    const state = this.run({ type: 'cancel-booking', at: this.deps.now(), booking: ref });
    const b = findBooking(state, ref);
    return bookingView(b!, this.deps.config);
  }

  /** Kiosk check-in by ID swipe (card session) or booking QR (id or code): the ticket, printed like any other. */
  async checkIn(req: CheckInRequest): Promise<CheckedIn> {
    const { config, now } = this.deps;
    if ((req.card === undefined) === (req.code === undefined)) throw new HttpError(422, 'bad-field', '请刷身份证或扫描预约二维码（"card" 与 "code" 二选一）/ give either card or code');
    const ticketId = uuidv7(now());
    let who: { idHash?: string; birthDate?: string } = {};
    let pii: { ticketId: string; sealed: string }[] | undefined;
    if (req.card !== undefined) {
      const { sealed, idHash, birthDate } = this.identify(this.takeCard(req.card).idNumber);
      who = { idHash, birthDate };
      pii = [{ ticketId, sealed }];
    }
    const state = this.run({ type: 'check-in', at: now(), dev: this.deps.info.dev, ticketId, ...(req.code !== undefined ? { booking: req.code } : {}), ...who }, pii);
    const t = state.tickets.get(ticketId)!;
    const b = Object.values(state.appointments).find((x) => x.ticketId === ticketId)!;
    const view = bookingView(b, config);
    const late = !!b.late;
    const message = late ? lateCheckInWords(b, config) : undefined;
    const note = late ? '预约已超时，按现场号排队 / Booking lapsed: queued as a walk-in' : `预约 ${view.slot} 已签到，优先叫号 / Appointment ${view.slot}: called with priority`;
    const issued = await this.issued(state, t, req.terminal, note);
    return { ...issued, appointment: { bookingId: b.id, service: b.service, slot: view.slot, slotStart: b.slotStart, slotEnd: b.slotEnd, priority: !late, late, ...(message ? { message } : {}) } };
  }

  ticket(id: string): PublicTicket {
    const state = this.deps.queue.snapshot();
    const t = state.tickets.get(id);
    if (!t) throw new HttpError(404, 'unknown-ticket', '今日没有这张号票（号票只在当天有效）/ no such ticket today (tickets are valid on their day only)');
    return publicTicket(state, t, this.deps.config, this.deps.now());
  }

  staff(id: string): StaffCard {
    const s = this.deps.staff?.get(id);
    if (!s) throw new HttpError(404, 'unknown-staff', `没有工号 ${id} 的人员信息 / no staff entry for ${id}`);
    return s;
  }

  rejoin(ref: string) {
    const state = this.run({ type: 'rejoin', at: this.deps.now(), ticket: ref });
    const t = state.tickets.get(ref) ?? [...state.tickets.values()].find((x) => x.number === ref.toUpperCase());
    return ticketView(t!);
  }

  window(no: number, op: WindowOp, body: Record<string, unknown>) {
    const at = this.deps.now();
    let cmd: Command;
    switch (op) {
      case 'login': {
        const f = fields(body, { staffId: 'string' }, ['staffId']);
        cmd = { type: 'login', at, window: no, staffId: f.staffId! };
        break;
      }
      case 'pause': {
        const f = fields(body, { reason: 'string' });
        cmd = { type: 'pause', at, window: no, ...(f.reason ? { reason: f.reason } : {}) };
        break;
      }
      case 'call': {
        const f = fields(body, { ticket: 'string' }, ['ticket']);
        cmd = { type: 'call-ticket', at, window: no, ticket: f.ticket! };
        break;
      }
      case 'transfer': {
        const f = fields(body, { toService: 'string', toWindow: 'number' });
        cmd = { type: 'transfer', at, window: no, ...(f.toService !== undefined ? { toService: f.toService } : {}), ...(f.toWindow !== undefined ? { toWindow: f.toWindow } : {}) };
        break;
      }
      case 'rating': {
        const f = fields(body, { level: 'string', reasons: 'string[]', text: 'string', ticket: 'string' }, ['level']);
        if (!RATING_LEVELS.includes(f.level as RatingLevel)) throw new HttpError(422, 'bad-field', `level 应为 ${RATING_LEVELS.join('|')} / level must be one of ${RATING_LEVELS.join(', ')}`);
        cmd = { type: 'rate', at, window: no, level: f.level as RatingLevel, ...(f.reasons ? { reasons: f.reasons } : {}), ...(f.text ? { text: f.text } : {}), ...(f.ticket ? { ticket: f.ticket } : {}) };
        break;
      }
      default:
        fields(body, {});
        cmd = { type: op, at, window: no } as Command;
    }
    const before = this.deps.queue.snapshot().windows[no]?.current;
    const state = this.run(cmd);
    const view = queueView(state, this.deps.config).windows.find((w) => w.no === no)!;
    const ticketId = state.windows[no]?.current ?? before;
    const t = ticketId ? state.tickets.get(ticketId) : undefined;
    return { window: view, ...(t ? { ticket: ticketView(t) } : {}) };
  }

  /** Staff marks a waiting ticket green (B6), audited through the event log. */
  markGreen(ticket: string, reason: GreenReason, staffId: string, note: string) {
    this.run({ type: 'mark-green', at: this.deps.now(), ticket, reason, staffId, note });
  }
}

function windowHint(config: HallConfig, service: string): string {
  const nos = config.windows.filter((w) => skillTier(w, service) === 1).map((w) => w.no);
  if (nos.length === 0) return '';
  return nos.length > 4 ? `${nos[0]}–${nos[nos.length - 1]}号窗口等` : `${nos.join('、')}号窗口`;
}

function recentCallsFrom(state: ReturnType<QueueService['snapshot']>): CallView[] {
  return [...state.tickets.values()]
    .filter((t) => t.calledAt !== undefined && t.window !== undefined)
    .sort((a, b) => b.calledAt! - a.calledAt!)
    .slice(0, RECENT_CALLS)
    .map((t) => ({ ticketId: t.id, number: t.number, window: t.window!, at: t.calledAt!, callCount: t.callCount }));
}
