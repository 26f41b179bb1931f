import { ReclaimError } from '../errors.js';
import type { Db } from './db.js';

/** One round trip; a database that does not answer is DATABASE_UNAVAILABLE. */
export async function checkDatabase(db: Db): Promise<void> {
  try {
    await db.query('SELECT 1');
  } catch (error) {
    throw new ReclaimError('DATABASE_UNAVAILABLE', 'the database is unavailable', {}, { cause: error });
  }
}
