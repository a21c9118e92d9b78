/**
 * Topic ACLs (ARCHITECTURE §7), pure so the embedded broker, the Mosquitto ACL generator and the hall's
 * own re-check share one rule set:
 * - a device publishes only under its own id (d/{dev}/evt|req|state|health);
 * - hall-only topics (ack, cmd, host/state, b/*) are published by the hall server alone;
 * - an evt batch may only carry the event types of the device's role, and a counter or evaluator only
 *   for its own window (a kiosk or counter cannot publish a rating; nobody calls for another window).
 */
import type { EventType } from '../core/types';
import { deviceCredential, type CredentialsFile, type DeviceCredential } from './credentials';
import { parseTopic, TOPICS, type ParsedTopic } from './topics';
import { named } from './trust';

export type Verdict = { ok: true } | { ok: false; reason: string };
const deny = (reason: string): Verdict => ({ ok: false, reason });
const OK: Verdict = { ok: true };

/** Events any terminal's local decide may emit when its first command of a day rolls the day over (B10). */
export const ROLLOVER_TYPES: ReadonlySet<EventType> = new Set(['day.opened', 'ticket.expired', 'window.closed', 'appointment.no-show']);

/** Event types each role may author (besides rollover). Body `window` must be the device's own. */
export const ROLE_EVENTS: Readonly<Record<DeviceCredential['role'], ReadonlySet<EventType>>> = {
  hall: new Set(),
  city: new Set(),
  display: new Set(),
  // 帮办 calls (issue 15): a kiosk or the room asks for a person and may cancel its own call.
  // B12: a kiosk or the room records the phone number a citizen leaves for notices (sealed for the hall).
  // The room's board: what it did with a locker (issue 14).
  room: new Set(['ticket.issued', 'ticket.contact', 'help.requested', 'help.closed', 'locker.loading', 'locker.deposited', 'locker.picked-up', 'locker.returned', 'locker.failed']),
  kiosk: new Set(['ticket.issued', 'ticket.contact', 'help.requested', 'help.closed']),
  // A rating opens its 差评工单 in the same decision; the hall decides both again from the rating.
  evaluator: new Set(['rating.submitted', 'followup.opened']),
  counter: new Set([
    // The counter-driven pad's rating opens its 差评工单 in the same decision (the hall decides both again from the
    // rating); the counter's staff log in and clock with their own card or password (proofs in src/staff/proof.ts).
    'followup.opened',
    'staff.login-failed',
    'staff.clocked-in',
    'staff.clocked-out',
    'ticket.called',
    'ticket.released',
    'ticket.recalled',
    'ticket.started',
    'ticket.skipped',
    'ticket.transferred',
    'ticket.finished',
    'ticket.rejoined',
    'ticket.marked-green',
    'window.opened',
    'window.closed',
    'window.paused',
    'window.resumed',
    // A counter drives its window's evaluator pad (shell: second display): the citizen rates through it.
    'rating.submitted',
    // A help desk answers and closes 帮办 calls (its own window; which windows are help desks the core decides).
    'help.acknowledged',
    'help.closed',
    // Issue 14: a clerk puts a finished certificate into a pickup locker, or takes one back.
    'locker.requested',
    'locker.return-requested',
    'locker.cancelled',
    // Issues 11/12: the case file a clerk opened for the ticket served at this window.
    'ticket.case-opened',
  ]),
};

export interface Identity {
  dev: string;
  cred: DeviceCredential;
}

/** May this device author an event of `type` with this body? (Used by the broker and the hall authority.) */
export function mayAuthor(id: Identity, type: EventType, body: Record<string, unknown>): Verdict {
  const allowed = ROLE_EVENTS[id.cred.role].has(type) || ROLLOVER_TYPES.has(type);
  if (!allowed) return deny(`a ${id.cred.role} may not publish ${named(type)}`);
  // Rollover may close any window (the hall ignores a terminal's rollover and does its own).
  if (ROLLOVER_TYPES.has(type)) return OK;
  if ((id.cred.role === 'counter' || id.cred.role === 'evaluator') && typeof body.window === 'number' && body.window !== id.cred.window) {
    return deny(`${id.dev} is bound to window ${id.cred.window}, not ${named(String(body.window))}`);
  }
  // A terminal speaks only for itself: a call it makes or cancels names it, never another kiosk. (A clerk's
  // locker request names the room whose locker it asks for — issue 14 — which the hall's core checks.)
  if (type !== 'locker.requested' && typeof body.terminal === 'string' && body.terminal !== id.dev) return deny(`${id.dev} may not act for terminal ${body.terminal}`);
  if ((id.cred.role === 'kiosk' || id.cred.role === 'room') && type === 'help.closed' && body.by !== 'terminal') return deny(`a ${id.cred.role} closes only its own help calls`);
  return OK;
}

export function identify(creds: CredentialsFile, dev: string | undefined): Identity | undefined {
  const cred = deviceCredential(creds, dev);
  return cred && dev ? { dev, cred } : undefined;
}

function topicFor(hall: string, t: string): ParsedTopic | undefined {
  const p = parseTopic(t);
  return p && p.params.hall === hall ? p : undefined;
}

export function canPublish(hall: string, id: Identity, t: string, payload: Buffer | string): Verdict {
  const p = topicFor(hall, t);
  if (!p) return deny(`topic ${named(t)} is outside qs/v1/${hall}`);
  const spec = TOPICS[p.template];
  if (spec.publisher === 'hall' || spec.publisher === 'city') return id.cred.role === 'hall' ? OK : deny(`only the hall server publishes ${p.template}`);
  const dev = (p.params as { dev: string }).dev;
  if (dev !== id.dev) return deny(`${id.dev} may not publish under ${dev}`);
  if (id.cred.role === 'hall') return deny('the hall server does not publish device topics');
  if (p.template === 'qs/v1/{hall}/d/{dev}/room' && id.cred.role !== 'room') return deny(`only a room terminal publishes room status (${id.dev} is a ${id.cred.role})`);
  if (p.template !== 'qs/v1/{hall}/d/{dev}/evt') return OK;
  let arr: unknown;
  try {
    arr = JSON.parse(payload.toString());
  } catch {
    return deny('evt payload is not JSON');
  }
  for (const e of Array.isArray(arr) ? arr : [arr]) {
    const env = e as { dev?: unknown; type?: unknown; body?: unknown };
    if (env?.dev !== id.dev) return deny(`evt envelope dev ${named(env?.dev)} is not ${id.dev}`);
    if (typeof env.type !== 'string' || typeof env.body !== 'object' || env.body === null) return deny('evt envelope needs type and body');
    const v = mayAuthor(id, env.type as EventType, env.body as Record<string, unknown>);
    if (!v.ok) return v;
  }
  return OK;
}

export function canSubscribe(hall: string, id: Identity, f: string): Verdict {
  if (id.cred.role === 'hall') return f.startsWith(`qs/v1/${hall}/`) || f === `qs/v1/${hall}/#` ? OK : deny(`filter ${named(f)} is outside qs/v1/${hall}`);
  const base = `qs/v1/${hall}`;
  const own = [`${base}/d/${id.dev}/ack`, `${base}/d/${id.dev}/cmd`, `${base}/d/${id.dev}/state`, `${base}/d/${id.dev}/health`, `${base}/d/${id.dev}/#`, `${base}/host/state`, `${base}/b/#`, `${base}/b/stream`, `${base}/b/queue`, `${base}/b/delta`];
  return own.includes(f) ? OK : deny(`${id.dev} may not subscribe to ${named(f)}`);
}
