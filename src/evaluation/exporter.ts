/**
 * A10 on the hall server: every rating the hall commits (its own `rating.submitted`, whether rated at a window's
 * pad, by buttons, or decided from a terminal that was offline) becomes one outbox row with the record the
 * platform needs (A8), and the outbox is sent through the adapter, oldest first, one at a time, with retries
 * doubling from `retry.minMs` to `retry.maxMs`. Durable: the rows live in SQLite and are filled behind a cursor
 * over the hall's log; a restart resumes where it was. Idempotent: one row per rating (its key), and a row once
 * sent is never sent again.
 */
import type { HallConfig } from '../core/config';
import type { EvaluationRecord } from '../core/evaluation';
import type { QueueState, RatingLevel, Ticket } from '../core/types';
import type { EvalOutbox, OutboxRow } from '../store/eval-outbox';
import type { Logger } from '../util/log';
import type { EvaluationAdapter } from './adapter';
import { PumpLoop } from '../util/pump-loop';

export interface RatingBody {
  ticketId: string;
  window: number;
  staffId?: string;
  level: RatingLevel;
  reasons: string[];
  text: string;
  at: number;
  service?: string;
  channel?: 'pad' | 'buttons' | 'hall';
}

export interface RecordSources {
  config: HallConfig;
  regionCode: string;
  deptCode?: string;
  ticket(id: string): Ticket | undefined;
  caseNo(ticketId: string): string | undefined;
  staffName(id: string): string | undefined;
  /** A guide matter (事项) by id: its 实施编码 and name, when the hall's guide has it. */
  matter?(id: string): { code: string; name: string } | undefined;
}

/** A8: the platform's record of one rating (undefined when its ticket is no longer known: nothing to send). */
export function buildRecord(src: RecordSources, r: RatingBody): EvaluationRecord | undefined {
  const t = src.ticket(r.ticketId);
  if (!t) return undefined;
  const svc = src.config.services.find((s) => s.id === (r.service ?? t.service));
  const win = src.config.windows.find((w) => w.no === r.window);
  // 办件编号: the case a clerk opened for this service (at this node, or at the counter — synced with the ticket);
  // the ticket's id when no case was opened. The 事项 of that case names the task when the guide knows it.
  const projectNo = src.caseNo(t.id) ?? t.caseNo ?? t.id;
  const matter = t.matter ? src.matter?.(t.matter) : undefined;
  const taskCode = matter?.code || svc?.taskCode;
  const staffId = r.staffId ?? t.staffId;
  const staffName = staffId ? src.staffName(staffId) : undefined;
  const deptCode = svc?.deptCode ?? src.deptCode;
  return {
    evaluationId: `${projectNo}#1`,
    projectNo,
    handleId: t.id,
    assessNumber: 1,
    hallId: src.config.hall.id,
    areaCode: src.regionCode,
    ...(deptCode ? { deptCode } : {}),
    ...(taskCode ? { taskCode } : {}),
    taskName: matter?.name ?? svc?.name ?? t.service,
    service: t.service,
    ticketNumber: t.number,
    window: r.window,
    windowLabel: win?.label ?? `${r.window}号窗口`,
    ...(staffId ? { staffId } : {}),
    ...(staffName ? { staffName } : {}),
    channel: r.channel ?? 'pad',
    level: r.level,
    reasons: r.reasons,
    text: r.text,
    assessTime: r.at,
    acceptTime: t.issuedAt,
    ...(t.nameMasked ? { evaluatorNameMasked: t.nameMasked } : {}),
  };
}

export interface ExporterDeps {
  outbox: EvalOutbox;
  adapter: EvaluationAdapter;
  /** The hall's device id (its own events are the committed ratings). */
  dev: string;
  sources: RecordSources;
  now: () => number;
  log: Logger;
  retry: { minMs: number; maxMs: number };
}

export class EvaluationExporter {
  // The next run at the outbox's next due row, or within the hour anyway (a periodic fill, in case a commit was
  // missed while the pump was busy).
  private readonly loop = new PumpLoop(
    () => this.pump(),
    () => {
      const next = this.d.outbox.nextDueAt();
      return next === undefined ? 3_600_000 : next - this.d.now();
    },
  );
  readonly stats = { attempts: 0, sent: 0, retries: 0, rejected: 0 };

  constructor(private readonly d: ExporterDeps) {}

  start(): void {
    this.fill();
    this.loop.kick();
  }

  /** The hall committed: take new ratings into the outbox and send. */
  committed(state: QueueState, types: readonly string[]): void {
    void state;
    if (!types.includes('rating.submitted')) return;
    this.fill();
    this.loop.kick();
  }

  fill(): number {
    try {
      return this.d.outbox.fill(this.d.dev, (e) => {
        const rec = buildRecord(this.d.sources, e.body as RatingBody);
        return rec ? { id: rec.evaluationId, record: rec } : undefined;
      }, this.d.now());
    } catch (err) {
      this.d.log.error('evaluation outbox fill failed; retried on the next rating or timer', { err: (err as Error).message });
      return 0;
    }
  }

  /** Runs the pump now (tests) and waits for it. */
  drain(): Promise<void> {
    return this.loop.drain();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async pump(): Promise<void> {
    this.fill();
    for (;;) {
      if (this.loop.stopped) return;
      const [row] = this.d.outbox.due(this.d.now(), 1);
      if (!row) return;
      // The platform away or busy: wait for the row's retry time instead of trying every other row now.
      if (!(await this.sendOne(row))) return;
    }
  }

  /** False when the platform asked to retry later (the pump then waits). */
  private async sendOne(row: OutboxRow): Promise<boolean> {
    const record = JSON.parse(row.record) as EvaluationRecord;
    this.stats.attempts++;
    let r;
    try {
      r = await this.d.adapter.send(record, this.loop.signal);
    } catch (err) {
      r = { ok: false as const, retry: true, error: (err as Error).message };
    }
    if (this.loop.stopped && !r.ok) return false; // shutting down: leave it pending, untouched
    const now = this.d.now();
    if (r.ok) {
      this.stats.sent++;
      this.d.outbox.markSent(row.id, now, r.ref);
      this.d.log.info('rating exported', { id: row.id, attempts: row.attempts + 1 });
      return true;
    }
    if (r.retry) {
      this.stats.retries++;
      const wait = Math.min(this.d.retry.maxMs, this.d.retry.minMs * 2 ** Math.min(row.attempts, 20));
      this.d.outbox.scheduleRetry(row.id, now + wait, r.error);
      this.d.log.warn('rating export failed; retrying', { id: row.id, attempts: row.attempts + 1, inMs: wait, error: r.error });
      return false;
    }
    this.stats.rejected++;
    this.d.outbox.reject(row.id, r.error);
    this.d.log.error('rating refused by the platform', { id: row.id, error: r.error });
    return true;
  }
}
