/**
 * A terminal's link to the hall (docs/sync.md): its outbox forwarded over MQTT, the committed stream
 * followed into its replica, leases for offline numbering, birth/will presence and device health. The
 * screens see the link (`GET /api/v1/sync`, `{type:'sync'}` on the stream) and, in words, every event of
 * theirs the hall refused (`GET /api/v1/notices`, `{type:'notice'}`).
 */
import { RefusalLog } from '../store/refusals';
import { RefusalNotices } from '../sync/refusal-notices';
import type { Feature } from '../node/context';
import { TerminalSync } from '../sync/terminal-sync';
import { hallFirstIssuer } from './issuer';
import type { RawSync } from '../config/raw';


export function defaultBrokerUrl(sync: RawSync): string {
  return sync.brokerUrl ?? `${sync.tls?.cert ? 'mqtts' : 'mqtt'}://${sync.brokerHost}:${sync.brokerPort}`;
}

export interface TerminalSyncTuning {
  ackTimeoutMs?: number;
  keepaliveS?: number;
}

export function terminalSync(tuning: TerminalSyncTuning = {}): Feature {
  let sync: TerminalSync | undefined;
  const offs: Array<() => void> = [];
  return {
    name: 'terminal-sync',
    start(ctx) {
      const { setup } = ctx;
      const credentials = setup.credentials;
      if (!credentials) throw new Error(`role "${ctx.role}" needs MQTT credentials: set sync.credentials in the config or pass --credentials FILE (create one with "halledge sync credentials")`);
      if (ctx.queueKind.kind !== 'replica') throw new Error('terminal-sync needs a replica queue');
      const cred = Object.hasOwn(credentials.devices, ctx.dev) ? credentials.devices[ctx.dev] : undefined;
      if (!cred) throw new Error(`the credentials file has no entry for device "${ctx.dev}"`);
      const issuing = ctx.role === 'kiosk' || ctx.role === 'room';
      const hub = ctx.devices;
      sync = new TerminalSync({
        config: ctx.config,
        store: ctx.store,
        replica: ctx.queueKind.queue,
        role: ctx.role,
        endpoint: {
          url: setup.brokerUrl ?? defaultBrokerUrl(setup.sync),
          password: cred.secret,
          ...((setup.caFile ?? setup.sync.tls?.ca) ? { caFile: setup.caFile ?? setup.sync.tls!.ca! } : {}),
          ...(tuning.keepaliveS ? { keepaliveS: tuning.keepaliveS } : {}),
        },
        log: ctx.log.child('sync'),
        now: ctx.now,
        ...(tuning.ackTimeoutMs ? { ackTimeoutMs: tuning.ackTimeoutMs } : {}),
        ...(issuing ? { lease: setup.sync.lease } : {}),
        health: () => hub.status().map((d) => ({ id: d.id, kind: d.kind, health: d.health, ...(d.use ? { use: d.use } : {}) })),
      });
      const s = sync;
      s.start();
      ctx.caps.hallLink = { sync: s, state: () => s.state() };
      if (issuing) ctx.caps.issuer = hallFirstIssuer({ queue: ctx.queue, link: s, now: ctx.now });
      offs.push(hub.onMessage((m) => m.type === 'devices' && s.reportHealth()));
      ctx.api.route({ method: 'GET', url: '/api/v1/sync', handler: () => s.state() });
      ctx.api.stream.greet(() => ({ type: 'sync', ...s.state() }));
      offs.push(s.onStatus(() => ctx.api.stream.broadcast({ type: 'sync', ...s.state() })));
      // Issue 9: what the hall refused of this terminal's events, kept across restarts and said in words.
      const notices = new RefusalNotices({ log: new RefusalLog(ctx.db, ctx.dev), state: () => ctx.queue.snapshot(), now: ctx.now, logger: ctx.log.child('notices') });
      offs.push(notices.attach(s));
      ctx.api.route({ method: 'GET', url: '/api/v1/notices', handler: () => ({ notices: notices.list() }) });
      offs.push(notices.onNotice((notice) => ctx.api.stream.broadcast({ type: 'notice', notice })));
    },
    async stop() {
      for (const off of offs.splice(0)) off();
      await sync?.stop();
    },
  };
}
