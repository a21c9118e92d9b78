/**
 * The demo hall's bookings for today (B11), so the kiosk's 预约签到 can be tried at once: the fixture
 * visitors of hall.yaml `test_fixtures` (fictitious ID numbers), slots around "now". Idempotent: fixed
 * booking ids per day; a restart or a second run books nothing twice.
 */
import type { HallConfig } from '../core/config';
import { localTime } from '../core/time';
import type { PiiVault } from '../store/pii';
import { maskIdNumber, maskName } from '../core/mask';
import type { QueuePort } from '../queue/port';

export interface DemoBooking {
  key: string;
  name: string;
  idNumber: string;
  service: string;
  /** Slot start relative to the current slot, in slots. 1 = the next slot, whose check-in (earlyMinutes ≥ one slot) is open now. */
  slotOffset: number;
}

/** TV04 测试丁 (sample card "ding") books 户籍·出入境 as in test_fixtures.sample_appointment; TV06 测试己 books 综合受理 (QR check-in). */
export const DEMO_BOOKINGS: DemoBooking[] = [
  { key: 'ding', name: '测试丁', idNumber: '310117199205089966', service: 'E', slotOffset: 1 },
  { key: 'ji', name: '测试己', idNumber: '310117198802299959', service: 'A', slotOffset: 1 },
  { key: 'geng', name: '测试庚', idNumber: '110105198511209914', service: 'B', slotOffset: 3 },
];

/** Check-in code of a demo booking on `day` (printed in the README-style demo banner and used by tests). */
export function demoBookingCode(key: string, day: string): string {
  return `${key.toUpperCase()}${day.slice(5).replace('-', '')}`;
}

export function seedDemoAppointments(deps: { config: HallConfig; queue: QueuePort; vault: PiiVault; now: () => number; dev: string }): number {
  const { config, queue, vault, now } = deps;
  const at = now();
  const lt = localTime(at, config.hall.timezone);
  const slotMs = config.appointments.slotMinutes * 60_000;
  const slotStartNow = at - ((lt.minutes % config.appointments.slotMinutes) * 60_000 + (at % 60_000));
  let booked = 0;
  for (const b of DEMO_BOOKINGS) {
    if (!config.services.some((s) => s.id === b.service && s.appointment.enabled)) continue;
    const bookingId = `demo-${lt.date}-${b.key}`;
    if (queue.snapshot().appointments[bookingId]) continue;
    const slotStart = slotStartNow + b.slotOffset * slotMs;
    const r = queue.execute(
      {
        type: 'book',
        at,
        bookingId,
        code: demoBookingCode(b.key, lt.date),
        service: b.service,
        slotStart,
        idHash: vault.hashId(b.idNumber),
        idMasked: maskIdNumber(b.idNumber),
        nameMasked: maskName(b.name),
        channel: 'platform',
      },
      { bookingPii: [{ bookingId, sealed: vault.seal(b.idNumber) }] },
    );
    if (r.ok) booked += 1;
  }
  return booked;
}
