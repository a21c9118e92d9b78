/**
 * Each role is a list of features and a kind of queue (ARCHITECTURE §8). `halledge start --role …`, the
 * Electron shell and `halledge demo` all build their nodes from this one table: nothing is wired only in
 * the demo.
 */
import type { Feature, Role } from '../node/context';
import { appointmentCheckIn, appointments } from '../features/appointments';
import { dayClose } from '../features/day-close';
import { devices } from '../features/devices';
import { hallSync } from '../features/hall-sync';
import { queueApi } from '../features/queue-api';
import { buttonEvaluator, ratings } from '../features/ratings';
import { room } from '../features/room';
import { roomAdmin } from '../features/room-admin';
import { lockerDesk } from '../features/locker-desk';
import { afterHours } from '../features/after-hours';
import { staff } from '../features/staff';
import { staffLogin } from '../features/staff-login';
import { stats } from '../features/stats';
import { terminalSync, type TerminalSyncTuning } from '../features/terminal-sync';
import { tickets } from '../features/tickets';
import { windowLeds } from '../features/window-leds';
import { windowOps } from '../features/window-ops';
import { follow } from '../features/follow';
import { hallFleet, terminalFleet } from '../features/fleet';
import { retention } from '../features/retention';
import { records } from '../features/records';
import { evaluationExport } from '../features/evaluation-export';
import { followUps } from '../features/followups';
import { helpCalls } from '../features/help-calls';
import { kioskSettings } from '../features/kiosk-settings';
import { contacts, notifications } from '../features/notifications';

export interface RoleSpec {
  queue: 'authoritative' | 'replica';
  features(tuning: RoleTuning): Feature[];
}

export interface RoleTuning {
  sync?: TerminalSyncTuning;
}

export const ROLE_SPECS: Record<Role, RoleSpec> = {
  hall: {
    queue: 'authoritative',
    features: () => [queueApi(), devices(), staff(), hallSync(), hallFleet(), records(), retention(), dayClose(), tickets(), appointments(), appointmentCheckIn(), windowOps(), staffLogin(), ratings(), buttonEvaluator(), stats(), helpCalls(), kioskSettings(), follow(), afterHours(), roomAdmin(), lockerDesk(), contacts(), notifications(), evaluationExport(), followUps()],
  },
  kiosk: {
    queue: 'replica',
    features: (t) => [queueApi(), devices(), terminalSync(t.sync), terminalFleet(), records(), retention(), tickets(), appointmentCheckIn(), contacts(), helpCalls(), kioskSettings(), afterHours()],
  },
  counter: {
    // A counter drives its window: the clerk's screen, the LED strip over the window, and the evaluator pad
    // (touch or buttons) facing the citizen, which works even while the hall server is down.
    queue: 'replica',
    features: (t) => [queueApi(), devices(), staff(), terminalSync(t.sync), terminalFleet(), records(), retention(), windowOps(), staffLogin(), ratings(), buttonEvaluator(), windowLeds(), helpCalls(), afterHours(), lockerDesk()],
  },
  evaluator: {
    queue: 'replica',
    features: (t) => [queueApi(), devices(), staff(), terminalSync(t.sync), terminalFleet(), retention(), ratings(), buttonEvaluator()],
  },
  display: {
    queue: 'replica',
    features: (t) => [queueApi(), devices(), staff(), terminalSync(t.sync), terminalFleet(), retention(), afterHours()],
  },
  room: {
    queue: 'replica',
    features: (t) => [queueApi(), devices(), terminalSync(t.sync), terminalFleet(), records(), retention(), tickets(), appointmentCheckIn(), contacts(), helpCalls(), kioskSettings(), afterHours(), room()],
  },
};
