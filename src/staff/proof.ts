/**
 * The trust rule for staff identity (docs/sync.md "Trust"): the hall does not take a counter's word for who
 * logged in or clocked in. A counter's `window.opened`, `staff.clocked-in` and `staff.clocked-out` carry the
 * credential key the counter derived from the card or password it verified, sealed for the hall (util/for-hall.ts)
 * and bound to that event (its type, staff id, window and time). The hall opens it with that counter's secret
 * and checks the key against the verifier in its own directory: a counter cannot log in a staff id whose card
 * or password it did not see, cannot reuse another counter's proof, and cannot move a proof to another event.
 */
import type { HallConfig } from '../core/config';
import { hasDirectory, memberOf } from '../core/staff';
import type { LoginVia } from '../core/types';
import { openFromDevice, sealForHall } from '../util/for-hall';
import { keyMatches } from './credentials';

const PURPOSE = 'staff-proof v1';

export interface ProofFacts {
  hall: string;
  dev: string;
  /** The event the proof rides on. */
  type: 'window.opened' | 'staff.clocked-in' | 'staff.clocked-out';
  staffId: string;
  via: LoginVia;
  window?: number;
  at: number;
}

const aad = (f: ProofFacts) => [f.hall, f.dev, f.type, f.staffId, f.via, f.window ?? '', f.at].join('|');

export function sealProof(secret: string, f: ProofFacts, key: Buffer): string {
  return sealForHall(secret, PURPOSE, key, aad(f));
}

export type ProofVerdict = { ok: true } | { ok: false; code: string; message: string };

/**
 * The hall's check of a terminal's staff event. Without a directory there is nothing to check. With one, the
 * event must name how (`via`) and carry a proof that opens with the device's secret and matches the member.
 */
export function checkProof(config: HallConfig, secret: string, f: Omit<ProofFacts, 'via'> & { via?: LoginVia }, proof: unknown): ProofVerdict {
  if (!hasDirectory(config)) return { ok: true };
  const member = memberOf(config, f.staffId);
  const refuse = (code: string, why: string): ProofVerdict => ({ ok: false, code, message: `大厅无法核实工号 ${f.staffId} 的身份（${why}），本次${f.type === 'window.opened' ? '登录' : '打卡'}未记入 / the hall could not verify ${f.staffId} (${code}): this ${f.type === 'window.opened' ? 'sign-in' : 'clock event'} is not recorded` });
  if (!member) return refuse('unknown-staff', '不在人员名录');
  if (f.via !== 'card' && f.via !== 'password') return refuse('no-credential', '未刷卡或输入密码');
  const key = openFromDevice(secret, PURPOSE, proof, aad({ ...f, via: f.via }));
  if (!key) return refuse('bad-proof', '凭据无效');
  if (!keyMatches(member, f.via, key)) return refuse('wrong-credential', '凭据不属于此人');
  return { ok: true };
}
