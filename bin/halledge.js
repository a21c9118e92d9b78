#!/usr/bin/env node
// The `halledge` command. Runs the TypeScript sources directly (tsx), so `npx halledge` works from a checkout.
require('tsx/cjs');
require('../src/cli/main.ts').main(process.argv.slice(2)).then(
  (code) => { if (typeof code === 'number') process.exitCode = code; },
  (err) => { console.error(err && err.message ? err.message : String(err)); process.exitCode = 1; },
);
