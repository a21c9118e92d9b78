/**
 * The city store on PostgreSQL (pg): numbered migrations run under an advisory lock in one transaction;
 * each ingest batch is ONE transaction (group commit) that inserts the envelopes of many halls with
 * `ON CONFLICT (hall, dev, seq) DO NOTHING` and advances the halls' cursors; the caller acks only after
 * it returns. All SQL of the city lives in this folder.
 */
import pg from 'pg';
import { PG_LATEST_VERSION, PG_MIGRATIONS, type PgMigration } from './migrations';

/** A newer HallEdge migrated this database: refuse rather than guess. */
export class PgFromFutureError extends Error {
  constructor(
    readonly dbVersion: number,
    readonly latestKnown: number,
  ) {
    super(`city database schema version ${dbVersion} is newer than this program knows (${latestKnown}); install the newer HallEdge`);
    this.name = 'PgFromFutureError';
  }
}

export interface EventRow {
  hall: string;
  dev: string;
  seq: number;
  eid: string;
  boot: number;
  type: string;
  ts: number;
  day: string;
  body: string;
}

export interface HallCursor {
  hall: string;
  dev: string;
  cursor: number;
  day: string;
  boot: number;
  lastTs: number | null;
}

export interface HallStateRow {
  hall: string;
  online: boolean;
  boot: number;
  ts: number;
  head: number | null;
  config: unknown;
}

export interface HallRow extends HallCursor {
  updatedAt: string;
  state: HallStateRow | null;
}

/** Arbitrary number for pg_advisory_xact_lock: only one node migrates at a time. */
const MIGRATION_LOCK = 0x6861_6c6c;

// bigint columns come back as strings by default; our seqs and ms timestamps fit in 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export class CityStore {
  private constructor(readonly pool: pg.Pool) {}

  /** Connects (pg.Pool: PG* environment or a connection string) and migrates to the latest version. */
  static async open(config: pg.PoolConfig, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<CityStore> {
    const pool = new pg.Pool({ max: 4, connectionTimeoutMillis: 5000, ...config });
    // An idle client whose server went away emits 'error' on the pool: log-worthy, never a crash.
    pool.on('error', () => undefined);
    const store = new CityStore(pool);
    try {
      await store.migrate(migrations);
    } catch (err) {
      await pool.end();
      throw err;
    }
    return store;
  }

  async migrate(migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<number[]> {
    const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
    let prev = 0;
    for (const m of migrations) {
      if (!Number.isInteger(m.version) || m.version <= prev) throw new Error(`city migration versions must strictly rise: ${m.version} follows ${prev}`);
      prev = m.version;
    }
    return this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await c.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      const r = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
      const current = r.rows[0]?.v ?? 0;
      if (current > latest) throw new PgFromFutureError(current, latest);
      const pending = migrations.filter((m) => m.version > current);
      for (const m of pending) {
        await c.query(m.sql);
        await c.query('INSERT INTO schema_version (version) VALUES ($1)', [m.version]);
      }
      return pending.map((m) => m.version);
    });
  }

  async schemaVersion(): Promise<number> {
    const r = await this.pool.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
    return r.rows[0]?.v ?? 0;
  }

  /** Every hall's cursor and current day. */
  async cursors(): Promise<Map<string, HallCursor>> {
    const r = await this.pool.query<{ hall: string; dev: string; cursor: number; day: string; boot: number; last_ts: number | null }>('SELECT hall, dev, cursor, day, boot, last_ts FROM halls');
    return new Map(r.rows.map((x) => [x.hall, { hall: x.hall, dev: x.dev, cursor: x.cursor, day: x.day, boot: x.boot, lastTs: x.last_ts }]));
  }

  /**
   * ONE transaction: the rows (idempotent on (hall, dev, seq)) and the halls' new cursors. Resolves after
   * COMMIT returned, i.e. after PostgreSQL made it durable (synchronous_commit as configured: on).
   */
  async commitBatch(rows: readonly EventRow[], halls: readonly HallCursor[]): Promise<void> {
    await this.tx(async (c) => {
      if (rows.length) {
        await c.query(
          `INSERT INTO events (hall, dev, seq, eid, boot, type, ts, day, body)
           SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::uuid[], $5::int[], $6::text[], $7::bigint[], $8::text[], $9::jsonb[])
           ON CONFLICT (hall, dev, seq) DO NOTHING`,
          [rows.map((r) => r.hall), rows.map((r) => r.dev), rows.map((r) => r.seq), rows.map((r) => r.eid), rows.map((r) => r.boot), rows.map((r) => r.type), rows.map((r) => r.ts), rows.map((r) => r.day), rows.map((r) => r.body)],
        );
      }
      if (halls.length) {
        await c.query(
          `INSERT INTO halls (hall, dev, cursor, day, boot, last_ts, updated_at)
           SELECT h, d, c, dy, b, t, now() FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::int[], $6::bigint[]) AS u(h, d, c, dy, b, t)
           ON CONFLICT (hall) DO UPDATE SET cursor = GREATEST(halls.cursor, excluded.cursor), day = excluded.day, boot = excluded.boot,
             last_ts = excluded.last_ts, updated_at = now()`,
          [halls.map((h) => h.hall), halls.map((h) => h.dev), halls.map((h) => h.cursor), halls.map((h) => h.day), halls.map((h) => h.boot), halls.map((h) => h.lastTs)],
        );
      }
    });
  }

  async saveHallState(s: HallStateRow): Promise<void> {
    await this.pool.query(
      `INSERT INTO hall_state (hall, online, boot, ts, head, config, updated_at) VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (hall) DO UPDATE SET online = excluded.online, boot = excluded.boot, ts = excluded.ts, head = COALESCE(excluded.head, hall_state.head),
         config = COALESCE(excluded.config, hall_state.config), updated_at = now()
       WHERE hall_state.ts <= excluded.ts`,
      [s.hall, s.online, s.boot, s.ts, s.head, s.config === undefined || s.config === null ? null : JSON.stringify(s.config)],
    );
  }

  /** Every hall the city has heard of, with its cursor and last state. */
  async halls(): Promise<HallRow[]> {
    const r = await this.pool.query<{ hall: string; dev: string | null; cursor: number | null; day: string | null; boot: number | null; last_ts: number | null; updated_at: Date | null; s_online: boolean | null; s_boot: number | null; s_ts: number | null; s_head: number | null; s_config: unknown }>(
      `SELECT coalesce(h.hall, s.hall) AS hall, h.dev, h.cursor, h.day, h.boot, h.last_ts, h.updated_at,
              s.online AS s_online, s.boot AS s_boot, s.ts AS s_ts, s.head AS s_head, s.config AS s_config
       FROM halls h FULL OUTER JOIN hall_state s ON s.hall = h.hall ORDER BY 1`,
    );
    return r.rows.map((x) => ({
      hall: x.hall,
      dev: x.dev ?? '',
      cursor: x.cursor ?? 0,
      day: x.day ?? '',
      boot: x.boot ?? 0,
      lastTs: x.last_ts,
      updatedAt: x.updated_at ? x.updated_at.toISOString() : '',
      state: x.s_online === null ? null : { hall: x.hall, online: x.s_online, boot: x.s_boot ?? 0, ts: x.s_ts ?? 0, head: x.s_head, config: x.s_config },
    }));
  }

  /** The envelopes of one hall's business day, in stream order (type and body: what apply() needs). */
  async dayEvents(hall: string, day: string): Promise<Array<{ type: string; body: unknown; seq: number }>> {
    const r = await this.pool.query<{ type: string; body: unknown; seq: number }>('SELECT type, body, seq FROM events WHERE hall = $1 AND day = $2 ORDER BY dev, seq', [hall, day]);
    return r.rows;
  }

  /** Highest seq stored for a hall's day (cache key for figures). */
  async dayHead(hall: string, day: string): Promise<number> {
    const r = await this.pool.query<{ s: number | null }>('SELECT max(seq) AS s FROM events WHERE hall = $1 AND day = $2', [hall, day]);
    return r.rows[0]?.s ?? 0;
  }

  /** Test and tooling read: every (dev, seq) stored for a hall, in order. */
  async seqs(hall: string): Promise<number[]> {
    const r = await this.pool.query<{ seq: number }>('SELECT seq FROM events WHERE hall = $1 ORDER BY seq', [hall]);
    return r.rows.map((x) => x.seq);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    let broken: Error | undefined;
    // The server may go away while we hold the client (a restart): that is an error of this
    // transaction (the query rejects), never an unhandled 'error' event that would end the process.
    const onError = (err: Error) => (broken = err);
    c.on('error', onError);
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      broken = err as Error;
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      // A client that failed mid-transaction may sit on a dead connection (server restart): destroy it.
      c.off('error', onError);
      c.release(broken);
    }
  }
}

export { PG_LATEST_VERSION };
