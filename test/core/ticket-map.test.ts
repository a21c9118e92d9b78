/**
 * The queue state's ticket map (src/core/ticket-map.ts): every version reads exactly like a Map built by the
 * same sets, in the same order, and making a new version never changes an old one (the replica keeps its
 * committed state under its tentative view; change feeds diff against the previous state).
 */
import fc from 'fast-check';
import { TicketMap, withEntry } from '../../src/core/ticket-map';

type Op = { key: number; value: number; from: number };

describe('TicketMap', () => {
  it('any sequence of sets, branching from any earlier version, reads like the Map of the same sets; earlier versions stay as they were', () => {
    const op = fc.record({ key: fc.nat(300), value: fc.integer(), from: fc.nat(1_000) });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 600 }), (ops: Op[]) => {
        const versions: Array<{ map: TicketMap<number>; model: Map<string, number> }> = [{ map: TicketMap.empty(), model: new Map() }];
        for (const o of ops) {
          const base = versions[o.from % versions.length]!; // branch from any version, not only the newest
          const k = `t${o.key}`;
          versions.push({ map: base.map.set(k, o.value), model: new Map(base.model).set(k, o.value) });
        }
        for (const { map, model } of versions) {
          expect(map.size).toBe(model.size);
          expect([...map.entries()]).toEqual([...model.entries()]); // insertion order, as a Map
          expect([...map.keys()]).toEqual([...model.keys()]);
          for (let k = 0; k <= 300; k += 7) {
            expect(map.get(`t${k}`)).toBe(model.get(`t${k}`));
            expect(map.has(`t${k}`)).toBe(model.has(`t${k}`));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('from() keeps the first place of a repeated key with its last value; a plain Map converts once; JSON is an object of the entries', () => {
    const m = TicketMap.from([['a', 1], ['b', 2], ['a', 3]]);
    expect([...m]).toEqual([['a', 3], ['b', 2]]);
    const plain = new Map([['x', 1]]);
    const next = withEntry(plain, 'y', 2);
    expect(next).toBeInstanceOf(TicketMap);
    expect([...next.entries()]).toEqual([['x', 1], ['y', 2]]);
    expect([...plain.keys()]).toEqual(['x']);
    expect(JSON.stringify({ tickets: m })).toBe('{"tickets":{"a":3,"b":2}}');
    let seen = '';
    m.forEach((v, k) => (seen += `${k}${v}`));
    expect(seen).toBe('a3b2');
  });

  it('compares like a Map in tests: the same entries in another order are equal; another value is not', () => {
    expect(TicketMap.from([['a', 1], ['b', 2]])).toEqual(TicketMap.from([['b', 2], ['a', 1]]));
    expect(TicketMap.from([['a', 1], ['b', 2]])).not.toEqual(TicketMap.from([['a', 1], ['b', 3]]));
  });
});
