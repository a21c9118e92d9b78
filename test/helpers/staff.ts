/** A staff directory with real verifiers for node and sync tests (fictitious people, test credentials). */
import type { HallConfig, StaffMember } from '../../src/core/config';
import { makeCardVerifier, makePassword } from '../../src/staff/credentials';
import { testHallConfig } from './config';

export interface TestClerk {
  id: string;
  windows?: number[];
  covers?: string[];
  roles?: StaffMember['roles'];
  disabled?: boolean;
  /** A staff card code (scanned) and an ID number (swiped): test data. */
  card?: string;
  idNumber?: string;
}

export const passwordOf = (id: string) => `pass${id}x`;
export const cardOf = (id: string) => `TEST-CARD-${id}`;

/** Members 1001… with passwords `pass<id>x` and staff cards `TEST-CARD-<id>` unless given. */
export async function withStaff(config: HallConfig, clerks: TestClerk[]): Promise<HallConfig> {
  const members: StaffMember[] = [];
  for (const c of clerks) {
    const cards = [await makeCardVerifier(config.hall.id, 'staff', c.card ?? cardOf(c.id))];
    if (c.idNumber) cards.push(await makeCardVerifier(config.hall.id, 'id', c.idNumber));
    members.push({ id: c.id, name: `测试员${c.id.slice(-2)}`, staffNo: `T${c.id}`, title: '窗口工作人员', roles: c.roles ?? ['window'], windows: c.windows ?? [], covers: c.covers ?? [], disabled: !!c.disabled, cards, password: await makePassword(passwordOf(c.id)) });
  }
  return { ...config, staff: { members, policy: { maxFailures: 5, lockMinutes: 15, idleMinutes: 10 } } };
}

export const member = (id: string, o: Partial<StaffMember> = {}): StaffMember => ({ id, name: `员工${id}`, staffNo: `SF${id}`, title: '窗口工作人员', roles: ['window'], windows: [], covers: [], disabled: false, cards: [], ...o });

/** Windows 1–4; 1001 at 1 (B: 1002), 1002 at 2 (B: 1001), 1003 floating, 1009 disabled. */
export function staffConfig(over: Partial<HallConfig> = {}): HallConfig {
  return testHallConfig({
    staff: {
      members: [member('1001', { windows: [1], covers: ['1002'] }), member('1002', { windows: [2], covers: ['1001'] }), member('1003'), member('1004', { windows: [4] }), member('1009', { disabled: true })],
      policy: { maxFailures: 5, lockMinutes: 15, idleMinutes: 10 },
    },
    ...over,
  });
}

