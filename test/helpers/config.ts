/** A small hall for unit tests: three services, four windows, Shanghai hours. */
import type { HallConfig, ServiceConfig } from '../../src/core/config';

const svc = (id: string, name: string, nameEn: string, extra: Partial<ServiceConfig> = {}): ServiceConfig => ({
  id,
  prefix: id,
  name,
  nameEn,
  category: name,
  scenes: [],
  idRequired: true,
  dailyCap: 0,
  periodCaps: [],
  saturday: true,
  appointment: { enabled: true, reservedShare: 0 },
  meanServiceMin: 8,
  ...extra,
});

export function testHallConfig(overrides: Partial<HallConfig> = {}): HallConfig {
  return {
    version: 1,
    hall: { id: 'test-hall', name: '测试区政务服务中心', nameEn: 'Test District Service Center', timezone: 'Asia/Shanghai', regionCode: '000000' },
    hours: {
      weekday: [
        { start: '08:30', end: '12:00' },
        { start: '14:00', end: '17:30' },
      ],
      saturday: [{ start: '09:00', end: '12:00' }],
      sunday: [],
      holidays: ['2026-10-01'],
      workdays: ['2026-09-28'],
      lastTicketMinutesBeforeClose: 15,
      closeDayAt: '22:00',
    },
    numbering: { digits: 3 },
    services: [
      svc('A', '综合受理', 'General acceptance'),
      svc('B', '社保医保', 'Social & medical insurance'),
      svc('Z', '综合咨询', 'Enquiries', { idRequired: false, saturday: false }),
    ],
    windows: [
      { no: 1, label: '1号 综合窗口', kind: 'general', skills: { A: 1, B: 2 }, greenChannel: true },
      { no: 2, label: '2号 综合窗口', kind: 'general', skills: { A: 1, Z: 2 }, greenChannel: true },
      { no: 3, label: '3号 社保窗口', kind: 'domain', skills: { B: 1 }, greenChannel: false },
      { no: 4, label: '4号 咨询台', kind: 'help_desk', skills: { Z: 1 }, greenChannel: true },
    ],
    callPolicy: { order: ['green', 'appointment', 'walkin'], maxConsecutivePriority: 3 },
    rules: {
      oneWaitingPerIdPerService: true,
      perIdDailyLimit: 0,
      missedCall: { recalls: 2, then: 'suspend', rejoinBehind: 3 },
      greenAge: 60,
    },
    appointments: { slotMinutes: 30, earlyMinutes: 30, graceMinutes: 15, cancelBeforeMinutes: 120, maxPerPersonPerDay: 1, maxDaysAhead: 5, noShow: { limit: 2, windowDays: 90, suspendDays: 30 } },
    ...overrides,
  };
}

/** Monday 2026-11-23 09:15 in Shanghai. */
export const MONDAY_0915 = Date.parse('2026-11-23T09:15:00+08:00');
export const MINUTE = 60_000;
