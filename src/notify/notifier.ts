/**
 * B12 on the hall server, which sees every call: after each commit the notices it makes due (notices.ts) go
 * into the durable outbox (store/notify-outbox.ts) with their words, and the outbox is sent through the gateway,
 * with retries doubling from `retry.minMs` to `retry.maxMs`. A notice that could not go out within
 * `maxAgeMinutes`, or whose ticket is no longer waiting (issued, near), is dropped as expired rather than sent late.
 */
import type { HallConfig } from '../core/config';
import type { DomainEvent, QueueState } from '../core/types';
import type { RawNotifications } from '../config/raw';
import type { NotifyOutbox, NoticeRow } from '../store/notify-outbox';
import type { Logger } from '../util/log';
import type { ContactBook } from './contacts';
import type { NotifyGateway } from './gateway';
import { dueNotices, renderNotice } from './notices';
import { PumpLoop } from '../util/pump-loop';

export interface NotifierDeps {
  config: HallConfig;
  policy: RawNotifications;
  outbox: NotifyOutbox;
  contacts: ContactBook;
  gateway: NotifyGateway;
  snapshot(): QueueState;
  now: () => number;
  log: Logger;
}

export class Notifier {
  private readonly loop = new PumpLoop(
    () => this.pump(),
    () => {
      const next = this.d.outbox.nextDueAt();
      return next === undefined ? undefined : next - this.d.now();
    },
  );
  readonly stats = { queued: 0, sent: 0, retries: 0, failed: 0, expired: 0 };

  constructor(private readonly d: NotifierDeps) {}

  start(): void {
    this.loop.kick();
  }

  committed(events: readonly DomainEvent[], state: QueueState, previous: QueueState): void {
    const due = dueNotices(events, state, previous, this.d.config, this.d.policy, this.d.now());
    if (!due.length) return;
    const now = this.d.now();
    for (const n of due) {
      if (this.d.outbox.has(n.id)) continue;
      const r = renderNotice(this.d.policy.texts[n.kind], n.vars);
      const text = r.ok ? r.text : '';
      if (this.d.outbox.add({ ...n, text }, now)) this.stats.queued++;
      if (!r.ok) {
        this.d.outbox.fail(n.id, r.error, now);
        this.d.log.error('notice not sent: its words would carry an ID number', { ticket: n.number, kind: n.kind });
      }
    }
    this.loop.kick();
  }

  drain(): Promise<void> {
    return this.loop.drain();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async pump(): Promise<void> {
    for (;;) {
      if (this.loop.stopped) return;
      const [row] = this.d.outbox.due(this.d.now(), 1);
      if (!row) return;
      if (!(await this.sendOne(row))) return;
    }
  }

  /** False when the gateway asked to retry later (the pump then waits). */
  private async sendOne(row: NoticeRow): Promise<boolean> {
    const now = this.d.now();
    if (now - row.createdAt > this.d.policy.maxAgeMinutes * 60_000) {
      this.stats.expired++;
      this.d.outbox.expire(row.id, `not sent within ${this.d.policy.maxAgeMinutes} minutes`);
      return true;
    }
    const t = this.d.snapshot().tickets.get(row.ticketId);
    if (row.kind !== 'called' && t?.status !== 'waiting') {
      this.stats.expired++;
      this.d.outbox.expire(row.id, 'the ticket is no longer waiting');
      return true;
    }
    const phone = this.d.contacts.phoneOf(row.ticketId);
    if (!phone) {
      this.stats.failed++;
      this.d.outbox.fail(row.id, 'no phone number (purged)', now);
      return true;
    }
    let r;
    try {
      r = await this.d.gateway.send({ key: row.id, kind: row.kind, phone, text: row.text, params: row.vars, ticketNumber: row.number }, this.loop.signal);
    } catch (err) {
      r = { ok: false as const, retry: true, error: (err as Error).message };
    }
    if (this.loop.stopped && !r.ok) return false;
    const at = this.d.now();
    if (r.ok) {
      this.stats.sent++;
      this.d.outbox.sent(row.id, at);
      return true;
    }
    if (r.retry) {
      this.stats.retries++;
      const wait = Math.min(this.d.policy.retry.maxMs, this.d.policy.retry.minMs * 2 ** Math.min(row.attempts, 20));
      this.d.outbox.retry(row.id, at + wait, r.error);
      this.d.log.warn('notice not delivered; retrying', { ticket: row.number, kind: row.kind, inMs: wait, error: r.error });
      return false;
    }
    this.stats.failed++;
    this.d.outbox.fail(row.id, r.error, at);
    this.d.log.error('notice refused by the gateway', { ticket: row.number, kind: row.kind, error: r.error });
    return true;
  }
}
