/**
 * The layer rule (STYLE §7), checked on every import in the tree:
 *   core     (src/core, drivers/<x>/codec*.ts and *-codec.ts): nothing but core — no Node built-ins, no I/O packages
 *   renderer (renderer/src): core and browser-safe packages only
 *   shell    (src/shell): the only place that may import electron
 * Inside the Node layer, sub-layers (ARCHITECTURE §8) import only downwards: contract < core < util <
 * config, store, drivers < queue, api, devices, documents < sync, guide < fleet, records, city < the feature
 * interface (src/node/context.ts) < features < roles < node < demo < cli — so drivers never reach the CLI and
 * no feature reaches the composition root. And no file in src/ or drivers/ is part of an import cycle.
 * Every npm dependency is assigned to a layer here, so a new one forces a decision.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const PACKAGES: Record<string, 'core' | 'renderer' | 'node' | 'shell' | 'dev'> = {
  'iconv-lite': 'core', // pure JS GB18030/GB2312 tables, used by printer/display codecs
  qrcode: 'renderer',
  yaml: 'node', ajv: 'node', 'better-sqlite3': 'node', serialport: 'node', '@serialport/stream': 'node', '@serialport/binding-mock': 'node',
  '@serialport/bindings-cpp': 'node', '@serialport/bindings-interface': 'node', mqtt: 'node', aedes: 'node', ws: 'node', pdfkit: 'node', fontkit: 'node',
  pg: 'node', // the city tier's PostgreSQL client
  'node-hid': 'node', usb: 'node', tsx: 'node', '@embedpdf/fonts-sc': 'node', pngjs: 'node', 'aedes-server-factory': 'node',
  fastify: 'node', '@fastify/static': 'node',
  electron: 'shell',
  jest: 'dev', 'fast-check': 'dev', 'playwright-core': 'dev', jsqr: 'dev', esbuild: 'dev',
};

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : files(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)[^'"\n;]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    out.push((m[1] ?? m[2] ?? m[3])!);
  }
  return out;
}

function layerOf(file: string): 'contract' | 'core' | 'renderer' | 'shell' | 'node' | 'test' {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  if (rel.startsWith('src/contract/')) return 'contract';
  if (rel.startsWith('src/core/') || /^drivers\/[^/]+\/([^/]*-)?codec[^/]*\.ts$/.test(rel)) return 'core';
  if (rel.startsWith('renderer/src/')) return 'renderer';
  if (rel.startsWith('src/shell/')) return 'shell';
  // Tests, benchmarks and build scripts (renderer/build.ts) are tooling: any layer's code, dev packages.
  if (rel.startsWith('test/') || rel.startsWith('bench/') || rel.startsWith('renderer/')) return 'test';
  return 'node';
}

const pkgName = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);

function violations(): string[] {
  const problems: string[] = [];
  const all = [...files(path.join(ROOT, 'src')), ...files(path.join(ROOT, 'drivers')), ...files(path.join(ROOT, 'renderer')), ...files(path.join(ROOT, 'bench')), ...files(path.join(ROOT, 'test'))];
  for (const file of all) {
    const layer = layerOf(file);
    const rel = path.relative(ROOT, file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec);
        // Data files (JSON) are not code; they may sit next to the code of any layer.
        if (spec.endsWith('.json') && path.relative(ROOT, target).split(path.sep)[0] === rel.split(path.sep)[0]) continue;
        const tLayer = layerOf(target.endsWith('.ts') ? target : fs.existsSync(target) && fs.statSync(target).isDirectory() ? path.join(target, 'index.ts') : target + '.ts');
        if (layer === 'contract' && tLayer !== 'contract') problems.push(`${rel}: the contract is a leaf (imports ${spec})`);
        if (layer === 'core' && tLayer !== 'core' && tLayer !== 'contract') problems.push(`${rel}: core may import only core and the contract (imports ${spec})`);
        if (layer === 'renderer' && tLayer !== 'core' && tLayer !== 'renderer' && tLayer !== 'contract') problems.push(`${rel}: renderer may import only the contract, core and renderer (imports ${spec})`);
        if (layer !== 'shell' && layer !== 'test' && tLayer === 'shell') problems.push(`${rel}: only the shell imports the shell (imports ${spec})`);
        continue;
      }
      const isBuiltin = spec.startsWith('node:') || require('node:module').builtinModules.includes(spec);
      if (isBuiltin) {
        if (layer === 'core' || layer === 'renderer' || layer === 'contract') problems.push(`${rel}: ${layer} may not use Node built-in ${spec}`);
        continue;
      }
      const pkg = pkgName(spec);
      const pl = PACKAGES[pkg];
      if (!pl) {
        problems.push(`${rel}: npm package ${pkg} is not assigned to a layer in test/layers/imports.test.ts`);
        continue;
      }
      if (layer === 'test') continue;
      if (pl === 'dev') problems.push(`${rel}: ${pkg} is a development tool, not for runtime code`);
      if (pl === 'shell' && layer !== 'shell') problems.push(`${rel}: only src/shell may import electron`);
      if ((layer === 'core' || layer === 'contract') && pl !== 'core') problems.push(`${rel}: core may not import ${pkg} (${pl} layer)`);
      if (layer === 'renderer' && pl !== 'core' && pl !== 'renderer') problems.push(`${rel}: renderer may not import ${pkg} (${pl} layer)`);
    }
  }
  return problems;
}

/** Sub-layers of src/ and drivers/, most specific prefix first; a file imports only lower ranks or its own group. */
const SUB_LAYERS: ReadonlyArray<readonly [prefix: string, rank: number]> = [
  ['src/contract/', 0], ['src/core/', 1], ['src/util/', 2], ['src/version.ts', 2],
  ['src/config/', 3], ['src/store/', 3], ['drivers/', 3], ['src/staff/', 3],
  ['src/queue/', 4], ['src/api/', 4], ['src/devices/', 4], ['src/documents/', 4], ['src/notify/', 4], ['src/evaluation/', 4],
  ['src/sync/', 5], ['src/guide/', 5], ['src/room/', 5],
  ['src/fleet/', 6], ['src/records/', 6], ['src/city/', 6],
  ['src/node/context.ts', 7], ['src/features/', 8], ['src/roles/', 9], ['src/node/', 10],
  ['src/demo/', 11], ['src/cli/', 12], ['src/shell/', 13],
];

function subLayer(rel: string): { group: string; rank: number } | undefined {
  const hit = SUB_LAYERS.find(([prefix]) => rel === prefix || rel.startsWith(prefix));
  return hit && { group: hit[0], rank: hit[1] };
}

/** Relative imports between files of src/ and drivers/ (type-only ones too: a cycle of types is still a knot). */
function graph(): Map<string, string[]> {
  const all = [...files(path.join(ROOT, 'src')), ...files(path.join(ROOT, 'drivers'))];
  const known = new Set(all);
  const g = new Map<string, string[]>();
  for (const file of all) {
    const out: string[] = [];
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) continue;
      const base = path.resolve(path.dirname(file), spec);
      const hit = [base, `${base}.ts`, path.join(base, 'index.ts')].find((c) => known.has(c));
      if (hit) out.push(hit);
    }
    g.set(file, out);
  }
  return g;
}

function subLayerViolations(g: Map<string, string[]>): string[] {
  const problems: string[] = [];
  const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');
  for (const [file, targets] of g) {
    const from = subLayer(rel(file));
    if (!from) {
      problems.push(`${rel(file)} is in no sub-layer (add its directory to SUB_LAYERS)`);
      continue;
    }
    for (const t of targets) {
      const to = subLayer(rel(t));
      if (!to || to.group === from.group) continue;
      if (to.rank >= from.rank) problems.push(`${rel(file)} (${from.group}) may not import ${rel(t)} (${to.group}): it is not below`);
    }
  }
  return problems;
}

/** Strongly connected components of more than one file (Tarjan). */
function cycles(g: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(path.relative(ROOT, w));
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('layers', () => {
  it('inside the Node layer every import goes down: drivers never reach the CLI, features never the composition root', () => {
    expect(subLayerViolations(graph())).toEqual([]);
  });

  it('no file in src/ or drivers/ is part of an import cycle', () => {
    expect(cycles(graph())).toEqual([]);
  });

  it('the checks can fail: an upward import and a two-file cycle are found', () => {
    const a = path.join(ROOT, 'drivers/printer/x.ts');
    const b = path.join(ROOT, 'src/cli/y.ts');
    const g = new Map([[a, [b]], [b, [a]]]);
    expect(subLayerViolations(g)).toEqual([expect.stringContaining('drivers/printer/x.ts (drivers/) may not import src/cli/y.ts')]);
    expect(cycles(g)).toEqual([['drivers/printer/x.ts', 'src/cli/y.ts']]);
  });

  it('every import respects core ⟂ node ⟂ shell ⟂ renderer, and every npm package has a layer', () => {
    expect(violations()).toEqual([]);
  });
});
