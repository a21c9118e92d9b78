/** A seeded xorshift32, so a fuzz run is repeatable from its seed. */
export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  const below = (n: number) => next() % n;
  return { next, below, pick: <T>(xs: readonly T[]): T => xs[below(xs.length)]!, chance: (p: number) => next() / 0x1_0000_0000 < p };
}

export type Rng = ReturnType<typeof rng>;
