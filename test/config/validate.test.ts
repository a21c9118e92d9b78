import path from 'node:path';
import { ConfigError, loadHallConfig, loadHallSetup, parseHallConfig } from '../../src/config/load';

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'config', name);

function problemsOf(file: string): string[] {
  try {
    loadHallConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error(`${file} was accepted`);
}

describe('loadHallConfig', () => {
  it('accepts the shipped example hall (12 services, 30 windows) and fills defaults', () => {
    const c = loadHallConfig(path.join(__dirname, '..', '..', 'config', 'hall.yaml'));
    expect(c.services).toHaveLength(12);
    expect(c.windows).toHaveLength(30);
    expect(c.callPolicy.order).toEqual(['green', 'appointment', 'walkin']);
    expect(c.services.find((s) => s.id === 'Z')!.idRequired).toBe(false);
  });

  it('A6/A15 the README’s multi-process hall loads, and each window’s evaluator is its counter (rating works while the hall server is down)', () => {
    const s = loadHallSetup(path.join(__dirname, '..', '..', 'config', 'multi', 'hall.yaml'));
    const terminals = s.terminals ?? [];
    expect(terminals.filter((t) => t.role === 'counter').map((t) => t.window)).toEqual([1, 2]);
    expect(terminals.filter((t) => t.role === 'evaluator')).toEqual([]);
  });

  it('fills defaults for a minimal file', () => {
    const c = loadHallConfig(fixture('minimal.yaml'));
    expect(c.hall.timezone).toBe('Asia/Shanghai');
    expect(c.numbering.digits).toBe(3);
    expect(c.rules.missedCall).toEqual({ recalls: 2, then: 'suspend', rejoinBehind: 3 });
    expect(c.windows[0]!.label).toBe('1号窗口');
  });

  it('names file, line, column and key path of a wrong value', () => {
    expect(problemsOf(fixture('bad-baud.yaml'))).toEqual([
      'bad-baud.yaml:21:19 terminals[0].devices[2].baudRate must be one of 9600, 19200, 38400, 57600, 115200 (got "9600")',
    ]);
  });

  it('reports references and ranges schema cannot check, each at its line', () => {
    expect(problemsOf(fixture('bad-refs.yaml'))).toEqual([
      'bad-refs.yaml:7:7 hours.weekday[0] start 12:00 must be before end 08:30',
      'bad-refs.yaml:10:22 services[1].prefix duplicates services[0].prefix "A"',
      'bad-refs.yaml:12:33 windows[0].skills.X names service "X", which is not in services',
      'bad-refs.yaml:13:11 windows[1].no duplicates windows[0].no 1',
    ]);
  });

  it('reports YAML syntax errors with a line instead of throwing a parser stack', () => {
    const problems = problemsOf(fixture('bad-syntax.yaml'));
    expect(problems[0]).toMatch(/^bad-syntax\.yaml:\d+:\d+ YAML syntax: Missing closing "quote$/);
  });

  it('names a missing required key and an unknown key', () => {
    expect(() => parseHallConfig('version: 1\nhall: { id: x1, name: n, colour: red }\nhours: { weekday: [] }\nservices: []\n', 'h.yaml')).toThrow(ConfigError);
    try {
      parseHallConfig('version: 1\nhall: { id: x1, name: n, colour: red }\nhours: { weekday: [] }\nservices: []\n', 'h.yaml');
    } catch (err) {
      const p = (err as ConfigError).problems;
      expect(p).toContain('h.yaml:1:1 (top level) needs "windows"');
      expect(p).toContain('h.yaml:2:26 hall has an unknown key "colour"');
      expect(p).toContain('h.yaml:4:11 services must NOT have fewer than 1 items (got [])');
    }
  });

  it('says which file could not be read', () => {
    expect(problemsOf('/nonexistent/hall.yaml')).toEqual(['/nonexistent/hall.yaml: cannot read the configuration file (ENOENT)']);
  });
});
