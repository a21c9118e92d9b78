/**
 * The qsync v1 topic tree (sync.md §8) as a typed table: template → payload type, QoS, retain, who
 * publishes. Every topic string in HallEdge is built by `topic()` or parsed by `parseTopic()`; nobody
 * concatenates topic strings. docs/sync.md's topic table is generated from TOPICS (`npm run docs:sync`
 * is not needed: test/sync/topics.test.ts fails when the table in docs/sync.md is stale).
 */
import type { Envelope } from '../core/envelope';
import type { AckPayload, DeviceStatePayload, DisplayDeltaPayload, DisplaySnapshotPayload, FleetStatus, HealthPayload, HostStatePayload } from '../contract/sync';
import type { RoomStatus } from '../contract/room';

export type { AckPayload, DeviceStatePayload, DisplayDeltaPayload, DisplaySnapshotPayload, FleetStatus, HealthPayload, HostStatePayload };

export const PROTOCOL = 'qs';
export const PROTOCOL_VERSION = 1;
/** The hall server's device id on the wire (its own stream, its state); terminals must not use it. */
export const HALL_DEV = 'hall-server';

// ---------------------------------------------------------------------------------------------
// Payloads
// ---------------------------------------------------------------------------------------------

/** Terminal → hall: one or more of the device's own envelopes, seq strictly +1 inside the array. */
export type EvtPayload = Envelope[];

/** Hall → terminal commands. Replies echo the request's `transaction`. */
export type CmdPayload =
  | { type: 'resync'; from: number }
  | { type: 'rebirth' }
  | FleetCmd
  | ({ type: 'sync'; transaction?: string } & StreamChunk)
  | { type: 'lease-refused'; transaction?: string; prefix: string; code: string; message: string }
  /** The hall issued the ticket a kiosk asked for; it is in the stream at or before hall seq `hseq`. */
  | { type: 'issued'; transaction: string; ticketId: string; number: string; hseq: number }
  /** The hall refused the ticket (B2 duplicate, a cap, hours…), in words; the kiosk shows it and prints nothing. */
  | { type: 'issue-refused'; transaction: string; code: string; status: number; message: string; existingTicket?: unknown };

/**
 * Fleet commands (hall → terminal on d/{dev}/cmd, city → hall on s/cmd): a configuration to validate and
 * apply (the whole hall.yaml as text, so the receiver's validator can name line and key), or a restart.
 */
export type FleetCmd =
  | { type: 'config'; version: number; yaml: string; transaction?: string }
  | { type: 'restart'; reason?: string; transaction?: string };

/** What a node reports about the configuration it runs (retained, d/{dev}/fleet and s/state). */

export interface FleetPayload {
  ts: number;
  boot: number;
  config: FleetStatus;
}

/** City ingest → hall: resync from a seq (a gap) or a fleet command. */
export type CityCmdPayload = { type: 'resync'; from: number } | FleetCmd;

/** Hall server → city, retained: birth / last will of the uplink. */
export interface CityStatePayload {
  online: boolean;
  boot: number;
  ts: number;
  /** The hall's stream head at birth. */
  head?: number;
  config?: FleetStatus;
}

/** Terminal → hall requests. */
export type ReqPayload =
  | { type: 'sync'; after: number; transaction?: string }
  | { type: 'lease'; prefix: string; size: number; /** A later business day (YYYY-MM-DD); default today. */ day?: string; transaction?: string }
  | IssueReq
  | CheckInReq;

/** A kiosk checks a booking in at the hall (B11): by the booking QR's code or the swiped card's hash. */
export interface CheckInReq {
  type: 'check-in';
  transaction: string;
  ticketId: string;
  booking?: string;
  idHash?: string;
  birthDate?: string;
}

/**
 * A kiosk asks the hall for a ticket while the hall is reachable (one sequence per prefix across kiosks).
 * Only what a kiosk may state: the hall takes the time from its own clock and the issuer from the topic.
 */
export interface IssueReq {
  type: 'issue';
  transaction: string;
  ticketId: string;
  service: string;
  channel: 'kiosk';
  idHash?: string;
  idMasked?: string;
  birthDate?: string;
  nameMasked?: string;
}

/** A run of the hall's committed stream (hall-authored envelopes, seq = hall order). */
export interface StreamChunk {
  /** First hall seq in `envs` (= previous `to` + 1). */
  from: number;
  /** Last hall seq in `envs` (from - 1 when empty). */
  to: number;
  /** The hall's head when sent; a receiver with to < head asks for more. */
  head: number;
  envs: Envelope[];
  /** Terminal inbox cursors reached at hall seq `to`: events of dev ≤ cursor are decided. */
  cursors: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

export interface TopicPayloads {
  'qs/v1/{hall}/d/{dev}/evt': EvtPayload;
  'qs/v1/{hall}/d/{dev}/ack': AckPayload;
  'qs/v1/{hall}/d/{dev}/cmd': CmdPayload;
  'qs/v1/{hall}/d/{dev}/req': ReqPayload;
  'qs/v1/{hall}/d/{dev}/state': DeviceStatePayload;
  'qs/v1/{hall}/d/{dev}/health': HealthPayload;
  'qs/v1/{hall}/d/{dev}/fleet': FleetPayload;
  'qs/v1/{hall}/d/{dev}/room': RoomStatus;
  'qs/v1/{hall}/host/state': HostStatePayload;
  'qs/v1/{hall}/b/stream': StreamChunk;
  'qs/v1/{hall}/b/queue': DisplaySnapshotPayload;
  'qs/v1/{hall}/b/delta': DisplayDeltaPayload;
  'qs/v1/{hall}/s/evt': EvtPayload;
  'qs/v1/{hall}/s/ack': AckPayload;
  'qs/v1/{hall}/s/cmd': CityCmdPayload;
  'qs/v1/{hall}/s/state': CityStatePayload;
}

export type TopicTemplate = keyof TopicPayloads;
export type PayloadOf<T extends TopicTemplate> = TopicPayloads[T];

export interface TopicSpec {
  qos: 0 | 1;
  retain: boolean;
  /** Who may publish: the device named in the topic, the hall server, or the hall ⇄ city link (s/*: on the hall's broker only the hall server; on the city broker the city's ACL). */
  publisher: 'device' | 'hall' | 'city';
  direction: string;
  doc: string;
}

export const TOPICS: { readonly [T in TopicTemplate]: TopicSpec } = {
  'qs/v1/{hall}/d/{dev}/evt': { qos: 1, retain: false, publisher: 'device', direction: 'terminal → hall', doc: 'The device outbox: a JSON array of envelopes, seq strictly +1 (batches of up to 100).' },
  'qs/v1/{hall}/d/{dev}/ack': { qos: 1, retain: false, publisher: 'hall', direction: 'hall → terminal', doc: 'Cumulative ack `{upTo, boot, hseq, serverTs, rejected?}`, sent only after the hall commit; repeats are re-acked.' },
  'qs/v1/{hall}/d/{dev}/cmd': { qos: 1, retain: false, publisher: 'hall', direction: 'hall → terminal', doc: '`resync{from}` on a gap, `rebirth`, `sync{…StreamChunk}` catch-up replies, `lease-refused`, fleet `config{version, yaml}` and `restart{reason?}`, `issued{ticketId, number, hseq}` / `issue-refused{code, message}` replies to an issue request.' },
  'qs/v1/{hall}/d/{dev}/req': { qos: 1, retain: false, publisher: 'device', direction: 'terminal → hall', doc: '`sync{after}` (catch up the committed stream), `lease{prefix, size, day?}` (number block, for today or the next open day), `issue{ticketId, service, idHash?, idMasked?, birthDate?, nameMasked?}` (a kiosk online takes its number from the hall), `check-in{ticketId, booking? \| idHash?, birthDate?}` (B11 at a kiosk). Replies echo `transaction`.' },
  'qs/v1/{hall}/d/{dev}/state': { qos: 1, retain: true, publisher: 'device', direction: 'terminal → all', doc: 'Birth `{online:true, boot, ts, lastSeq, role, appVer, schema}`; last will `{online:false, boot, ts}`.' },
  'qs/v1/{hall}/d/{dev}/health': { qos: 1, retain: true, publisher: 'device', direction: 'terminal → hall', doc: 'Peripheral health `{ts, devices:[{id, kind, health}]}`, listed by the hall in `GET /api/v1/devices`.' },
  'qs/v1/{hall}/d/{dev}/fleet': { qos: 1, retain: true, publisher: 'device', direction: 'terminal → hall', doc: 'Configuration the terminal runs `{ts, boot, config:{version, status: running|applied|invalid|rolled-back, offered?, code?, message?, transaction?}}`, after each push and at boot.' },
  'qs/v1/{hall}/d/{dev}/room': { qos: 1, retain: true, publisher: 'device', direction: 'room → hall', doc: 'The 24-hour room terminal\'s status `{terminal, ts, door, entry, occupancy, passages, alarms, recentAlarms, lockers, afterHours}` (masked IDs only), on every change; the hall shows it on admin (`GET /api/v1/room`, docs/room.md).' },
  'qs/v1/{hall}/host/state': { qos: 1, retain: true, publisher: 'hall', direction: 'hall → all', doc: 'Hall server STATE `{online, ts, head?}`; an offline older than the last online is ignored.' },
  'qs/v1/{hall}/b/stream': { qos: 1, retain: false, publisher: 'hall', direction: 'hall → terminals', doc: 'The committed stream: StreamChunk `{from, to, head, envs, cursors}` per hall transaction.' },
  'qs/v1/{hall}/b/queue': { qos: 1, retain: true, publisher: 'hall', direction: 'hall → displays', doc: 'Display snapshot `{hseq, view}` (masked: no ID numbers, surname-only names).' },
  'qs/v1/{hall}/b/delta': { qos: 1, retain: false, publisher: 'hall', direction: 'hall → displays', doc: 'Display delta `{sseq, calls, windows, services, totals}`; on a gap in sseq re-read b/queue.' },
  'qs/v1/{hall}/s/evt': { qos: 1, retain: false, publisher: 'city', direction: 'hall → city', doc: "The hall's own outbox (its committed stream) upward, same envelope, dev = hall-server." },
  'qs/v1/{hall}/s/ack': { qos: 1, retain: false, publisher: 'city', direction: 'city → hall', doc: 'City ingest ack `{upTo, boot, hseq, serverTs}` after its PostgreSQL commit; repeats are re-acked.' },
  'qs/v1/{hall}/s/cmd': { qos: 1, retain: false, publisher: 'city', direction: 'city → hall', doc: '`resync{from}` on a gap; fleet `config{version, yaml}` and `restart{reason?}`.' },
  'qs/v1/{hall}/s/state': { qos: 1, retain: true, publisher: 'city', direction: 'hall → city', doc: 'Uplink birth `{online:true, boot, ts, head, config}`; last will `{online:false, boot, ts}`.' },
};

export const TOPIC_TEMPLATES = Object.keys(TOPICS) as TopicTemplate[];

type Params<T extends string> = T extends `${string}{${infer P}}${infer Rest}` ? { [K in P | keyof Params<Rest>]: string } : {};

/** Device and hall ids: lower-case letters, digits, dashes (no MQTT wildcards or separators). */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,40}$/;

export class TopicError extends TypeError {}

/** Builds a topic from its template; every parameter must be a valid id. */
export function topic<T extends TopicTemplate>(template: T, params: Params<T>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = (params as Record<string, string>)[name];
    if (v === undefined || !ID_PATTERN.test(v)) throw new TopicError(`topic ${template}: "${name}" must match ${ID_PATTERN} (got ${JSON.stringify(v)})`);
    return v;
  });
}

/** A subscription filter: the template with some parameters replaced by `+`. */
export function filter<T extends TopicTemplate>(template: T, params: Partial<Params<T>>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = (params as Record<string, string | undefined>)[name];
    if (v === undefined) return '+';
    if (!ID_PATTERN.test(v)) throw new TopicError(`filter ${template}: "${name}" must match ${ID_PATTERN} (got ${JSON.stringify(v)})`);
    return v;
  });
}

export type ParsedTopic = { [T in TopicTemplate]: { template: T; params: Params<T> } }[TopicTemplate];

const MATCHERS = TOPIC_TEMPLATES.map((t) => ({
  template: t,
  names: [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
  re: new RegExp('^' + t.replace(/\{(\w+)\}/g, '([a-z0-9][a-z0-9-]{0,40})') + '$'),
}));

/** The template and parameters of a topic, or undefined for anything outside the tree. */
export function parseTopic(s: string): ParsedTopic | undefined {
  for (const m of MATCHERS) {
    const r = m.re.exec(s);
    if (!r) continue;
    const params: Record<string, string> = {};
    m.names.forEach((n, i) => (params[n] = r[i + 1]!));
    return { template: m.template, params } as ParsedTopic;
  }
  return undefined;
}

/** The topic table in Markdown (docs/sync.md between the TOPICS markers). */
export function topicTableMarkdown(): string {
  const rows = TOPIC_TEMPLATES.map((t) => {
    const s = TOPICS[t];
    return `| \`${t}\` | ${s.direction} | ${s.qos} / ${s.retain ? '**true**' : 'false'} | ${s.publisher} | ${s.doc} |`;
  });
  return ['| Topic | Direction | QoS / retain | Publisher | Payload |', '|---|---|---|---|---|', ...rows].join('\n');
}
