/**
 * Names that are also Object.prototype members (`constructor`, `toString`, `__proto__`…) as service ids,
 * ticket ids, booking codes, device ids, CLI words and flags: looked up as own keys only (issue 8).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Harness } from '../helpers/engine';
import { testHallConfig } from '../helpers/config';
import type { ServiceConfig } from '../../src/core/config';
import { own, setOwn } from '../../src/core/own';
import { parseHallConfig, ConfigError } from '../../src/config/load';
import { checkCredentials, credentialsFor, CredentialsError, deviceCredential, generateCredentials } from '../../src/sync/credentials';
import { flagString, parseArgs } from '../../drivers/command/args';
import { main } from '../../src/cli/main';
import { createLogger } from '../../src/util/log';

const PROTO = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('own / setOwn', () => {
  it('see own properties only, and setOwn never replaces a prototype', () => {
    const r: Record<string, number> = { a: 1 };
    for (const k of PROTO) expect(own(r, k)).toBeUndefined();
    expect(own(r, 'a')).toBe(1);
    setOwn(r, '__proto__', 7);
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect(own(r, '__proto__')).toBe(7);
  });
});

describe('queue rules with inherited names', () => {
  const consult = (id: string): ServiceConfig => ({ ...testHallConfig().services[2]!, id, prefix: 'C' });

  it('B5 a window that does not list a service never calls its tickets, whatever the service is named', () => {
    for (const id of ['constructor', 'toString', 'valueOf']) {
      const h = new Harness(testHallConfig({ services: [...testHallConfig().services, consult(id)] }));
      h.issue(id);
      h.do({ type: 'login', at: h.now, window: 1, staffId: 's1' });
      expect(h.refuse({ type: 'call-next', at: h.tick().now, window: 1 }).code).toBe('queue-empty');
      const t = [...h.state.tickets.values()][0]!;
      expect(h.refuse({ type: 'call-ticket', at: h.tick().now, window: 1, ticket: t.id }).code).toBe('not-for-this-window');
    }
  });

  it('A3 a ticket whose id is "constructor" can be rated once, like any other', () => {
    const h = new Harness();
    h.issue('B', { ticketId: 'constructor', idHash: 'h1' });
    h.do({ type: 'login', at: h.now, window: 3, staffId: 's3' });
    h.do({ type: 'call-next', at: h.tick().now, window: 3 });
    h.do({ type: 'finish', at: h.tick().now, window: 3 });
    h.do({ type: 'rate', at: h.tick().now, window: 3, level: 'SATISFIED' });
    expect(h.refuse({ type: 'rate', at: h.tick().now, window: 3, ticket: 'constructor', level: 'BASIC' }).code).toBe('already-rated');
  });

  it('B11 a booking reference that names an inherited member is unknown', () => {
    const h = new Harness();
    for (const ref of PROTO) {
      expect(h.refuse({ type: 'cancel-booking', at: h.now, booking: ref }).code).toBe('unknown-booking');
      expect(h.refuse({ type: 'check-in', at: h.now, dev: 'k', ticketId: `t-${ref}`, booking: ref }).code).toBe('unknown-booking');
    }
  });
});

describe('config, credentials and the command line', () => {
  it('a service named "constructor" that no window lists is reported as served by no window', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'config', 'minimal.yaml'), 'utf8').replace('  - { id: A, prefix: A, name: 综合受理 }', '  - { id: A, prefix: A, name: 综合受理 }\n  - { id: constructor, prefix: C, name: 咨询 }');
    let problems: string[] = [];
    try {
      parseHallConfig(text, 'hall.yaml');
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems = err.problems;
    }
    expect(problems).toEqual([expect.stringMatching(/services\[1\]\.id "constructor" is served by no window/)]);
  });

  it('a credentials file is rebuilt from its checked fields; a null entry is a clear error, inherited names find no device', () => {
    const c = generateCredentials('h1', [{ id: 'constructor', role: 'kiosk' }]);
    const checked = checkCredentials(JSON.parse(JSON.stringify({ ...c, extra: 1, devices: { ...c.devices, constructor: { ...c.devices.constructor, admin: true } } })), 'c.json');
    expect(Object.keys(checked)).toEqual(['version', 'hall', 'piiHashKey', 'devices']);
    expect(Object.keys(checked.devices.constructor!)).toEqual(['role', 'secret']);
    expect(deviceCredential(checked, 'constructor')?.role).toBe('kiosk');
    for (const k of ['toString', '__proto__', 'valueOf']) {
      expect(deviceCredential(checked, k)).toBeUndefined();
      expect(() => credentialsFor(checked, k)).toThrow(CredentialsError);
    }
    expect(() => checkCredentials({ ...c, devices: { k1: null } }, 'c.json')).toThrow(/devices\.k1 must be an object/);
  });

  it('halledge emulate toString / constructor is bad usage (exit 2), not a call of Object.prototype', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'halledge-cli-'));
    for (const name of ['toString', 'constructor', '__proto__']) {
      const err: string[] = [];
      const code = await main(['emulate', name, '--link', path.join(dir, 'tty')], { out: () => undefined, err: (l) => err.push(l) });
      expect([name, code]).toEqual([name, 2]);
      expect(err.join('\n')).toMatch(/no emulator for/);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a flag that was not given reads as absent, even one named like an Object member', () => {
    const args = parseArgs(['--port', '/dev/x']);
    for (const name of PROTO) expect(flagString(args, name)).toBeUndefined();
    expect(flagString(parseArgs(['--constructor', 'x']), 'constructor')).toBe('x');
  });

  it('a log level named like an Object member falls back to info', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'constructor' as never, sink: (l) => lines.push(l) });
    log.debug('hidden');
    log.info('shown');
    expect(lines.map((l) => l.includes('shown'))).toEqual([true]);
  });
});
