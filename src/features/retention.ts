/**
 * Retention (C5, C7, C12) on every node, once a day at `retention.runAt` (and at start when a run was missed):
 * personal data past its period is deleted or de-identified — sealed IDs, masks and hashes in tickets,
 * bookings and the event log, case pages, the door log, old audit lines — history the next tier has
 * acknowledged is trimmed, and the WAL is checkpointed. Aggregated reports stay.
 */
import type { Feature } from '../node/context';
import { DEFAULT_RETENTION, RetentionJob } from '../records/retention';

export const RETENTION_CHECK_MS = 60_000;

export function retention(): Feature {
  let timer: NodeJS.Timeout | undefined;
  return {
    name: 'retention',
    start(ctx) {
      const policy = ctx.setup.retention ?? DEFAULT_RETENTION;
      // The hall keeps history not yet delivered to the city; a terminal keeps what the hall has not acked.
      const keepUndelivered = ctx.role === 'hall' ? !!ctx.setup.sync.city?.brokerUrl : true;
      const job = new RetentionJob({ db: ctx.db, retention: policy, timeZone: ctx.config.hall.timezone, keepUndelivered, ...(ctx.caps.records ? { records: ctx.caps.records } : {}) });
      ctx.caps.retention = job;
      const tick = () => {
        try {
          const r = job.tick(ctx.now());
          if (!r) return;
          // A run that found nothing to purge (a new node, a quiet day) is not news in the technician's log.
          const purged = Object.entries({ ...r, ...r.history }).some(([k, v]) => k !== 'at' && typeof v === 'number' && v > 0);
          (purged ? ctx.log.info : ctx.log.debug).call(ctx.log, 'retention purge ran', { ...r, history: { ...r.history } });
        } catch (err) {
          ctx.log.error('retention purge failed; retrying next minute', { err: (err as Error).message });
        }
      };
      tick();
      timer = setInterval(tick, RETENTION_CHECK_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
