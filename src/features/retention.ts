/**
 * Retention (C5): once a day, personal data older than the configured days is purged (aggregates and the
 * de-identified history stay), history the next tier has acknowledged is trimmed, the WAL is checkpointed.
 */
import type { Feature } from '../node/context';
import { RetentionJob } from '../store/retention';

export function retention(): Feature {
  let job: RetentionJob | undefined;
  return {
    name: 'retention',
    start(ctx) {
      const policy = ctx.setup.retention;
      if (!policy) return;
      // The hall keeps history not yet delivered to the city; a terminal keeps what the hall has not acked.
      const keepUndelivered = ctx.role === 'hall' ? () => !!ctx.setup.sync.city?.brokerUrl : () => true;
      job = new RetentionJob({ db: ctx.db, policy, timezone: ctx.config.hall.timezone, now: ctx.now, log: ctx.log.child('retention'), keepUndelivered });
      job.start();
      ctx.caps.retention = job;
    },
    stop() {
      job?.stop();
    },
  };
}
