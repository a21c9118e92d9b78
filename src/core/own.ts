/**
 * Lookups of untrusted keys in plain records. `record[key]` with a key that came from a device, a topic,
 * a request, a config file or the command line finds inherited members (`__proto__`, `constructor`,
 * `toString`…) and `key in record` is true for them; these helpers see own properties only.
 * (Where the key set is open-ended and the record is ours, prefer a `Map`.)
 */

/** The own property `key` of `record`, or undefined (never an inherited member). */
export function own<V>(record: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** `key` is an own property of `record` (what `key in record` should have meant). */
export function hasOwnKey(record: object, key: string): boolean {
  return Object.hasOwn(record, key);
}

/** Sets `record[key] = value` as an own data property, even for `__proto__` (a plain assignment would replace the prototype). */
export function setOwn<V>(record: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
