/** Checks JSON Schema cannot express: uniqueness, references between sections, time ranges. */
import { skillTier, type TimeRange } from '../core/config';
import type { RawConfig } from './raw';

export interface CrossProblem {
  path: Array<string | number>;
  message: string;
}

function checkRanges(ranges: TimeRange[] | undefined, base: Array<string | number>, out: CrossProblem[]): void {
  (ranges ?? []).forEach((r, i) => {
    if (r.start >= r.end) out.push({ path: [...base, i], message: `start ${r.start} must be before end ${r.end}` });
  });
}

export function crossCheck(c: RawConfig): CrossProblem[] {
  const out: CrossProblem[] = [];
  try {
    new Intl.DateTimeFormat('en', { timeZone: c.hall.timezone });
  } catch {
    out.push({ path: ['hall', 'timezone'], message: `is not a known IANA timezone (got "${c.hall.timezone}")` });
  }
  for (const key of ['weekday', 'saturday', 'sunday'] as const) checkRanges(c.hours[key], ['hours', key], out);
  const ids = new Map<string, number>();
  const prefixes = new Map<string, number>();
  c.services.forEach((s, i) => {
    if (ids.has(s.id)) out.push({ path: ['services', i, 'id'], message: `duplicates services[${ids.get(s.id)}].id "${s.id}"` });
    else ids.set(s.id, i);
    if (prefixes.has(s.prefix)) out.push({ path: ['services', i, 'prefix'], message: `duplicates services[${prefixes.get(s.prefix)}].prefix "${s.prefix}"` });
    else prefixes.set(s.prefix, i);
    checkRanges(s.hours, ['services', i, 'hours'], out);
    s.periodCaps.forEach((p, j) => {
      if (p.start >= p.end) out.push({ path: ['services', i, 'periodCaps', j], message: `start ${p.start} must be before end ${p.end}` });
    });
  });
  const windowNos = new Map<number, number>();
  c.windows.forEach((w, i) => {
    if (windowNos.has(w.no)) out.push({ path: ['windows', i, 'no'], message: `duplicates windows[${windowNos.get(w.no)}].no ${w.no}` });
    else windowNos.set(w.no, i);
    for (const sid of Object.keys(w.skills)) {
      if (!ids.has(sid)) out.push({ path: ['windows', i, 'skills', sid], message: `names service "${sid}", which is not in services` });
    }
  });
  c.services.forEach((s, i) => {
    if (!c.windows.some((w) => skillTier(w, s.id) !== undefined)) out.push({ path: ['services', i, 'id'], message: `"${s.id}" is served by no window (add it to some window's skills)` });
  });
  const termIds = new Map<string, number>();
  c.terminals.forEach((t, i) => {
    if (termIds.has(t.id)) out.push({ path: ['terminals', i, 'id'], message: `duplicates terminals[${termIds.get(t.id)}].id "${t.id}"` });
    else termIds.set(t.id, i);
    if ((t.role === 'counter' || t.role === 'evaluator') && t.window === undefined) out.push({ path: ['terminals', i], message: `a ${t.role} terminal needs "window"` });
    if (t.window !== undefined && !windowNos.has(t.window)) out.push({ path: ['terminals', i, 'window'], message: `window ${t.window} is not in windows` });
    (t.services ?? []).forEach((sid, j) => {
      if (!ids.has(sid)) out.push({ path: ['terminals', i, 'services', j], message: `names service "${sid}", which is not in services` });
    });
  });
  checkStaff(c, windowNos, out);
  checkEndpoint(c.evaluation.export.adapter !== 'none' ? c.evaluation.export.url : undefined, ['evaluation', 'export', 'url'], c.evaluation.export.adapter !== 'none', out);
  checkEndpoint(c.notifications.gateway.type !== 'none' ? c.notifications.gateway.url : undefined, ['notifications', 'gateway', 'url'], c.notifications.gateway.type !== 'none', out);
  checkRanges(c.afterHours?.schedule, ['afterHours', 'schedule'], out);
  if (c.afterHours?.mode === 'schedule' && !c.afterHours.schedule?.length) out.push({ path: ['afterHours', 'schedule'], message: 'mode schedule needs at least one range' });
  if (c.room) {
    const r = c.room;
    const t = c.terminals.find((x) => x.id === r.terminal);
    if (c.terminals.length && !t) out.push({ path: ['room', 'terminal'], message: `"${r.terminal}" is not in terminals` });
    else if (t && t.role !== 'room') out.push({ path: ['room', 'terminal'], message: `"${r.terminal}" is a ${t.role} terminal, not a room` });
    checkRanges(r.hours, ['room', 'hours'], out);
    if (r.door.exitInput && r.door.exitInput === r.door.doorInput) out.push({ path: ['room', 'door', 'doorInput'], message: `the door contact and the exit button cannot share input ${r.door.exitInput}` });
    if (r.door.exitReader && r.door.exitReader === r.door.entryReader) out.push({ path: ['room', 'door', 'exitReader'], message: 'the exit reader must be another device than the entry reader' });
    const seen = new Map<number, number>();
    let next = 1;
    r.lockers.banks.forEach((b, i) => {
      const first = b.firstNo ?? next;
      next = first + b.locks;
      for (let no = first; no < first + b.locks; no++) {
        if (seen.has(no)) {
          out.push({ path: ['room', 'lockers', 'banks', i], message: `locker ${no} is also numbered by banks[${seen.get(no)}]` });
          break;
        }
        seen.set(no, i);
      }
    });
  }
  return out;
}

/** Staff ids unique, home windows exist, AB covers name members, and a card belongs to one person only. */
function checkStaff(c: RawConfig, windowNos: Map<number, number>, out: CrossProblem[]): void {
  const ids = new Map<string, number>();
  const cards = new Map<string, string>();
  c.staff.members.forEach((m, i) => {
    if (ids.has(m.id)) out.push({ path: ['staff', 'members', i, 'id'], message: `duplicates staff.members[${ids.get(m.id)}].id "${m.id}"` });
    else ids.set(m.id, i);
    m.windows.forEach((w, j) => {
      if (!windowNos.has(w)) out.push({ path: ['staff', 'members', i, 'windows', j], message: `window ${w} is not in windows` });
    });
    m.cards.forEach((v, j) => {
      const other = cards.get(v);
      if (other !== undefined && other !== m.id) out.push({ path: ['staff', 'members', i, 'cards', j], message: `is also a card of ${other}: a card belongs to one person` });
      cards.set(v, m.id);
    });
  });
  c.staff.members.forEach((m, i) => {
    m.covers.forEach((id, j) => {
      if (!ids.has(id)) out.push({ path: ['staff', 'members', i, 'covers', j], message: `names "${id}", who is not in staff.members` });
      else if (id === m.id) out.push({ path: ['staff', 'members', i, 'covers', j], message: 'a member cannot stand in for themselves' });
    });
  });
}

/** C6: https to other machines; plain http only to this machine (a local relay). */
function checkEndpoint(url: string | undefined, path: Array<string | number>, required: boolean, out: CrossProblem[]): void {
  if (!required) return;
  if (!url) return void out.push({ path, message: 'is required for this adapter' });
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return void out.push({ path, message: `is not a URL (got "${url}")` });
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && local)) out.push({ path, message: `must be https (plain http only to this machine) (got "${url}")` });
}
