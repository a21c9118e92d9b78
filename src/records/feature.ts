/**
 * Paper and records as one capability with a small interface, ready to be mounted as a feature
 * (ARCHITECTURE §8: `{ name, start(ctx), stop() }`): 办事指南 serving and printing, counter cases with the
 * document camera, reports with history, the hash-chained audit trail, and the daily jobs (day report
 * close, retention purge). It contributes API routes and an `onRefused` observer; it needs the node's
 * writer connection, the queue (snapshot + committed events), printers and cameras by terminal/window.
 */
import type { HallConfig } from '../core/config';
import type { DomainEvent, QueueState } from '../core/types';
import type { Envelope } from '../core/envelope';
import type { CommandInput, ExecuteResult } from '../queue/port';
import type { GuideCatalog } from '../core/guide';
import type { DocumentCamera } from '../../drivers/camera/types';
import type { PrinterService } from '../../drivers/printer/service';
import type { RouteDef } from '../api/server';
import type { RefusedRequest } from './audit-trail';
import { AuditStore, auditKey } from '../store/audit-store';
import { CaseStore } from '../store/case-store';
import type { WriteDb } from '../store/db';
import { loadOrCreateKey } from '../store/pii';
import { ReportStore } from '../store/report-store';
import type { Logger } from '../util/log';
import { AuditTrail } from './audit-trail';
import { CaseDesk } from './cases';
import { DailyJobs } from './daily-jobs';
import { GuideDesk } from './guide-desk';
import { ReportService } from './reports';
import { auditRoutes, caseRoutes, guideRoutes, reportRoutes } from './routes';

export interface RecordsOptions {
  /** The hall's 办事指南 (src/guide/load.ts); absent = an empty list is served and cases cannot be opened. */
  guide?: GuideCatalog;
  /** The document camera at a window's counter. */
  cameraFor?: (window: number) => DocumentCamera | undefined;
  /** A clerk's name for documents and reports (the staff directory). */
  staffName?: (id: string) => string | undefined;
  /** Run the day-report close on its clock (default true). */
  jobs?: boolean;
}

export interface RecordsContext {
  config: HallConfig;
  db: WriteDb;
  /** The node's data directory: the audit chain key is derived from its pii.key. */
  dataDir: string;
  queue: { snapshot(): QueueState; onCommitted(listener: (c: { envelopes: Envelope[]; state: QueueState }) => void): () => void; execute?(cmd: CommandInput): ExecuteResult };
  printerFor?: (terminal: string) => PrinterService | undefined;
  now: () => number;
  log: Logger;
}

export interface Records {
  readonly name: 'records';
  readonly routes: RouteDef[];
  readonly audit: AuditTrail;
  readonly auditStore: AuditStore;
  readonly reports: ReportService;
  readonly cases: CaseDesk;
  readonly caseStore: CaseStore;
  readonly jobs: DailyJobs;
  onRefused(r: RefusedRequest): void;
  stop(): void;
}

const EMPTY_GUIDE: GuideCatalog = {
  note: { zh: '本大厅尚未配置办事指南', en: 'No service guides are configured for this hall' },
  hall: { contact: { zh: '', en: '' }, place: { zh: '', en: '' }, hours: { zh: '', en: '' }, complaint: { zh: '', en: '' } },
  matters: [],
};

export function startRecords(ctx: RecordsContext, opts: RecordsOptions = {}): Records {
  const { config, db, now, log } = ctx;
  const guide = opts.guide ?? EMPTY_GUIDE;
  const auditStore = new AuditStore(db, auditKey(loadOrCreateKey(ctx.dataDir)));
  const audit = new AuditTrail({ store: auditStore, now, log: log.child('audit') });
  const caseStore = new CaseStore(db);
  const reportStore = new ReportStore(db);
  const reports = new ReportService({ config, reader: reportStore, store: reportStore, now, ...(opts.staffName ? { staffName: opts.staffName } : {}) });
  const execute = ctx.queue.execute?.bind(ctx.queue);
  const linkCase = execute
    ? (l: { ticket: string; caseNo: string; matter: string; window: number }) => {
        const r = execute({ type: 'link-case', ...l });
        if (!r.ok) log.info('case not linked to its ticket: the 好差评 record will name the ticket', { caseNo: l.caseNo, code: r.error.code, message: r.error.message });
      }
    : undefined;
  const cases = new CaseDesk({ config, guide, store: caseStore, snapshot: () => ctx.queue.snapshot(), cameraFor: opts.cameraFor ?? (() => undefined), audit, now, ...(opts.staffName ? { staffName: opts.staffName } : {}), ...(linkCase ? { linkCase } : {}) });
  const guideDesk = new GuideDesk({ config, guide, printerFor: ctx.printerFor ?? (() => undefined), now });
  const jobs = new DailyJobs({ config, reports, now, log: log.child('jobs') });
  const offCommitted = ctx.queue.onCommitted(({ envelopes, state }) => audit.fromCommitted(envelopes.map((e) => ({ type: e.type, body: e.body }) as DomainEvent), state, now()));
  if (opts.jobs !== false) jobs.start();
  return {
    name: 'records',
    routes: [...guideRoutes({ guide, config, desk: guideDesk }), ...caseRoutes(cases), ...reportRoutes(reports, audit), ...auditRoutes(auditStore, audit)],
    audit,
    auditStore,
    reports,
    cases,
    caseStore,
    jobs,
    onRefused: (r) => audit.fromRefused(r),
    stop() {
      jobs.stop();
      offCommitted();
      audit.flush();
    },
  };
}
