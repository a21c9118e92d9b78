#!/usr/bin/env node
/**
 * What the tests run for real, installed when missing (`npm test` runs this first): pseudo-terminals (socat),
 * an external MQTT broker (mosquitto), throw-away PostgreSQL clusters for the city tier, a browser for the
 * screens (chromium), PDF checks (poppler), a CJK font, libusb for node-hid/usb, openssl for TLS test CAs,
 * espeak-ng and sox for the voice clips. On Debian as root it installs them with apt-get; otherwise it says
 * what to run. Plain JavaScript, so it works before anything is built.
 */
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');

/** [Debian package, how to tell it is there] */
const NEEDS = [
  ['socat', () => onPath('socat')],
  ['mosquitto', () => fs.existsSync('/usr/sbin/mosquitto') || onPath('mosquitto')],
  ['mosquitto-clients', () => onPath('mosquitto_pub')],
  ['postgresql', () => hasPostgres()],
  ['chromium', () => fs.existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium')],
  ['poppler-utils', () => onPath('pdftotext') && onPath('pdftoppm')],
  ['fonts-noto-cjk', () => dpkgHas('fonts-noto-cjk')],
  ['libusb-1.0-0', () => dpkgHas('libusb-1.0-0')],
  ['openssl', () => onPath('openssl')],
  ['espeak-ng', () => onPath('espeak-ng')],
  ['sox', () => onPath('sox')],
];

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function dpkgHas(pkg) {
  if (!onPath('dpkg-query')) return true; // not Debian: nothing to check it with
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && /install ok installed/.test(r.stdout);
}

function hasPostgres() {
  try {
    return fs.readdirSync('/usr/lib/postgresql').some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
  } catch {
    return false;
  }
}

const missing = NEEDS.filter(([, present]) => !present()).map(([pkg]) => pkg);
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const apt = onPath('apt-get');
const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
if (!apt) {
  process.stderr.write(`The tests need: ${missing.join(', ')}. Install them with your system's package manager and run again.\n`);
  process.exit(1);
}
const sudo = isRoot ? [] : spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0 ? ['sudo', '-n'] : undefined;
if (!sudo) {
  process.stderr.write(`The tests need these Debian packages: ${missing.join(' ')}\nRun as root:  ${command}\n(or run npm test as root, which installs them).\n`);
  process.exit(1);
}
process.stdout.write(`Installing what the tests need: ${missing.join(' ')}\n`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const run = (args) => execFileSync(sudo.length ? sudo[0] : args[0], sudo.length ? [...sudo.slice(1), ...args] : args.slice(1), { stdio: 'inherit', env });
run(['apt-get', 'update', '-qq']);
run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
const still = NEEDS.filter(([, present]) => !present()).map(([pkg]) => pkg);
if (still.length) {
  process.stderr.write(`Still missing after the install: ${still.join(', ')}\n`);
  process.exit(1);
}
