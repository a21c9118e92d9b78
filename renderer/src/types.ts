/** What the screens read from the local API (docs/api.md): the one wire contract the server uses too. */
export type * from '../../src/contract';
export type { CardInfo as CardInfoWire } from '../../src/contract';
