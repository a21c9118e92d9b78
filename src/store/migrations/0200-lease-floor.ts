import type { WriteDb } from '../db';

/**
 * Offline number blocks are cut from the top of the number space downwards (Z950–Z999 …) while the hall's own
 * sequence counts up from 1, so online kiosks print one sequence: the numbering row keeps the lowest leased
 * number of its day and prefix (NULL: nothing leased).
 */
export default function migrate0200(db: WriteDb): void {
  db.exec('ALTER TABLE numbering ADD COLUMN lease_floor INTEGER');
}
