/**
 * Fleet (issue 13): configuration pushed from the hall to its terminals (and from the city to halls) —
 * versioned, validated by the receiver before it applies, acknowledged, rolled back on failure, reported on
 * the retained `d/{dev}/fleet` topic — and a remote restart (the terminal exits with RESTART_EXIT_CODE for
 * its supervisor). The hall also forwards its committed stream to the city when `sync.city` is configured.
 */
import type { Feature } from '../node/context';
import { HttpError } from '../api/errors';
import { FleetError, HallFleet } from '../fleet/hall-fleet';
import { attachTerminalFleet, type TerminalFleet } from '../fleet/terminal-fleet';
import { CityUplink } from '../sync/city-uplink';

/** The hall server's side: pushes and restarts on its API, the city's pushes handed down. */
export function hallFleet(): Feature {
  let city: CityUplink | undefined;
  return {
    name: 'hall-fleet',
    start(ctx) {
      const sync = ctx.caps.hallSync;
      const credentials = ctx.setup.credentials;
      if (!sync || !credentials) return;
      const fleet = new HallFleet({ sync, hall: ctx.config.hall.id, dataDir: ctx.dataDir, credentials, log: ctx.log.child('fleet'), ...(ctx.setup.onRestart ? { exit: ctx.setup.onRestart } : {}) });
      ctx.caps.fleet = fleet;
      const asHttp = async <T>(f: () => Promise<T>): Promise<T> => {
        try {
          return await f();
        } catch (err) {
          if (err instanceof FleetError) throw new HttpError(err.status, err.code, err.message);
          throw err;
        }
      };
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/fleet/config',
        status: 202,
        // The YAML is a whole hall.yaml; the body limit (64 KiB) bounds it.
        body: { version: 'integer', yaml: { type: 'string', maxLength: 60_000 }, terminals: 'string[]' },
        required: ['version', 'yaml'],
        handler: (req) => {
          const b = req.body as { version: number; yaml: string; terminals?: string[] };
          return asHttp(() => fleet.push(b.version, b.yaml, b.terminals));
        },
      });
      ctx.api.route({
        method: 'POST',
        url: '/api/v1/terminals/:id/restart',
        status: 202,
        body: { reason: 'string' },
        handler: (req) => asHttp(() => fleet.restart(req.params.id!, (req.body as { reason?: string }).reason)),
      });
      const c = ctx.setup.sync.city;
      if (c?.brokerUrl && c.secret) {
        city = new CityUplink({
          store: ctx.store,
          endpoint: { url: c.brokerUrl, password: c.secret },
          log: ctx.log.child('city'),
          now: ctx.now,
          onCommitted: (l) => ctx.queue.onCommitted(l),
          onFleet: (cmd) => void fleet.fromCity(cmd),
          fleetStatus: () => fleet.status(),
        });
        const uplink = city;
        ctx.caps.city = uplink;
        fleet.onReport(() => uplink.rebirth());
        uplink.start();
      }
    },
    async stop() {
      await city?.stop();
    },
  };
}

/** A terminal's side: takes pushes from the hall, reports the version it runs, restarts on command. */
export function terminalFleet(): Feature {
  let fleet: TerminalFleet | undefined;
  return {
    name: 'terminal-fleet',
    start(ctx) {
      const link = ctx.caps.hallLink;
      if (!link) return;
      fleet = attachTerminalFleet({
        sync: link.sync,
        hall: ctx.config.hall.id,
        dev: ctx.dev,
        boot: ctx.store.boot,
        dataDir: ctx.dataDir,
        now: ctx.now,
        log: ctx.log.child('fleet'),
        ...(ctx.setup.onRestart ? { exit: ctx.setup.onRestart } : {}),
      });
    },
    stop() {
      fleet?.stop();
    },
  };
}
