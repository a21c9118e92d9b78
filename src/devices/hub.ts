/**
 * The devices of the terminals a node drives: their health for `GET /api/v1/devices`, and their events
 * for the screens. An ID card read at a reader becomes a short-lived *card session*: screens get the
 * masked fields and a session id; the clear number stays here and is used once to issue a ticket (C1, C9).
 */
import crypto from 'node:crypto';
import type { DeviceService } from '../../drivers/health';
import type { IdCardEvent } from '../../drivers/idcard/service';
import type { Scan } from '../../drivers/scanner/codec';
import type { PrinterService } from '../../drivers/printer/service';
import type { DeviceMessage, DeviceStatus } from '../contract/devices';
import { ageOn } from '../core/idnumber';
import { maskIfIdNumber, maskName } from '../core/mask';
import type { Logger } from '../util/log';

export type { DeviceMessage };

export interface CardSession {
  terminal: string;
  idNumber: string;
  name: string;
  birthDate: string;
  at: number;
}

/** Card data lives this long if no ticket is taken with it (C9). */
export const CARD_SESSION_TTL_MS = 90_000;

interface Entry {
  terminal: string;
  service: DeviceService;
}

export class DeviceHub {
  private readonly entries: Entry[] = [];
  private readonly sessions = new Map<string, CardSession>();
  private readonly listeners = new Set<(m: DeviceMessage) => void>();
  private readonly offs: Array<() => void> = [];
  private readonly cardReaders = new Set<(terminal: string, card: IdCardEvent, reader: string) => void>();
  /** Readers that belong to something else than the screen (the room's door): `${terminal}/${id}` → use. */
  private readonly reserved = new Map<string, NonNullable<DeviceStatus['use']>>();

  constructor(private readonly deps: { now: () => number; today: () => string; log: Logger }) {}

  add(terminal: string, service: DeviceService): void {
    this.entries.push({ terminal, service });
    this.offs.push(service.onHealth(() => this.emit({ type: 'devices', devices: this.status() })));
    const s = service as unknown as { onCard?: (l: (c: IdCardEvent) => void) => () => void; on?: (e: string, l: (x: never) => void) => void; off?: (e: string, l: (x: never) => void) => void };
    if (service.kind === 'idcard' && s.onCard) this.offs.push(s.onCard((card) => this.onCard(terminal, card, service.id)));
    if (service.kind === 'scanner' && s.on && s.off) {
      const l = (scan: Scan) => this.emit({ type: 'scan', terminal, code: maskIfIdNumber(scan.code), symbology: scan.symbology });
      s.on('scan', l as never);
      this.offs.push(() => s.off!('scan', l as never));
    }
    if (service.kind === 'evaluator' && s.on && s.off) {
      const l = (r: { level: string }) => this.emit({ type: 'rating-key', terminal, level: r.level });
      s.on('rating', l as never);
      this.offs.push(() => s.off!('rating', l as never));
    }
  }

  async start(): Promise<void> {
    for (const e of this.entries) {
      await e.service.start().catch((err: unknown) => this.deps.log.warn('device failed to start', { terminal: e.terminal, device: e.service.id, err: (err as Error).message }));
    }
  }

  async stop(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    for (const e of this.entries) await e.service.stop().catch(() => undefined);
    this.sessions.clear();
    this.listeners.clear();
    this.cardReaders.clear();
  }

  status(): DeviceStatus[] {
    return this.entries.map((e) => {
      const use = this.reserved.get(`${e.terminal}/${e.service.id}`);
      return { terminal: e.terminal, id: e.service.id, kind: e.service.kind, health: e.service.health(), ...(use ? { use } : {}) };
    });
  }

  /**
   * Gives a reader to a node-side consumer (the room's door): its cards reach onCardRead listeners only —
   * never a screen's card session — and the device list says what it is used for.
   */
  reserveReader(terminal: string, id: string, use: NonNullable<DeviceStatus['use']>): void {
    this.reserved.set(`${terminal}/${id}`, use);
    // A door reader opens only for a card presented now, not one left on it across a restart.
    const svc = this.byId(terminal, id) as (DeviceService & { requireFreshCard?: () => void }) | undefined;
    svc?.requireFreshCard?.();
  }

  onMessage(listener: (m: DeviceMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Node-side consumers of every card read (the room door), with the reader's device id; screens get masked `card` messages instead. */
  onCardRead(listener: (terminal: string, card: IdCardEvent, reader: string) => void): () => void {
    this.cardReaders.add(listener);
    return () => this.cardReaders.delete(listener);
  }

  /** Tells the screens about something a device did on behalf of a node-side consumer (e.g. the door opened). */
  announce(m: DeviceMessage): void {
    this.emit(m);
  }

  printer(terminal: string): PrinterService | undefined {
    return this.entries.find((e) => e.terminal === terminal && e.service.kind === 'printer')?.service as PrinterService | undefined;
  }

  service(terminal: string, kind: string): DeviceService | undefined {
    return this.entries.find((e) => e.terminal === terminal && e.service.kind === kind)?.service;
  }

  /** A terminal's device by its id (hall.yaml `id`, default its type). */
  byId(terminal: string, id: string): DeviceService | undefined {
    return this.entries.find((e) => e.terminal === terminal && e.service.id === id)?.service;
  }

  /** Hands the card of a session over exactly once; expired or unknown sessions give undefined. */
  takeCard(session: string): CardSession | undefined {
    this.expire();
    const s = this.sessions.get(session);
    this.sessions.delete(session);
    return s;
  }

  private expire(): void {
    const now = this.deps.now();
    for (const [k, s] of this.sessions) if (now - s.at > CARD_SESSION_TTL_MS) this.sessions.delete(k);
  }

  private onCard(terminal: string, card: IdCardEvent, reader: string): void {
    this.expire();
    for (const l of [...this.cardReaders]) {
      try {
        l(terminal, card, reader);
      } catch (err) {
        this.deps.log.error('card reader listener failed', { terminal, err: (err as Error).message });
      }
    }
    if (this.reserved.has(`${terminal}/${reader}`)) return;
    // One live session per terminal: a new card replaces the previous citizen's.
    for (const [k, s] of this.sessions) if (s.terminal === terminal) this.sessions.delete(k);
    const valid = card.idNumberCheck.ok;
    const session = crypto.randomBytes(12).toString('base64url');
    if (valid) this.sessions.set(session, { terminal, idNumber: card.idNumber, name: card.name, birthDate: card.birthDate, at: this.deps.now() });
    this.emit({
      type: 'card',
      terminal,
      session,
      card: {
        nameMasked: maskName(card.name),
        idMasked: card.idNumberMasked,
        age: /^\d{8}$/.test(card.birthDate) ? ageOn(card.birthDate, this.deps.today()) : -1,
        cardType: card.type,
        valid,
        ...(valid ? {} : { problem: '证件号码校验未通过，请到咨询台人工办理 / the card number did not validate: please go to the help desk' }),
      },
    });
  }

  private emit(m: DeviceMessage): void {
    for (const l of [...this.listeners]) {
      try {
        l(m);
      } catch (err) {
        this.deps.log.error('device listener failed', { type: m.type, err: (err as Error).message });
      }
    }
  }
}
