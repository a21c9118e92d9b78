/** Preload: hands the page its API token (from the shell's command line) and nothing else. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { contextBridge } = require('electron') as typeof import('electron');

const arg = process.argv.find((a) => a.startsWith('--halledge-token='));
contextBridge.exposeInMainWorld('halledge', { token: arg ? arg.slice('--halledge-token='.length) : '' });
