/** The keyboard-wedge detector is pure and shared with the screens: it lives in src/core/wedge.ts. */
export * from '../../src/core/wedge';
