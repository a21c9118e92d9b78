/**
 * Wire validation: everything received over MQTT is checked here before it may touch state. Every check
 * returns a value (never throws): `{ok: true, value} | {ok: false, error: {code, message}}`, so a
 * malformed or forged message is logged and dropped by the caller.
 */
import { ENVELOPE_VERSION, type Envelope } from '../core/envelope';
import type { EventType } from '../core/types';
import { RATING_LEVELS } from '../core/evaluation';
import type { AckPayload, CityCmdPayload, CityStatePayload, CmdPayload, DeviceStatePayload, FleetCmd, FleetPayload, HostStatePayload, ReqPayload, StreamChunk } from './topics';
import { maskIfIdNumber } from '../core/mask';
import type { DeviceHealth, DeviceKind } from '../../drivers/health';
import type { HealthPayload } from './topics';
import { ID_PATTERN } from './topics';
import type { RoomStatus } from '../contract/room';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

const bad = <T>(code: string, message: string): Checked<T> => ({ ok: false, error: { code, message } });
const good = <T>(value: T): Checked<T> => ({ ok: true, value });

/** Largest accepted MQTT payload (a batch of 100 envelopes is ~60 KB). */
export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
/** Largest accepted evt batch. */
export const MAX_BATCH = 500;

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isInt = (x: unknown, min = 0): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= min;
const isStr = (x: unknown, max = 4096): x is string => typeof x === 'string' && x.length <= max;

/** What each event type's body must carry (the fields apply() and the authority read). */
type FieldKind = 'string' | 'int' | 'number' | 'object' | 'boolean';
/** Keyed by string so event types added to the core later are refused until listed here. */
const BODY_FIELDS: Record<string, Record<string, FieldKind>> = {
  'appointment.booked': { bookingId: 'string', service: 'string', day: 'string', slotStart: 'number', slotEnd: 'number', idHash: 'string', at: 'number' },
  'appointment.cancelled': { bookingId: 'string', at: 'number' },
  'appointment.checked-in': { bookingId: 'string', ticketId: 'string', at: 'number' },
  'appointment.no-show': { bookingId: 'string', day: 'string', at: 'number' },
  'day.opened': { day: 'string', previous: 'string' },
  'ticket.issued': { ticket: 'object' },
  'numbers.leased': { prefix: 'string', day: 'string', from: 'int', to: 'int', to_dev: 'string' },
  'ticket.called': { ticketId: 'string', window: 'int', at: 'number', specific: 'boolean', priority: 'boolean' },
  'ticket.reserved': { ticketId: 'string', window: 'int', at: 'number' },
  'ticket.released': { ticketId: 'string', window: 'int', at: 'number' },
  'ticket.recalled': { ticketId: 'string', window: 'int', at: 'number' },
  'ticket.started': { ticketId: 'string', window: 'int', at: 'number' },
  'ticket.skipped': { ticketId: 'string', window: 'int', at: 'number', to: 'string' },
  'ticket.rejoined': { ticketId: 'string', rank: 'number', at: 'number' },
  'ticket.transferred': { ticketId: 'string', window: 'int', at: 'number' },
  'ticket.finished': { ticketId: 'string', window: 'int', at: 'number' },
  'ticket.expired': { ticketId: 'string', at: 'number', from: 'string' },
  'ticket.renumbered': { ticketId: 'string', number: 'string', seqNo: 'number', at: 'number' },
  'ticket.marked-green': { ticketId: 'string', reason: 'string', staffId: 'string', note: 'string' },
  'window.opened': { window: 'int', staffId: 'string', at: 'number' },
  'window.closed': { window: 'int', at: 'number' },
  'window.paused': { window: 'int', reason: 'string', at: 'number' },
  'window.resumed': { window: 'int', at: 'number' },
  'rating.submitted': { ticketId: 'string', window: 'int', level: 'string', text: 'string', at: 'number' },
  'ticket.contact': { ticketId: 'string', masked: 'string', at: 'number' },
  'ticket.case-opened': { ticketId: 'string', caseNo: 'string', matter: 'string', window: 'int', at: 'number' },
  'staff.login-failed': { staffId: 'string', via: 'string', reason: 'string', at: 'number', failures: 'int' },
  'staff.clocked-in': { staffId: 'string', at: 'number' },
  'staff.clocked-out': { staffId: 'string', at: 'number' },
  'staff.presence': { staffId: 'string', status: 'string', note: 'string', by: 'string', at: 'number' },
  'followup.opened': { caseId: 'string', ticketId: 'string', number: 'string', service: 'string', window: 'int', level: 'string', day: 'string', due: 'object', at: 'number' },
  'followup.reviewed': { caseId: 'string', factual: 'boolean', reasonable: 'boolean', note: 'string', by: 'string', at: 'number' },
  'followup.rectified': { caseId: 'string', measure: 'string', by: 'string', at: 'number' },
  'followup.replied': { caseId: 'string', note: 'string', by: 'string', at: 'number' },
  'followup.called-back': { caseId: 'string', note: 'string', by: 'string', at: 'number' },
  'followup.appealed': { caseId: 'string', kind: 'string', reason: 'string', by: 'string', at: 'number' },
  'followup.appeal-decided': { caseId: 'string', upheld: 'boolean', note: 'string', by: 'string', at: 'number' },
  'followup.closed': { caseId: 'string', note: 'string', by: 'string', at: 'number', day: 'string' },
  'help.requested': { requestId: 'string', terminal: 'string', day: 'string', at: 'number' },
  'help.acknowledged': { requestId: 'string', window: 'int', at: 'number' },
  'help.closed': { requestId: 'string', by: 'string', at: 'number' },
  // Issue 14: pickup lockers and the room's deny list.
  'locker.requested': { parcelId: 'string', terminal: 'string', locker: 'int', item: 'string', idHash: 'string', idMasked: 'string', codeHash: 'string', at: 'number' },
  'locker.loading': { parcelId: 'string', at: 'number' },
  'locker.deposited': { parcelId: 'string', at: 'number', expiresAt: 'number' },
  'locker.picked-up': { parcelId: 'string', at: 'number' },
  'locker.expired': { parcelId: 'string', at: 'number' },
  'locker.return-requested': { parcelId: 'string', at: 'number' },
  'locker.returned': { parcelId: 'string', at: 'number' },
  'locker.failed': { parcelId: 'string', purpose: 'string', code: 'string', message: 'string', at: 'number' },
  'locker.cancelled': { parcelId: 'string', at: 'number' },
  'room.denied': { idHash: 'string', idMasked: 'string', reason: 'string', at: 'number' },
  'room.allowed': { idHash: 'string', at: 'number' },
};

/** A mask shows at most 6 + 4 characters of an ID number, never the whole number (C3). */
const MASKED_ID = /^[0-9A-Za-z]{0,6}\*{4,16}[0-9Xx]{0,4}$/;

export const EVENT_TYPES = Object.keys(BODY_FIELDS) as EventType[];

function checkField(v: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'string':
      return isStr(v);
    case 'int':
      return isInt(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'object':
      return isObj(v);
    case 'boolean':
      return typeof v === 'boolean';
  }
}

const EID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One envelope; `expect` pins the hall and the authoring device (the topic's {dev}). */
export function checkEnvelope(x: unknown, expect: { hall: string; dev?: string }): Checked<Envelope> {
  if (!isObj(x)) return bad('not-object', 'envelope must be a JSON object');
  if (x.v !== ENVELOPE_VERSION) return bad('bad-version', `envelope v must be ${ENVELOPE_VERSION} (got ${JSON.stringify(x.v)})`);
  if (!isStr(x.eid) || !EID.test(x.eid)) return bad('bad-eid', 'eid must be a UUID');
  if (x.hall !== expect.hall) return bad('wrong-hall', `envelope hall ${JSON.stringify(x.hall)} is not ${expect.hall}`);
  if (!isStr(x.dev) || !ID_PATTERN.test(x.dev)) return bad('bad-dev', 'dev must be a device id');
  if (expect.dev !== undefined && x.dev !== expect.dev) return bad('forged-dev', `envelope dev ${x.dev} was published under ${expect.dev}`);
  if (!isInt(x.boot, 1)) return bad('bad-boot', 'boot must be a positive integer');
  if (!isInt(x.seq, 1)) return bad('bad-seq', 'seq must be a positive integer');
  if (!isInt(x.ts)) return bad('bad-ts', 'ts must be ms epoch (a whole number)');
  const spec = typeof x.type === 'string' && Object.hasOwn(BODY_FIELDS, x.type) ? BODY_FIELDS[x.type] : undefined;
  if (typeof x.type !== 'string' || !spec) return bad('bad-type', `unknown event type ${JSON.stringify(x.type)}`);
  if (!isObj(x.body)) return bad('bad-body', 'body must be an object');
  for (const [k, kind] of Object.entries(spec)) {
    if (!checkField(x.body[k], kind)) return bad('bad-body', `${x.type} body.${k} must be ${kind}`);
  }
  if (x.type === 'ticket.issued') {
    const t = x.body.ticket as Record<string, unknown>;
    for (const k of ['id', 'number', 'service', 'day', 'status', 'issuedBy'] as const) if (!isStr(t[k], 200)) return bad('bad-body', `ticket.issued ticket.${k} must be a string`);
    if (!isInt(t.seqNo, 1) || typeof t.rank !== 'number' || typeof t.issuedAt !== 'number') return bad('bad-body', 'ticket.issued ticket needs seqNo, rank, issuedAt');
    if (t.idNumber !== undefined) return bad('clear-id', 'a ticket must never carry a clear ID number');
  }
  if (x.type === 'rating.submitted' && !RATING_LEVELS.includes(x.body.level as never)) return bad('bad-body', 'rating level is not one of the five levels');
  // B12: a phone number travels masked (and sealed for the hall), never in clear: such an envelope is dropped
  // whole, so the clear number is not even kept in the inbox as a refusal. (Bounds on staff ids are trust.ts's.)
  if (x.type === 'ticket.contact' && !/^1\d{2}\*{4}\d{4}$/.test(x.body.masked as string)) return bad('clear-phone', 'a phone number travels masked only');
  if (x.type === 'help.closed' && x.body.by !== 'terminal' && x.body.by !== 'window') return bad('bad-body', 'help.closed by must be terminal or window');
  if (x.type === 'help.closed' && x.body.window !== undefined && !isInt(x.body.window)) return bad('bad-body', 'help.closed window must be an integer');
  if (x.type === 'help.requested' && x.body.screen !== undefined && !isStr(x.body.screen, 24)) return bad('bad-body', 'help.requested screen must be a short string');
  if ((x.type === 'locker.requested' || x.type === 'room.denied') && !MASKED_ID.test(x.body.idMasked as string)) return bad('clear-id', `${x.type} idMasked must be a masked ID number`);
  if (x.type === 'locker.failed' && x.body.purpose !== 'deposit' && x.body.purpose !== 'return') return bad('bad-body', 'locker.failed purpose must be deposit or return');
  return good(x as unknown as Envelope);
}

/** Parses a payload as JSON within the size limit. */
export function parseJson(payload: Buffer | string): Checked<unknown> {
  const len = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (len > MAX_PAYLOAD_BYTES) return bad('too-large', `payload of ${len} bytes exceeds ${MAX_PAYLOAD_BYTES}`);
  try {
    return good(JSON.parse(payload.toString()) as unknown);
  } catch {
    return bad('bad-json', 'payload is not JSON');
  }
}

/** An evt batch: 1..MAX_BATCH envelopes of one device, seq strictly +1. */
export function checkEvtBatch(payload: Buffer | string, expect: { hall: string; dev: string }): Checked<Envelope[]> {
  const j = parseJson(payload);
  if (!j.ok) return j;
  const arr = Array.isArray(j.value) ? j.value : [j.value];
  if (arr.length === 0 || arr.length > MAX_BATCH) return bad('bad-batch', `a batch holds 1–${MAX_BATCH} envelopes (got ${arr.length})`);
  const out: Envelope[] = [];
  for (const x of arr) {
    const c = checkEnvelope(x, expect);
    if (!c.ok) return c;
    if (out.length && c.value.seq !== out[out.length - 1]!.seq + 1) return bad('bad-batch', 'seq inside a batch must rise by exactly 1');
    out.push(c.value);
  }
  return good(out);
}

export function checkAck(payload: Buffer | string): Checked<AckPayload> {
  const j = parseJson(payload);
  if (!j.ok) return j;
  const x = j.value;
  if (!isObj(x) || !isInt(x.upTo) || !isInt(x.hseq) || !isInt(x.boot) || typeof x.serverTs !== 'number') return bad('bad-ack', 'ack needs upTo, hseq, boot, serverTs');
  if (x.rejected !== undefined && !Array.isArray(x.rejected)) return bad('bad-ack', 'rejected must be a list');
  return good(x as unknown as AckPayload);
}

export function checkStreamChunk(x: unknown, hall: string): Checked<StreamChunk> {
  if (!isObj(x) || !isInt(x.from) || !isInt(x.to) || !isInt(x.head) || !Array.isArray(x.envs) || !isObj(x.cursors)) return bad('bad-stream', 'stream chunk needs from, to, head, envs, cursors');
  if (x.envs.length !== x.to - x.from + 1) return bad('bad-stream', 'stream chunk length does not match from..to');
  for (let i = 0; i < x.envs.length; i++) {
    const c = checkEnvelope(x.envs[i], { hall });
    if (!c.ok) return c;
    if (c.value.seq !== x.from + i) return bad('bad-stream', 'stream envelopes must be contiguous');
  }
  for (const v of Object.values(x.cursors)) if (!isInt(v)) return bad('bad-stream', 'cursors must be integers');
  return good(x as unknown as StreamChunk);
}

export function checkCmd(payload: Buffer | string, hall: string): Checked<CmdPayload> {
  const j = parseJson(payload);
  if (!j.ok) return j;
  const x = j.value;
  if (!isObj(x)) return bad('bad-cmd', 'cmd must be an object');
  switch (x.type) {
    case 'resync':
      return isInt(x.from, 1) ? good(x as unknown as CmdPayload) : bad('bad-cmd', 'resync needs from');
    case 'rebirth':
      return good({ type: 'rebirth' });
    case 'sync': {
      const c = checkStreamChunk(x, hall);
      return c.ok ? good(x as unknown as CmdPayload) : c;
    }
    case 'lease-refused':
      return isStr(x.prefix) && isStr(x.code) && isStr(x.message) ? good(x as unknown as CmdPayload) : bad('bad-cmd', 'lease-refused needs prefix, code, message');
    case 'issued':
      return isStr(x.transaction, 100) && isStr(x.ticketId, 64) && isStr(x.number, 16) && isInt(x.hseq) ? good(x as unknown as CmdPayload) : bad('bad-cmd', 'issued needs transaction, ticketId, number, hseq');
    case 'issue-refused':
      return isStr(x.transaction, 100) && isStr(x.code, 64) && isStr(x.message, 1000) && isInt(x.status, 400) ? good(x as unknown as CmdPayload) : bad('bad-cmd', 'issue-refused needs transaction, code, status, message');
    case 'config':
    case 'restart':
      return checkFleetCmd(x);
    default:
      return bad('bad-cmd', `unknown cmd ${JSON.stringify(x.type)}`);
  }
}

/** Largest configuration a fleet push may carry (a big hall.yaml is ~60 KB). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

function checkFleetCmd(x: Record<string, unknown>): Checked<FleetCmd> {
  if (x.transaction !== undefined && !isStr(x.transaction, 100)) return bad('bad-cmd', 'transaction must be a short string');
  if (x.type === 'config') {
    if (!isInt(x.version, 1)) return bad('bad-cmd', 'config needs a version ≥ 1');
    if (!isStr(x.yaml, MAX_CONFIG_BYTES)) return bad('bad-cmd', `config needs yaml (text of at most ${MAX_CONFIG_BYTES} bytes)`);
    return good({ type: 'config', version: x.version, yaml: x.yaml, ...(x.transaction !== undefined ? { transaction: x.transaction as string } : {}) });
  }
  if (x.type === 'restart') {
    if (x.reason !== undefined && !isStr(x.reason, 200)) return bad('bad-cmd', 'restart reason must be a short string');
    return good({ type: 'restart', ...(x.reason !== undefined ? { reason: x.reason as string } : {}), ...(x.transaction !== undefined ? { transaction: x.transaction as string } : {}) });
  }
  return bad('bad-cmd', `unknown fleet cmd ${JSON.stringify(x.type)}`);
}

/** A command from the city to a hall (s/cmd). */
export function checkCityCmd(payload: Buffer | string): Checked<CityCmdPayload> {
  const j = parseJson(payload);
  if (!j.ok) return j;
  const x = j.value;
  if (!isObj(x)) return bad('bad-cmd', 'cmd must be an object');
  if (x.type === 'resync') return isInt(x.from, 1) ? good({ type: 'resync', from: x.from }) : bad('bad-cmd', 'resync needs from');
  return checkFleetCmd(x);
}

function checkFleetStatus(x: unknown): boolean {
  if (!isObj(x) || !isInt(x.version) || !['running', 'applied', 'invalid', 'rolled-back'].includes(x.status as string)) return false;
  if (x.offered !== undefined && !isInt(x.offered)) return false;
  for (const k of ['code', 'message', 'transaction'] as const) if (x[k] !== undefined && !isStr(x[k], 2000)) return false;
  return true;
}

/** A terminal's fleet report (d/{dev}/fleet). */
export function checkFleet(payload: Buffer | string): Checked<FleetPayload> {
  const j = parseJson(payload);
  if (!j.ok) return j;
  const x = j.value;
  if (!isObj(x) || typeof x.ts !== 'number' || !isInt(x.boot) || !checkFleetStatus(x.config)) return bad('bad-fleet', 'fleet report needs ts, boot, config{version, status}');
  return good(x as unknown as FleetPayload);
}

/**
 * A room terminal's status (d/{dev}/room): the shape the admin screen reads, bounded, with masked IDs only
 * (a clear ID number anywhere in it refuses the whole message).
 */
export function checkRoomStatus(payload: Buffer | string, dev: string): Checked<RoomStatus> {
  const j = parseJson(payload);
  if (!j.ok) return j;
  const x = j.value;
  if (payload.length > 256 * 1024) return bad('too-large', 'room status over 256 KiB');
  if (!isObj(x) || x.terminal !== dev || typeof x.ts !== 'number') return bad('bad-room', 'room status needs terminal (= the topic device) and ts');
  if (!isObj(x.door) || !isObj(x.occupancy) || !isObj(x.entry) || !isObj(x.passages)) return bad('bad-room', 'room status needs door, entry, occupancy, passages');
  if (!Array.isArray(x.alarms) || !Array.isArray(x.recentAlarms) || !Array.isArray(x.lockers) || x.lockers.length > 2000 || x.alarms.length > 500) return bad('bad-room', 'room status needs alarms, recentAlarms, lockers lists');
  if (!isInt(x.occupancy.inside) || !Array.isArray(x.occupancy.people)) return bad('bad-room', 'occupancy needs inside and people');
  for (const a of [...x.alarms, ...x.recentAlarms]) if (!isObj(a) || !isStr(a.code, 40) || typeof a.since !== 'number' || !isObj(a.words) || !isStr(a.words.zh, 500) || !isStr(a.words.en, 500)) return bad('bad-room', 'an alarm needs code, since, words');
  if (/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/.test(typeof payload === 'string' ? payload : payload.toString())) return bad('clear-id', 'room status must carry masked ID numbers only');
  return good(x as unknown as RoomStatus);
}

/** A hall's uplink birth or will (s/state). */
export function checkCityState(payload: Buffer | string): Checked<CityStatePayload> {
  const j = parseJson(payload);
  if (!j.ok) return j;
  const x = j.value;
  if (!isObj(x) || typeof x.online !== 'boolean' || !isInt(x.boot) || typeof x.ts !== 'number') return bad('bad-state', 'state needs online, boot, ts');
  if (x.head !== undefined && !isInt(x.head)) return bad('bad-state', 'head must be an integer');
  if (x.config !== undefined && !checkFleetStatus(x.config)) return bad('bad-state', 'config must be {version, status}');
  return good(x as unknown as CityStatePayload);
}

export function checkReq(payload: Buffer | string): Checked<ReqPayload> {
  const j = parseJson(payload);
  if (!j.ok) return j;
  const x = j.value;
  if (!isObj(x)) return bad('bad-req', 'req must be an object');
  if (x.transaction !== undefined && !isStr(x.transaction, 100)) return bad('bad-req', 'transaction must be a short string');
  if (x.type === 'sync') return isInt(x.after) ? good(x as unknown as ReqPayload) : bad('bad-req', 'sync needs after');
  if (x.type === 'issue') return checkFields(x, ISSUE_REQ_FIELDS, ['type', 'transaction', 'ticketId', 'service', 'channel']);
  if (x.type === 'check-in') {
    const c = checkFields(x, CHECK_IN_REQ_FIELDS, ['type', 'transaction', 'ticketId']);
    if (c.ok && (x.booking === undefined) === (x.idHash === undefined)) return bad('bad-req', 'check-in needs either booking or idHash');
    return c;
  }
  if (x.type === 'lease') {
    const dayOk = x.day === undefined || (typeof x.day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(x.day));
    return isStr(x.prefix, 4) && isInt(x.size, 1) && dayOk ? good(x as unknown as ReqPayload) : bad('bad-req', 'lease needs prefix, size and an optional day YYYY-MM-DD');
  }
  return bad('bad-req', `unknown req ${JSON.stringify(x.type)}`);
}

/** A string a terminal reports for people to read (a device name, a fault reason): bounded and ID-masked. */
const label = (x: unknown, max: number): string | undefined => (typeof x === 'string' && x.length <= max ? maskIfIdNumber(x) : undefined);

/** A device birth or will, rebuilt from its known fields (bounded; nothing else a terminal adds is kept). */
export function checkDeviceState(payload: Buffer | string): Checked<DeviceStatePayload> {
  const j = parseJson(payload);
  if (!j.ok) return j;
  const x = j.value;
  if (!isObj(x) || typeof x.online !== 'boolean' || !isInt(x.boot) || typeof x.ts !== 'number' || !Number.isFinite(x.ts)) return bad('bad-state', 'state needs online, boot, ts');
  if (x.lastSeq !== undefined && !isInt(x.lastSeq)) return bad('bad-state', 'lastSeq must be an integer');
  if (x.schema !== undefined && !isInt(x.schema)) return bad('bad-state', 'schema must be an integer');
  const role = label(x.role, 16);
  const appVer = label(x.appVer, 32);
  return good({
    online: x.online,
    boot: x.boot,
    ts: x.ts,
    ...(x.lastSeq !== undefined ? { lastSeq: x.lastSeq } : {}),
    ...(role !== undefined ? { role } : {}),
    ...(appVer !== undefined ? { appVer } : {}),
    ...(x.schema !== undefined ? { schema: x.schema } : {}),
  });
}

const DEVICE_KINDS: readonly DeviceKind[] = ['printer', 'idcard', 'scanner', 'evaluator', 'relay', 'locker', 'display', 'camera'];
const HEALTH_STATES: readonly string[] = ['ok', 'degraded', 'offline'];
/** Most peripherals one terminal reports. */
export const MAX_HEALTH_DEVICES = 32;

/**
 * A terminal's peripheral health (retained d/{dev}/health), rebuilt field by field: it reaches the admin
 * screen through GET /api/v1/devices, so strings are bounded and ID-masked and unknown fields dropped.
 */
export function checkHealth(payload: Buffer | string): Checked<HealthPayload> {
  const j = parseJson(payload);
  if (!j.ok) return j;
  const x = j.value;
  if (!isObj(x) || typeof x.ts !== 'number' || !Number.isFinite(x.ts) || !Array.isArray(x.devices)) return bad('bad-health', 'health needs ts and devices');
  if (x.devices.length > MAX_HEALTH_DEVICES) return bad('bad-health', `at most ${MAX_HEALTH_DEVICES} devices`);
  const devices: HealthPayload['devices'] = [];
  for (const d of x.devices) {
    if (!isObj(d) || !isObj(d.health)) return bad('bad-health', 'each device needs id, kind, health');
    const id = label(d.id, 64);
    const h = d.health;
    if (id === undefined || id === '' || !DEVICE_KINDS.includes(d.kind as DeviceKind) || !HEALTH_STATES.includes(h.state as string) || typeof h.since !== 'number' || !Number.isFinite(h.since)) {
      return bad('bad-health', 'each device needs id, a known kind, a health state and since');
    }
    const code = label(h.code, 64);
    const reason = isObj(h.reason) ? { zh: label(h.reason.zh, 200), en: label(h.reason.en, 200) } : undefined;
    if ((h.code !== undefined && code === undefined) || (h.reason !== undefined && (reason?.zh === undefined || reason.en === undefined))) return bad('bad-health', 'health code and reason must be short strings');
    // Issue 14: a reader that serves the room's door says which side (the screens name it in words).
    const use = d.use === 'door-in' || d.use === 'door-out' ? d.use : undefined;
    devices.push({ id, kind: d.kind as DeviceKind, health: { state: h.state as DeviceHealth['state'], since: h.since, ...(code !== undefined ? { code } : {}), ...(reason ? { reason: { zh: reason.zh!, en: reason.en! } } : {}) }, ...(use ? { use } : {}) });
  }
  const sync = isObj(x.sync) && isInt(x.sync.backlog) && isInt(x.sync.acked) ? { backlog: x.sync.backlog, acked: x.sync.acked } : undefined;
  return good({ ts: x.ts, devices, ...(sync ? { sync } : {}) });
}

export function checkHostState(payload: Buffer | string): Checked<HostStatePayload> {
  const j = parseJson(payload);
  if (!j.ok) return j;
  const x = j.value;
  if (!isObj(x) || typeof x.online !== 'boolean' || typeof x.ts !== 'number') return bad('bad-state', 'host state needs online, ts');
  if (x.head !== undefined && !isInt(x.head)) return bad('bad-state', 'head must be an integer');
  return good(x as unknown as HostStatePayload);
}

/** The fields a kiosk may state when it asks the hall for a ticket, each in its own format (nothing else). */
const ISSUE_REQ_FIELDS: ReadonlyMap<string, (v: unknown) => boolean> = new Map<string, (v: unknown) => boolean>([
  ['type', (v) => v === 'issue'],
  ['transaction', (v) => isStr(v, 100) && v.length > 0],
  ['ticketId', (v) => typeof v === 'string' && /^[0-9a-f-]{8,64}$/.test(v)],
  ['service', (v) => typeof v === 'string' && /^[A-Za-z0-9_-]{1,16}$/.test(v)],
  ['channel', (v) => v === 'kiosk'],
  ['idHash', (v) => typeof v === 'string' && /^[0-9a-f]{16,128}$/.test(v)],
  // A mask shows at most 3 + 4 characters of the number: never a whole ID number.
  ['idMasked', (v) => typeof v === 'string' && /^[0-9A-Za-z]{0,6}\*{4,16}[0-9Xx]{0,4}$/.test(v)],
  ['birthDate', (v) => typeof v === 'string' && /^\d{8}$/.test(v)],
  ['nameMasked', (v) => typeof v === 'string' && v.length <= 20 && v.includes('*')],
]);
const CHECK_IN_REQ_FIELDS: ReadonlyMap<string, (v: unknown) => boolean> = new Map<string, (v: unknown) => boolean>([
  ['type', (v) => v === 'check-in'],
  ['transaction', ISSUE_REQ_FIELDS.get('transaction')!],
  ['ticketId', ISSUE_REQ_FIELDS.get('ticketId')!],
  ['booking', (v) => typeof v === 'string' && /^[A-Za-z0-9_-]{4,64}$/.test(v)],
  ['idHash', ISSUE_REQ_FIELDS.get('idHash')!],
  ['birthDate', ISSUE_REQ_FIELDS.get('birthDate')!],
]);

/** Only the listed fields, each in its format; a fresh object is returned (nothing else travels on). */
function checkFields(x: Record<string, unknown>, fields: ReadonlyMap<string, (v: unknown) => boolean>, required: readonly string[]): Checked<ReqPayload> {
  for (const key of Object.keys(x)) {
    const ok = fields.get(key);
    if (!ok) return bad('bad-req', `${String(x.type)} may not carry "${key.slice(0, 40)}"`);
    if (!ok(x[key])) return bad('bad-req', `${String(x.type)} field "${key}" is not in its format`);
  }
  for (const key of required) if (x[key] === undefined) return bad('bad-req', `${String(x.type)} needs ${key}`);
  const out: Record<string, unknown> = {};
  for (const key of fields.keys()) if (x[key] !== undefined) out[key] = x[key];
  return good(out as unknown as ReqPayload);
}
