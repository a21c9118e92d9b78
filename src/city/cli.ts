/**
 * City commands:
 *   halledge city credentials --city ID --halls h1,h2,… --out FILE     secrets for the ingest and each hall
 *   halledge city mosquitto --credentials FILE --out DIR               password + ACL files for the city broker
 *   halledge start --role city --credentials FILE --broker URL [--database URL] [--data DIR] [--port N] [--host H] [--ca FILE]
 * The database comes from --database (postgres://…) or the standard PG* environment variables.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand, CliIO, ParsedArgs } from '../../drivers/command/types';
import { flagInt, flagString, UsageError } from '../../drivers/command/args';
import { createLogger } from '../util/log';
import { generateCityCredentials, loadCityCredentials, writeCityCredentials, writeCityMosquittoFiles } from './credentials';
import { startCityNode } from './node';

const RENDERER_DIST = path.resolve(__dirname, '..', '..', 'renderer', 'dist');

const credentials: CliCommand = {
  path: ['city', 'credentials'],
  usage: 'city credentials --city ID --halls h1,h2,… --out FILE',
  summary: 'Create the city credentials: a secret for the ingest and one per hall (each hall puts its own in sync.city.secret).',
  async run(args, io) {
    const out = flagString(args, 'out');
    const city = flagString(args, 'city');
    const halls = flagString(args, 'halls');
    if (!out || !city || !halls) throw new UsageError('--city, --halls and --out are required');
    if (fs.existsSync(out)) {
      io.err(`${out} exists; refusing to overwrite secrets (delete it first to rotate every hall)`);
      return 1;
    }
    const c = generateCityCredentials(city, halls.split(',').map((h) => h.trim()).filter(Boolean));
    writeCityCredentials(out, c);
    io.out(`${out}: ${Object.keys(c.halls).length} halls + ${c.ingest.user} (mode 0600)`);
    return 0;
  },
};

const mosquitto: CliCommand = {
  path: ['city', 'mosquitto'],
  usage: 'city mosquitto --credentials FILE --out DIR',
  summary: 'Write the city broker\'s Mosquitto password and ACL files (a hall publishes only under its own hall id).',
  async run(args, io) {
    const from = flagString(args, 'credentials');
    const dir = flagString(args, 'out');
    if (!from || !dir) throw new UsageError('--credentials FILE and --out DIR are required');
    const f = writeCityMosquittoFiles(loadCityCredentials(from), dir);
    io.out(`password_file ${f.passwd}\nacl_file ${f.acl}`);
    return 0;
  },
};

export const cityCommands: CliCommand[] = [credentials, mosquitto];

/** `start --role city`: runs until SIGINT/SIGTERM. */
export async function runCityNode(args: ParsedArgs, io: CliIO): Promise<number> {
  const credFile = flagString(args, 'credentials');
  const broker = flagString(args, 'broker');
  if (!credFile || !broker) throw new UsageError('--role city needs --credentials FILE (halledge city credentials) and --broker URL (the city broker)');
  const creds = loadCityCredentials(credFile);
  const dataDir = path.resolve(flagString(args, 'data', path.join(process.cwd(), '.halledge', creds.city))!);
  const database = flagString(args, 'database');
  const ca = flagString(args, 'ca');
  const log = createLogger({ scope: `city:${creds.city}` });
  const node = await startCityNode({
    credentials: creds,
    brokerUrl: broker,
    ...(ca ? { caFile: path.resolve(ca) } : {}),
    database: database ? { connectionString: database } : {},
    dataDir,
    port: flagInt(args, 'port', 0)!,
    host: flagString(args, 'host', '127.0.0.1')!,
    log,
    ...(fs.existsSync(path.join(RENDERER_DIST, 'city.html')) ? { staticDir: RENDERER_DIST } : {}),
  });
  io.out(JSON.stringify({ role: 'city', id: creds.city, api: node.api.url, tokenFile: node.tokenFile, data: dataDir }));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await node.stop();
  return 0;
}
