/** `halledge staff import | list`: an HR list becomes hall.yaml's staff directory, verifiers only (C8). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadHallConfig } from '../../src/config/load';
import { staffCommands } from '../../src/cli/staff-commands';
import { checkPassword, memberByCard } from '../../src/staff/credentials';
import { runCommand } from '../helpers/cli';

const ROOT = path.resolve(__dirname, '..', '..');
let dir: string;
let yaml: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-staff-'));
  yaml = path.join(dir, 'hall.yaml');
  // The sample hall without its directory (the import writes one).
  const text = fs.readFileSync(path.join(ROOT, 'config', 'hall.yaml'), 'utf8').replace(/\n# 人员名录[\s\S]*$/, '\n');
  fs.writeFileSync(yaml, text);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const csv = (rows: string[]) => {
  const f = path.join(dir, 'staff.csv');
  fs.writeFileSync(f, ['id,name,staffNo,title,roles,windows,covers,staffCard,idNumber,password,disabled', ...rows].join('\n') + '\n');
  return f;
};

describe('halledge staff import', () => {
  it('writes the members with verifiers only; cards and passwords check against them; the rest of hall.yaml is untouched', async () => {
    const before = fs.readFileSync(yaml, 'utf8');
    const f = csv(['1001,王晓明,SF1001,窗口工作人员,window,1,1002,HE-1001-AAAA,,Secret2026a,', '1002,李丽华,SF1002,窗口工作人员,window,2,1001,,310117199205089966,Secret2026b,', '2001,周主任,SF2001,大厅主任,manager;handler,,,,,Secret2026c,']);
    const r = await runCommand(staffCommands, ['staff', 'import', '--config', yaml, '--from', f]);
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain('3 staff members written');
    expect(r.out).toContain('delete it now');
    const text = fs.readFileSync(yaml, 'utf8');
    expect(text.startsWith(before.trimEnd())).toBe(true);
    for (const clear of ['HE-1001-AAAA', '310117199205089966', 'Secret2026']) expect(text).not.toContain(clear);
    const members = loadHallConfig(yaml).staff!.members;
    expect(members.map((m) => [m.id, m.windows, m.covers, m.roles])).toEqual([['1001', [1], ['1002'], ['window']], ['1002', [2], ['1001'], ['window']], ['2001', [], [], ['manager', 'handler']]]);
    expect((await memberByCard(members, 'sample-district-hall', 'staff', 'he-1001-aaaa'))?.member.id).toBe('1001');
    expect((await memberByCard(members, 'sample-district-hall', 'id', '310117199205089966'))?.member.id).toBe('1002');
    expect(await memberByCard(members, 'sample-district-hall', 'staff', 'HE-1001-AAAB')).toBeUndefined();
    expect(await checkPassword(members[0]!, 'Secret2026a')).toBeDefined();
    expect(await checkPassword(members[0]!, 'Secret2026b')).toBeUndefined();
    // Importing again with an empty credential column keeps the credentials hall.yaml has.
    const again = csv(['1001,王晓明,SF1001,科员,window,1,,,,,']);
    expect((await runCommand(staffCommands, ['staff', 'import', '--config', yaml, '--from', again])).code).toBe(0);
    const merged = loadHallConfig(yaml).staff!.members;
    expect(merged.find((m) => m.id === '1001')).toMatchObject({ title: '科员', cards: members[0]!.cards, password: members[0]!.password });
    expect(merged).toHaveLength(3);
    expect(fs.readFileSync(yaml, 'utf8').match(/人员名录/g)).toHaveLength(1);
    const list = await runCommand(staffCommands, ['staff', 'list', '--config', yaml]);
    expect(list.out).toMatch(/1001\s+王晓明 .*windows 1 .*1 card\(s\)\s+password/);
  }, 30_000);

  it('every bad row is named with its line, and nothing is written', async () => {
    const before = fs.readFileSync(yaml, 'utf8');
    const f = csv(['1001,王晓明,SF1001,,window,99,,,,short,', '1001,重复,SF1,,boss,,9999,,110105198506140018,Secret2026a,', ',无工号,,,,,,,,,']);
    const r = await runCommand(staffCommands, ['staff', 'import', '--config', yaml, '--from', f]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('staff.csv:2 window "99" is not a window of this hall');
    expect(r.err).toContain('staff.csv:2 password: 密码至少 8 位');
    expect(r.err).toContain('staff.csv:3 id 1001 is already on line 2');
    expect(r.err).toContain('staff.csv:3 role "boss"');
    expect(r.err).toMatch(/staff\.csv:3 idNumber 110\*+0018: /);
    expect(r.err).toContain('staff.csv:3 covers "9999", who is not in the list');
    expect(r.err).toContain('staff.csv:4 id must be');
    expect(r.err).not.toContain('110105198506140018');
    expect(fs.readFileSync(yaml, 'utf8')).toBe(before);
  });

  it('a card shared by two people is refused by the config check (a card belongs to one person)', async () => {
    const f = csv(['1001,王晓明,SF1001,,window,1,,SAME-CARD,,,', '1002,李丽华,SF1002,,window,2,,SAME-CARD,,,']);
    const r = await runCommand(staffCommands, ['staff', 'import', '--config', yaml, '--from', f]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/hall\.yaml:\d+:\d+ staff\.members\[1\]\.cards\[0\] is also a card of 1001: a card belongs to one person/);
  });
});
