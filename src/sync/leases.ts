/** Number blocks leased to kiosks (sync.md "Numbering offline"), as the hall's authority looks them up. */
import type { DomainEvent } from '../core/types';

export interface LeaseRange {
  dev: string;
  from: number;
  to: number;
}

/** Blocks leased per `${day}|${prefix}`. */
export type LeaseBook = ReadonlyMap<string, readonly LeaseRange[]>;

export const leaseKey = (day: string, prefix: string) => `${day}|${prefix}`;

/** Records a committed numbers.leased event in the book. */
export function addLease(book: Map<string, LeaseRange[]>, e: DomainEvent): void {
  if (e.type !== 'numbers.leased') return;
  const k = leaseKey(e.body.day, e.body.prefix);
  const list = book.get(k) ?? [];
  list.push({ dev: e.body.to_dev, from: e.body.from, to: e.body.to });
  book.set(k, list);
}
