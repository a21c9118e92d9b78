/**
 * `halledge staff import`: the HR list (CSV, clear credentials) → hall.yaml `staff.members` (verifiers only).
 * The directory then travels with hall.yaml (fleet pushes included) to every node. Rows are checked one by one
 * and every problem is named with its line; nothing is written unless every row is good. The clear card numbers,
 * ID numbers and passwords never leave this process: the output holds `sha256(scrypt(…))` verifiers.
 *
 * CSV columns (header row, UTF-8, comma-separated; a field may be quoted): id, name, staffNo, title, roles
 * (`window;manager`), windows (`1;2`), covers (`1002;1003`), staffCard, idNumber, password, disabled (yes/no).
 * An empty credential column keeps what hall.yaml already has for that person (merge); `--replace` drops the
 * members the list no longer names.
 */
import fs from 'node:fs';
import { Document, isMap, isNode, isScalar, isSeq, parseDocument } from 'yaml';
import type { StaffMember, StaffRole } from '../core/config';
import { parseIdNumber } from '../core/idnumber';
import { maskIdNumber } from '../core/mask';
import { STAFF_ID } from '../core/staff';
import { makeCardVerifier, makePassword, passwordProblem } from './credentials';

const ROLES: readonly StaffRole[] = ['window', 'manager', 'handler', 'auditor', 'admin'];
const COLUMNS = ['id', 'name', 'staffNo', 'title', 'roles', 'windows', 'covers', 'staffCard', 'idNumber', 'password', 'disabled'] as const;
type Column = (typeof COLUMNS)[number];

export class StaffImportError extends Error {
  constructor(readonly problems: string[]) {
    super(`staff list has problems:\n  ${problems.join('\n  ')}`);
    this.name = 'StaffImportError';
  }
}

/** RFC 4180-ish: quoted fields with "" escapes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((x) => x.trim() !== ''));
}

export interface ImportRow {
  line: number;
  id: string;
  name: string;
  staffNo: string;
  title: string;
  roles: StaffRole[];
  windows: number[];
  covers: string[];
  staffCard?: string;
  idNumber?: string;
  password?: string;
  disabled: boolean;
}

const list = (s: string) => s.split(/[;；|]/).map((x) => x.trim()).filter(Boolean);

/** The rows of a staff CSV, every problem with its line (file label for the messages). */
export function readStaffCsv(text: string, label: string, windowNos: ReadonlySet<number>): ImportRow[] {
  const rows = parseCsv(text);
  if (!rows.length) throw new StaffImportError([`${label}: the file is empty`]);
  const head = rows[0]!.map((h) => h.trim());
  const problems: string[] = [];
  for (const h of head) if (!(COLUMNS as readonly string[]).includes(h)) problems.push(`${label}:1 unknown column "${h}" (known: ${COLUMNS.join(', ')})`);
  for (const need of ['id', 'name'] as const) if (!head.includes(need)) problems.push(`${label}:1 needs a column "${need}"`);
  if (problems.length) throw new StaffImportError(problems);
  const col = (r: string[], c: Column) => (head.indexOf(c) >= 0 ? (r[head.indexOf(c)] ?? '').trim() : '');
  const out: ImportRow[] = [];
  const seen = new Map<string, number>();
  rows.slice(1).forEach((r, i) => {
    const line = i + 2;
    const at = `${label}:${line}`;
    const id = col(r, 'id');
    if (!STAFF_ID.test(id)) problems.push(`${at} id must be letters, digits, "-" or "_" (got "${id}")`);
    if (seen.has(id)) problems.push(`${at} id ${id} is already on line ${seen.get(id)}`);
    seen.set(id, line);
    const name = col(r, 'name');
    if (!name) problems.push(`${at} name is empty`);
    const roles = list(col(r, 'roles') || 'window');
    for (const x of roles) if (!(ROLES as readonly string[]).includes(x)) problems.push(`${at} role "${x}" is not one of ${ROLES.join(', ')}`);
    const windows: number[] = [];
    for (const w of list(col(r, 'windows'))) {
      const n = Number(w);
      if (!Number.isInteger(n) || !windowNos.has(n)) problems.push(`${at} window "${w}" is not a window of this hall`);
      else windows.push(n);
    }
    const idNumber = col(r, 'idNumber');
    if (idNumber) {
      const p = parseIdNumber(idNumber);
      if (!p.ok) problems.push(`${at} idNumber ${maskIdNumber(idNumber)}: ${p.error.message}`);
    }
    const password = col(r, 'password');
    if (password) {
      const why = passwordProblem(password, { id, staffNo: col(r, 'staffNo') });
      if (why) problems.push(`${at} password: ${why}`);
    }
    const disabled = /^(yes|true|1|是|停用)$/i.test(col(r, 'disabled'));
    out.push({
      line, id, name, staffNo: col(r, 'staffNo'), title: col(r, 'title') || '窗口工作人员', roles: roles as StaffRole[], windows, covers: list(col(r, 'covers')),
      ...(col(r, 'staffCard') ? { staffCard: col(r, 'staffCard') } : {}), ...(idNumber ? { idNumber } : {}), ...(password ? { password } : {}), disabled,
    });
  });
  for (const r of out) for (const c of r.covers) if (!seen.has(c)) problems.push(`${label}:${r.line} covers "${c}", who is not in the list`);
  if (problems.length) throw new StaffImportError(problems);
  return out;
}

/** The members the rows make, merged with those hall.yaml already has (credentials kept when a column is empty). */
export async function membersFrom(rows: readonly ImportRow[], hallId: string, existing: readonly StaffMember[], replace: boolean): Promise<StaffMember[]> {
  const old = new Map(existing.map((m) => [m.id, m]));
  const made: StaffMember[] = [];
  for (const r of rows) {
    const prev = old.get(r.id);
    const cards: string[] = [];
    if (r.staffCard) cards.push(await makeCardVerifier(hallId, 'staff', r.staffCard));
    if (r.idNumber) cards.push(await makeCardVerifier(hallId, 'id', r.idNumber));
    const password = r.password ? await makePassword(r.password) : prev?.password;
    made.push({
      id: r.id, name: r.name, staffNo: r.staffNo, title: r.title, roles: r.roles, windows: r.windows, covers: r.covers, disabled: r.disabled,
      cards: cards.length ? cards : prev?.cards ?? [],
      ...(password ? { password } : {}),
      ...(prev?.photoUrl ? { photoUrl: prev.photoUrl } : {}),
    });
  }
  if (replace) return made;
  const named = new Set(made.map((m) => m.id));
  return [...existing.filter((m) => !named.has(m.id)), ...made];
}

/**
 * hall.yaml with `staff.members` set. Only the `staff:` block is rewritten (the rest of the file, its comments
 * and alignment, stays byte for byte); a file without one gets it at the end.
 */
export function withMembers(text: string, members: readonly StaffMember[]): string {
  const doc = parseDocument(text);
  if (!isMap(doc.contents)) throw new StaffImportError(['hall.yaml: the top level is not a mapping']);
  const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'staff');
  const rest = pair && isMap(pair.value) ? (pair.value.toJSON() as Record<string, unknown>) : {};
  const block = new Document({ staff: { ...rest, members: members.map((m) => ({ ...m })) } });
  const staffNode = block.get('staff', true);
  const seq = isMap(staffNode) ? staffNode.get('members', true) : undefined;
  if (isSeq(seq)) for (const item of seq.items) if (isMap(item)) item.flow = true;
  const out = '# 人员名录 / staff directory — written by `halledge staff import`: verifiers only, never a card number or password\n' + block.toString({ lineWidth: 0 });
  if (!pair || !isScalar(pair.key) || !pair.key.range) return text.replace(/\n*$/, '\n\n') + out;
  const start = pair.key.range[0];
  const end = isNode(pair.value) && pair.value.range ? pair.value.range[2] : pair.key.range[2];
  // The comment line written with the block the last time goes with it.
  const head = text.slice(0, start).replace(/#[^\n]*staff directory[^\n]*\n+$/, '');
  return head + out + text.slice(end).replace(/^\n/, '');
}

export async function importStaff(o: { configFile: string; csvFile: string; hallId: string; windowNos: ReadonlySet<number>; existing: readonly StaffMember[]; replace: boolean }): Promise<{ members: StaffMember[]; rows: ImportRow[]; yaml: string }> {
  const rows = readStaffCsv(fs.readFileSync(o.csvFile, 'utf8'), o.csvFile, o.windowNos);
  const members = await membersFrom(rows, o.hallId, o.existing, o.replace);
  return { members, rows, yaml: withMembers(fs.readFileSync(o.configFile, 'utf8'), members) };
}
