/** Every schema step, oldest first. Versions step by 10 so a fix can slot in (0041). Shipped steps are never edited. */
import type { WriteDb } from '../db';
import migrate0010 from './0010-meta';
import migrate0020 from './0020-events';
import migrate0030 from './0030-outbox';
import migrate0040 from './0040-projection';
import migrate0050 from './0050-pii';
import migrate0060 from './0060-inbox';
import migrate0070 from './0070-replica';
import migrate0080 from './0080-appointments';
import migrate0090 from './0090-room-access';
import migrate0100 from './0100-cases';
import migrate0110 from './0110-reports';
import migrate0120 from './0120-audit';
import migrate0130 from './0130-deidentify';
import migrate0150 from './0150-history-horizon';
import migrate0170 from './0170-refusals';
import migrate0200 from './0200-lease-floor';
import migrate0400 from './0400-parcels';
import migrate0410 from './0410-room-passages';
import migrate0420 from './0420-locker-journal';
import migrate0500 from './0500-help-requests';
import migrate0510 from './0510-accountability';
import migrate0520 from './0520-outboxes';

export interface Migration {
  version: number;
  up: (db: WriteDb) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 10, up: migrate0010 },
  { version: 20, up: migrate0020 },
  { version: 30, up: migrate0030 },
  { version: 40, up: migrate0040 },
  { version: 50, up: migrate0050 },
  { version: 60, up: migrate0060 },
  { version: 70, up: migrate0070 },
  { version: 80, up: migrate0080 },
  { version: 90, up: migrate0090 },
  { version: 100, up: migrate0100 },
  { version: 110, up: migrate0110 },
  { version: 120, up: migrate0120 },
  { version: 130, up: migrate0130 },
  { version: 150, up: migrate0150 },
  { version: 170, up: migrate0170 },
  { version: 200, up: migrate0200 },
  { version: 400, up: migrate0400 },
  { version: 410, up: migrate0410 },
  { version: 420, up: migrate0420 },
  { version: 500, up: migrate0500 },
  { version: 510, up: migrate0510 },
  { version: 520, up: migrate0520 },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
