/** Every PostgreSQL schema step of the city, oldest first (versions step by 10; shipped steps are never edited). */
import { sql as sql0010 } from './0010-events';
import { sql as sql0020 } from './0020-hall-state';

export interface PgMigration {
  version: number;
  sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  { version: 10, sql: sql0010 },
  { version: 20, sql: sql0020 },
];

export const PG_LATEST_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;
