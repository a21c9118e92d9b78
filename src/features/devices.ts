/**
 * The node's own peripherals (hall.yaml terminals[].devices): each becomes a driver service in the device
 * hub, is started, reports health on `GET /api/v1/devices` and the stream, and — through the card
 * sessions of the hub — hands ID cards to the features that use them. The hall server also lists every
 * terminal's reported device health here.
 */
import { createDeviceService } from '../devices/factory';
import type { Feature } from '../node/context';
import type { DeviceStatus } from '../contract';

export function devices(): Feature {
  let off: (() => void) | undefined;
  let stopHub: (() => Promise<void>) | undefined;
  return {
    name: 'devices',
    async start(ctx) {
      const { devices: hub, setup, api } = ctx;
      for (const d of setup.devices) {
        try {
          const transport = setup.transports?.(d);
          hub.add(ctx.dev, createDeviceService(d, { now: ctx.now, ...(transport ? { transport } : {}) }));
        } catch (err) {
          ctx.log.error('device not created: check its entry in hall.yaml', { device: d.id ?? d.type, err: (err as Error).message });
        }
      }
      await hub.start();
      stopHub = () => hub.stop();
      const all = (): DeviceStatus[] => [
        ...hub.status(),
        ...(ctx.caps.terminals?.() ?? []).flatMap((t) => t.devices.map((d) => ({ terminal: t.id, id: d.id, kind: d.kind, health: d.health, ...(d.use ? { use: d.use } : {}) }))),
      ];
      api.route({ method: 'GET', url: '/api/v1/devices', handler: () => ({ devices: all(), ...(ctx.caps.terminals ? { terminals: ctx.caps.terminals() } : {}) }) });
      api.stream.greet(() => ({ type: 'devices', devices: all() }));
      off = hub.onMessage((m) => api.stream.broadcast(m));
    },
    async stop() {
      off?.();
      await stopHub?.();
    },
  };
}
