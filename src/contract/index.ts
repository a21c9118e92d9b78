/**
 * The wire contract (ARCHITECTURE §8): types only, imported by the server, the screens and tools. A leaf:
 * it imports nothing outside this folder, so the renderer never reaches into Node code for a type.
 */
export type * from './views';
export type * from './devices';
export type * from './sync';
export type * from './api';
export type * from './accountability';
export type * from './room';
