#!/usr/bin/env node
/**
 * Builds what electron-builder.yml packages as the app's entry: dist/src/shell/main.js (the Electron main
 * process) and dist/src/shell/preload.js, bundled with esbuild (electron itself stays external). The runtime
 * the shell starts is `bin/halledge.js start …`, shipped as source with its dependencies.
 */
'use strict';
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const out = path.join(root, 'dist', 'src', 'shell');
for (const name of ['main', 'preload']) {
  esbuild.buildSync({
    entryPoints: [path.join(root, 'src', 'shell', `${name}.ts`)],
    outfile: path.join(out, `${name}.js`),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['electron'],
    logLevel: 'warning',
  });
}
process.stdout.write(`shell built into ${path.relative(root, out)}\n`);
