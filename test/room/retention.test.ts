/**
 * C5 for the pickup lockers (issue 14): once the personal-data period has passed, a closed parcel keeps what
 * happened (locker, item, times) but no longer says whose it was — not in its row, not in the event log — and a
 * pickup code never handed over is gone with its seal. A parcel still in its locker keeps its collector.
 */
import { applyAll } from '../../src/core/apply';
import { decide } from '../../src/core/decide';
import type { Command } from '../../src/core/types';
import { DEFAULT_RETENTION, RetentionJob } from '../../src/records/retention';
import { openMemoryDb } from '../../src/store/db';
import { EventStore } from '../../src/store/event-store';
import { SealedCodes } from '../../src/store/locker-journal';
import { MONDAY_0915 } from '../helpers/config';
import { roomHallConfig } from './helpers';

const DAY = 86_400_000;
const config = roomHallConfig();

it('C5 closed parcels past the period are de-identified in their rows and the log; open ones keep their collector', () => {
  const db = openMemoryDb();
  let at = MONDAY_0915;
  const store = EventStore.open(db, { hall: config.hall.id, dev: 'hall-server', now: () => at });
  let state = store.loadState();
  const run = (cmd: Command) => {
    const d = decide(state, cmd, config);
    if (!d.ok) throw new Error(`${cmd.type}: ${d.error.code}`);
    state = applyAll(state, d.events);
    store.commit(d.events, state);
  };
  const request = (parcelId: string, idHash: string): Command => ({ type: 'locker-request', at, parcelId, item: '营业执照', idHash, idMasked: '310***********9972', nameMasked: '测**', codeHash: 'c'.repeat(32), window: 1 });
  run(request('done', 'a'.repeat(32)));
  for (const type of ['locker-loading', 'locker-deposited', 'locker-pickup'] as const) run({ type, at, parcelId: 'done', dev: 'r1' });
  run(request('still-in', 'b'.repeat(32)));
  for (const type of ['locker-loading', 'locker-deposited'] as const) run({ type, at, parcelId: 'still-in', dev: 'r1' });
  new SealedCodes(db).put('withdrawn', 'sealed-code', at);

  at = MONDAY_0915 + 32 * DAY;
  const r = new RetentionJob({ db, retention: DEFAULT_RETENTION, timeZone: config.hall.timezone, keepUndelivered: false }).run(at);
  expect(r.parcels).toBe(1);
  const rows = db.prepare('SELECT id, id_hash, json FROM parcels ORDER BY id').all() as Array<{ id: string; id_hash: string; json: string }>;
  expect(rows[0]).toMatchObject({ id: 'done', id_hash: '' });
  expect(JSON.parse(rows[0]!.json)).toMatchObject({ status: 'picked-up', locker: 1, item: '营业执照' });
  expect(rows[0]!.json).not.toMatch(/310\*|测\*|aaaa/);
  expect(rows[1]).toMatchObject({ id: 'still-in', id_hash: 'b'.repeat(32) });
  expect(JSON.stringify(db.prepare("SELECT body FROM events WHERE type = 'locker.requested'").all())).not.toContain('310***********9972');
  expect(db.prepare('SELECT COUNT(*) AS n FROM locker_codes').get()).toEqual({ n: 0 });
});
