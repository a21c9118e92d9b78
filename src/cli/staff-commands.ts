/**
 * `halledge staff import | list` — the hall manager's tools for the staff directory in hall.yaml.
 * Exit 0 ok, 1 a problem with the files (every problem printed with its line), 2 bad usage.
 */
import fs from 'node:fs';
import type { CliCommand } from '../../drivers/command/types';
import { flagString, UsageError } from '../../drivers/command/args';
import { ConfigError, loadHallConfig, parseHallConfig } from '../config/load';
import { importStaff, StaffImportError } from '../staff/import';

const importCmd: CliCommand = {
  path: ['staff', 'import'],
  usage: 'staff import --config hall.yaml --from staff.csv [--replace] [--dry-run]',
  summary: 'Write the staff directory into hall.yaml from an HR list (cards and passwords become verifiers; nothing clear is stored).',
  async run(args, io) {
    const configFile = flagString(args, 'config');
    const csvFile = flagString(args, 'from', args.positionals[0]);
    if (!configFile || !csvFile) throw new UsageError('--config and --from are required');
    try {
      const config = loadHallConfig(configFile);
      const r = await importStaff({ configFile, csvFile, hallId: config.hall.id, windowNos: new Set(config.windows.map((w) => w.no)), existing: config.staff?.members ?? [], replace: !!args.flags.replace });
      // The result must itself be a valid hall.yaml (a card shared by two people, a cover that names nobody…).
      parseHallConfig(r.yaml, configFile);
      const cards = r.rows.filter((x) => x.staffCard || x.idNumber).length;
      const passwords = r.rows.filter((x) => x.password).length;
      if (args.flags['dry-run']) {
        io.out(`${configFile}: would write ${r.members.length} members (${cards} with new cards, ${passwords} with new passwords)`);
        return 0;
      }
      const tmp = `${configFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, r.yaml, { mode: fs.statSync(configFile).mode });
      fs.renameSync(tmp, configFile);
      io.out(`${configFile}: ${r.members.length} staff members written (${cards} with new cards, ${passwords} with new passwords). ${csvFile} holds clear credentials: delete it now.`);
      return 0;
    } catch (err) {
      if (err instanceof StaffImportError || err instanceof ConfigError) {
        io.err('The staff list cannot be imported:');
        for (const p of err.problems) io.err(`  ${p}`);
        return 1;
      }
      throw err;
    }
  },
};

const listCmd: CliCommand = {
  path: ['staff', 'list'],
  usage: 'staff list --config hall.yaml',
  summary: 'List the staff directory: windows, AB cover, roles and which credentials each person has (never the credentials).',
  async run(args, io) {
    const configFile = flagString(args, 'config', args.positionals[0]);
    if (!configFile) throw new UsageError('--config is required');
    const config = loadHallConfig(configFile);
    const members = config.staff?.members ?? [];
    if (!members.length) {
      io.out(`${configFile}: no staff directory (any staff id opens a window) — add one with "halledge staff import"`);
      return 0;
    }
    for (const m of members) {
      io.out([m.id.padEnd(8), m.name, m.staffNo, m.windows.length ? `windows ${m.windows.join(',')}` : 'any window', m.covers.length ? `B for ${m.covers.join(',')}` : '', m.roles.join('+'), `${m.cards.length} card(s)`, m.password ? 'password' : 'no password', m.disabled ? 'DISABLED' : ''].filter(Boolean).join('  '));
    }
    return 0;
  },
};

export const staffCommands: CliCommand[] = [importCmd, listCmd];
