/**
 * `halledge demo`: a whole simulated hall in one process tree — the hall server with its store and API,
 * and (as the device and sync layers grow) every terminal role with emulated devices.
 */
import path from 'node:path';
import type { HallConfig } from '../core/config';
import type { Logger } from '../util/log';
import { startHallNode } from '../hall/node';
import { DeviceHub } from '../devices/hub';
import { DemoDevices, demoTerminals } from '../devices/demo';
import { localTime } from '../core/time';
import { PiiVault } from '../store/pii';
import { StaffDirectory } from '../hall/staff-directory';
import { seedDemoAppointments } from './seed-appointments';

/** The fictitious demo staff directory (also served to the screens as /staff.json). */
const STAFF_FILE = path.join(__dirname, '..', '..', 'renderer', 'data', 'staff-demo.json');
import { followCallsOnLeds } from '../devices/window-leds';
import { RoomDoor } from '../room/door';
import { AccessLog } from '../room/access-log';
import type { RelayDeviceService } from '../devices/relay-service';
import type { RecordsOptions } from '../records/feature';
import { startCameraEmulator } from '../../drivers/camera/emulator';
import { VendorHttpCamera } from '../../drivers/camera/vendor-http';
import { CameraService } from '../../drivers/camera/service';

export interface DemoOptions {
  config: HallConfig;
  dataDir: string;
  port: number;
  log: Logger;
  staticDir?: string | undefined;
  /** The hall's clock (tests pin it); default Date.now. */
  now?: () => number;
  /** Guides and retention (from hall.yaml, see src/records/setup.ts); the demo adds a document camera per counter. */
  records?: RecordsOptions;
}

export interface DemoHall {
  url: string;
  port: number;
  tokenFile: string;
  screens: Array<{ name: string; path: string }>;
  stop(): Promise<void>;
}

export async function startDemo(opts: DemoOptions): Promise<DemoHall> {
  const now = opts.now ?? Date.now;
  const hub = new DeviceHub({ now, today: () => localTime(now(), opts.config.hall.timezone).date, log: opts.log.child('devices') });
  const demo = new DemoDevices({ hub, log: opts.log, now });
  await demo.start(demoTerminals(opts.config.windows.map((w) => w.no)));
  // The counters' document camera (高拍仪): one vendor-HTTP emulator on loopback serves every window's counter
  // screen (the four demo counter terminals also report its health).
  const cameraEmu = await startCameraEmulator();
  const camera = new VendorHttpCamera({ baseUrl: cameraEmu.url });
  const counters = new Set(opts.config.windows.slice(0, 4).map((w) => w.no));
  for (const no of counters) hub.add(`counter-${no}`, new CameraService({ camera, id: 'camera', clock: now }));
  await hub.start();
  const hall = await startHallNode({
    hub,
    demo,
    config: opts.config,
    dataDir: opts.dataDir,
    dev: 'hall-server',
    role: 'hall',
    port: opts.port,
    log: opts.log,
    now,
    staff: StaffDirectory.fromFile(STAFF_FILE),
    ...(opts.staticDir ? { staticDir: opts.staticDir } : {}),
    records: { ...opts.records, cameraFor: () => camera },
  });
  seedDemoAppointments({ config: opts.config, queue: hall.queue, vault: PiiVault.fromDataDir(opts.dataDir), now, dev: 'hall-server' });
  const today = () => localTime(now(), opts.config.hall.timezone).date.replace(/-/g, '');
  const door = new RoomDoor({
    terminal: 'room-1',
    relay: hub.service('room-1', 'relay') as RelayDeviceService,
    vault: hall.vault,
    log: new AccessLog(hall.db),
    logger: opts.log.child('room'),
    today,
    now,
  });
  const offDoor = hub.onCardRead((terminal, card) => {
    if (terminal !== 'room-1') return;
    void door.onCard(card).then((r) => hub.announce({ type: 'door', terminal, granted: r.granted, reason: r.reason }));
  });
  const offLeds = hall.queue.onCommitted(followCallsOnLeds({ config: opts.config, hub, terminalOf: (no) => `counter-${no}`, log: opts.log.child('leds') }));
  const first = opts.config.windows[0]!.no;
  // Demo only: the screens get their token on the URL (the page keeps it for the tab and drops it from the
  // address bar); a real terminal's shell hands it over in preload.
  const t = encodeURIComponent(hall.token);
  const screens = opts.staticDir
    ? [
        { name: 'Kiosk', path: `/kiosk?terminal=kiosk-1&token=${t}` },
        { name: 'Counter', path: `/counter/${first}?terminal=counter-${first}&token=${t}` },
        { name: 'Evaluator', path: `/evaluator/${first}?token=${encodeURIComponent(hall.evaluatorToken)}` },
        { name: 'Hall display', path: '/display/hall' },
        { name: 'Window display', path: `/display/window/${first}` },
        { name: 'Admin', path: `/admin?token=${t}` },
      ]
    : [];
  return {
    url: hall.api.url,
    port: hall.api.port,
    tokenFile: hall.tokenFile,
    screens,
    stop: async () => {
      offLeds();
      offDoor();
      await hall.stop();
      await hub.stop();
      await demo.stop();
      await cameraEmu.stop();
    },
  };
}
