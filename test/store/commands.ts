/** A random but mostly sensible command stream for the test hall, as fast-check arbitraries. */
import fc from 'fast-check';
import type { Command, QueueState, RatingLevel, Ticket } from '../../src/core/types';

export interface Step {
  kind: number;
  a: number;
  b: number;
  dt: number;
}

export const stepArb: fc.Arbitrary<Step> = fc.record({ kind: fc.nat(99), a: fc.nat(1000), b: fc.nat(1000), dt: fc.nat(99) });

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SHANGHAI = 8 * HOUR;
const LEVELS: RatingLevel[] = ['VERY_SATISFIED', 'SATISFIED', 'BASIC', 'DISSATISFIED', 'VERY_DISSATISFIED'];

/** Moves the clock: mostly seconds, sometimes ten minutes, rarely to 09:15 the next weekday. */
export function advance(at: number, dt: number, a = 0): number {
  if (dt < 95) return at + 1000 + dt * 700;
  if (dt < 99 || a % 4 !== 0) return at + 10 * 60_000;
  const localMidnight = Math.floor((at + SHANGHAI) / DAY) * DAY - SHANGHAI;
  let next = localMidnight + DAY;
  while ([0, 6].includes(new Date(next + SHANGHAI).getUTCDay())) next += DAY;
  return next + 9 * HOUR + 15 * 60_000;
}

export function toCommand(state: QueueState, s: Step, at: number, serial: number): Command {
  const window = (s.a % 4) + 1;
  const tickets = [...state.tickets.values()];
  const pick = (filter: (t: Ticket) => boolean) => {
    const list = tickets.filter(filter);
    return list.length ? list[s.b % list.length]! : undefined;
  };
  const k = s.kind;
  if (k < 25 || k >= 98) {
    const service = ['A', 'B', 'Z'][s.a % 3]!;
    const withId = service !== 'Z' || s.b % 2 === 0;
    return {
      type: 'issue',
      at,
      dev: 'kiosk-1',
      ticketId: `t${serial}`,
      service,
      ...(withId ? { idHash: `h${s.b % 40}`, idMasked: '110***********1234' } : {}),
      ...(s.b % 17 === 0 ? { green: 'disability' as const } : {}),
      ...(s.b % 13 === 0 ? { channel: 'appointment' as const, appointment: { slotStart: at, slotEnd: at + 30 * 60_000 } } : {}),
      ...(s.b % 11 === 0 ? { birthDate: '19500101' } : {}),
    };
  }
  if (k < 40) return { type: 'login', at, window, staffId: `s${s.b % 3}` };
  if (k < 50) return { type: 'call-next', at, window };
  if (k < 55) return { type: 'call-ticket', at, window, ticket: pick(() => true)?.number ?? 'A001' };
  if (k < 60) return { type: 'recall', at, window };
  if (k < 67) return { type: 'start', at, window };
  if (k < 72) return { type: 'skip', at, window };
  if (k < 75) return { type: 'rejoin', at, ticket: pick((t) => t.status === 'suspended')?.id ?? 'nope' };
  if (k < 78) return s.b % 2 ? { type: 'transfer', at, window, toService: ['A', 'B', 'Z'][s.b % 3]! } : { type: 'transfer', at, window, toWindow: (s.b % 4) + 1 };
  if (k < 85) return { type: 'finish', at, window };
  if (k < 87) {
    // 帮办 calls (H1–H4): kiosks call, the help desk (window 4) answers, either side closes.
    const open = Object.values(state.help ?? {}).filter((r) => r.status !== 'closed');
    const r = open.length ? open[s.b % open.length]! : undefined;
    const requestId = `0190a000-0000-7000-8000-${String(serial).padStart(12, '0')}`;
    if (s.b % 4 < 2 || !r) return { type: 'request-help', at, dev: ['kiosk-1', 'kiosk-2'][s.a % 2]!, requestId, screen: 'services' };
    if (s.b % 4 === 2) return { type: 'ack-help', at, window: 4, requestId: r.id };
    return { type: 'close-help', at, requestId: r.id, ...(s.a % 2 ? { window: 4 } : { terminal: r.terminal }) };
  }
  if (k < 91) {
    const rateable = Object.values(state.windows).filter((w) => w.lastFinished);
    const at_ = rateable.length ? rateable[s.b % rateable.length]!.no : window;
    return { type: 'rate', at, window: at_, level: LEVELS[s.b % 5]!, ...(s.b % 2 ? { text: '太慢' } : {}) };
  }
  if (k < 93) return { type: 'pause', at, window, reason: '午休' };
  if (k < 94) return { type: 'resume', at, window };
  if (k < 95) return s.b % 3 === 0 ? { type: 'logout', at, window } : { type: 'call-next', at, window };
  if (k < 96) return { type: 'mark-green', at, ticket: pick((t) => t.status === 'waiting')?.id ?? 'nope', reason: 'elderly', staffId: 's1', note: '老人' };
  if (k < 97) return { type: 'lease', at, dev: 'kiosk-2', prefix: ['A', 'B', 'Z'][s.b % 3]!, size: (s.b % 20) + 1 };
  return s.b % 5 === 0 ? { type: 'sweep', at } : { type: 'call-next', at, window };
}
