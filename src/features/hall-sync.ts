/**
 * The hall server's sync (docs/sync.md): the embedded broker (unless sync.brokerUrl names an external
 * one) and HallSync — terminals' outboxes in, the committed stream and display topics out, presence and
 * device health of every terminal for admin. Without credentials the hall runs stand-alone.
 */
import type { Feature } from '../node/context';
import { startEmbeddedBroker, type EmbeddedBroker } from '../sync/broker';
import { HallSync } from '../sync/hall-sync';
import { hallChecks } from '../sync/hall-checks';
import { ContactBook } from '../notify/contacts';

export function hallSync(): Feature {
  let sync: HallSync | undefined;
  let broker: EmbeddedBroker | undefined;
  return {
    name: 'hall-sync',
    async start(ctx) {
      const { setup, log } = ctx;
      // Phone numbers for notices (B12) are the hall's, whether a kiosk or its own screen took them.
      const contacts = new ContactBook(ctx.db, ctx.vault);
      ctx.caps.contacts = contacts;
      const credentials = setup.credentials;
      if (!credentials) return log.warn('no sync.credentials configured: the hall server runs without MQTT sync (no terminals can join)');
      if (ctx.queueKind.kind !== 'authoritative') throw new Error('hall-sync needs the authoritative queue');
      const tls = setup.sync.tls;
      const caFile = setup.caFile ?? tls?.ca;
      let brokerUrl = setup.brokerUrl ?? setup.sync.brokerUrl;
      if (!brokerUrl) {
        broker = await startEmbeddedBroker({
          hall: ctx.config.hall.id,
          credentials,
          port: setup.brokerPort ?? setup.sync.brokerPort,
          host: setup.sync.listenHost,
          ...(tls?.cert && tls.key ? { tls: { cert: tls.cert, key: tls.key, ...(caFile ? { ca: caFile } : {}) } } : {}),
          log: log.child('broker'),
        });
        brokerUrl = `${tls?.cert ? 'mqtts' : 'mqtt'}://${setup.sync.brokerHost}:${broker.port}`;
      }
      sync = new HallSync({
        config: ctx.config,
        store: ctx.store,
        db: ctx.db,
        queue: ctx.queueKind.queue,
        feed: ctx.feed,
        credentials,
        endpoint: { url: brokerUrl, ...(caFile ? { caFile } : {}) },
        log: log.child('sync'),
        now: ctx.now,
        reorderTimeoutMs: setup.sync.reorderTimeoutMs,
        checks: hallChecks({ config: ctx.config, contacts }),
        lease: setup.sync.lease,
      });
      sync.start();
      const s = sync;
      ctx.caps.terminals = () => s.terminals();
      ctx.caps.hallSync = s;
      if (broker) ctx.caps.broker = broker;
      log.info('hall server sync started', { hall: ctx.config.hall.id, broker: brokerUrl });
    },
    async stop() {
      await sync?.stop();
      await broker?.close();
    },
  };
}
