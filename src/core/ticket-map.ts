/**
 * The day's tickets as the queue state holds them: an immutable map in insertion order whose versions share
 * structure. apply() makes a new state for every event, and the old one stays in use (a replica's committed
 * state under its tentative view, the previous view a change is diffed against), so the tickets cannot be
 * changed in place. Copying a Map of the day's tickets for every event was the largest single cost of issuing a
 * ticket at a busy hall (thousands of tickets by the afternoon).
 *
 * Here a changed ticket copies its chunk of 64 entries and the list of chunks; a new ticket also copies a small
 * overlay index, which is folded into a new base index every 64 new keys — some hundred pointers per event
 * instead of the whole day. Reads are a Map lookup and an array index. It is a ReadonlyMap: code that reads
 * the state does not know the difference.
 */
const CHUNK = 64;
const OVERLAY_MAX = 64;
const NO_INDEX: ReadonlyMap<string, number> = new Map();

type Entry<V> = readonly [string, V];

export class TicketMap<V> implements ReadonlyMap<string, V> {
  private constructor(
    private readonly chunks: ReadonlyArray<ReadonlyArray<Entry<V>>>,
    readonly size: number,
    /** Key → position, shared by every version made since it was built (never changed). */
    private readonly base: ReadonlyMap<string, number>,
    /** Keys added since the base was built (at most OVERLAY_MAX), copied per version. */
    private readonly overlay: ReadonlyMap<string, number>,
  ) {}

  static empty<V>(): TicketMap<V> {
    return new TicketMap<V>([], 0, NO_INDEX, NO_INDEX);
  }

  /** From entries (a later duplicate key replaces the value and keeps the first one's place, as a Map does). */
  static from<V>(entries: Iterable<readonly [string, V]>): TicketMap<V> {
    if (entries instanceof TicketMap) return entries as TicketMap<V>;
    const index = new Map<string, number>();
    const flat: Array<Entry<V>> = [];
    for (const [k, v] of entries) {
      const at = index.get(k);
      if (at !== undefined) flat[at] = [k, v];
      else {
        index.set(k, flat.length);
        flat.push([k, v]);
      }
    }
    const chunks: Array<ReadonlyArray<Entry<V>>> = [];
    for (let i = 0; i < flat.length; i += CHUNK) chunks.push(flat.slice(i, i + CHUNK));
    return new TicketMap(chunks, flat.length, index, NO_INDEX);
  }

  private position(key: string): number | undefined {
    return this.overlay.get(key) ?? this.base.get(key);
  }

  get(key: string): V | undefined {
    const p = this.position(key);
    return p === undefined ? undefined : this.chunks[Math.floor(p / CHUNK)]![p % CHUNK]![1];
  }

  has(key: string): boolean {
    return this.position(key) !== undefined;
  }

  /** A new version with `key` set; this one is unchanged. */
  set(key: string, value: V): TicketMap<V> {
    const p = this.position(key);
    const chunks = this.chunks.slice();
    if (p !== undefined) {
      const c = Math.floor(p / CHUNK);
      const chunk = chunks[c]!.slice();
      chunk[p % CHUNK] = [key, value];
      chunks[c] = chunk;
      return new TicketMap(chunks, this.size, this.base, this.overlay);
    }
    const at = this.size;
    if (at % CHUNK === 0) chunks.push([[key, value]]);
    else chunks[chunks.length - 1] = [...chunks[chunks.length - 1]!, [key, value]];
    const overlay = new Map(this.overlay).set(key, at);
    if (overlay.size < OVERLAY_MAX) return new TicketMap(chunks, at + 1, this.base, overlay);
    const base = new Map(this.base);
    for (const [k, i] of overlay) base.set(k, i);
    return new TicketMap(chunks, at + 1, base, NO_INDEX);
  }

  entries(): MapIterator<[string, V]> {
    return new ChunkIterator(this.chunks, (e) => [e[0], e[1]]);
  }

  keys(): MapIterator<string> {
    return new ChunkIterator(this.chunks, (e) => e[0]);
  }

  values(): MapIterator<V> {
    return new ChunkIterator(this.chunks, (e) => e[1]);
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(cb: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const c of this.chunks) for (const [k, v] of c) cb.call(thisArg, v, k, this);
  }

  /** Compared and printed like a Map (jest, util.inspect). */
  get [Symbol.toStringTag](): string {
    return 'Map';
  }

  /** As JSON: an object of the entries (a Map would give `{}`). */
  toJSON(): Record<string, V> {
    return Object.fromEntries(this.entries());
  }
}

/**
 * Walks the chunks in order. A plain iterator object rather than a generator: the queue's rules scan the day's
 * tickets several times per command, and V8 runs this protocol far faster than a generator's.
 */
class ChunkIterator<V, T> implements MapIterator<T> {
  private c = 0;
  private i = 0;

  constructor(
    private readonly chunks: ReadonlyArray<ReadonlyArray<Entry<V>>>,
    private readonly pick: (e: Entry<V>) => T,
  ) {}

  next(): IteratorResult<T, undefined> {
    while (this.c < this.chunks.length) {
      const chunk = this.chunks[this.c]!;
      if (this.i < chunk.length) return { value: this.pick(chunk[this.i++]!), done: false };
      this.c++;
      this.i = 0;
    }
    return { value: undefined, done: true };
  }

  [Symbol.iterator](): MapIterator<T> {
    return this;
  }

  get [Symbol.toStringTag](): string {
    return 'Map Iterator';
  }
}

/** `tickets` with `key` set, as a new TicketMap (a plain Map, from older code or a test, is converted once). */
export function withEntry<V>(tickets: ReadonlyMap<string, V>, key: string, value: V): TicketMap<V> {
  return (tickets instanceof TicketMap ? (tickets as TicketMap<V>) : TicketMap.from(tickets)).set(key, value);
}
