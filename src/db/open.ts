import { join } from 'node:path';
import type { Config } from '../config/config.js';
import { ReclaimError } from '../errors.js';
import type { Db } from './db.js';
import { migrate } from './migrate.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

/** Opens the configured database (server when DATABASE_URL is set, else embedded) and applies migrations. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'home'>): Promise<Db> {
  let db: Db;
  try {
    db = config.databaseUrl
      ? await openPostgres(config.databaseUrl)
      : await openPglite(join(config.home, 'pgdata'));
  } catch (error) {
    const where = config.databaseUrl ? 'the PostgreSQL server in DATABASE_URL' : `embedded database in ${config.home}`;
    throw new ReclaimError('DATABASE_UNAVAILABLE', `cannot open ${where}: ${(error as Error).message}`, {}, { cause: error });
  }
  await migrate(db);
  return db;
}
