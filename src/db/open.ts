import { join } from 'node:path';
import type { Config } from '../config/config.js';
import { ReclaimError } from '../errors.js';
import type { Db } from './db.js';
import { migrate } from './migrate.js';

export interface OpenOptions {
  /** Run the embedded database on its own thread: for bulk work, so that loading overlaps parsing. */
  readonly embeddedThread?: boolean;
  /** Connections to the server (`serve` wants more than a command's 4). */
  readonly poolSize?: number;
}

/** Opens the configured database (server when DATABASE_URL is set, else embedded) and applies migrations. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'home'>,
  options: OpenOptions = {},
): Promise<Db> {
  let db: Db;
  const dataDir = join(config.home, 'pgdata');
  try {
    // Each driver is loaded only when it is the one used: a run on one engine does not pay for
    // loading the other (about 0.1 s of start-up, on the thread that starts reading the inputs).
    db = config.databaseUrl
      ? await (await import('./postgres.js')).openPostgres(config.databaseUrl, options.poolSize)
      : options.embeddedThread
        ? await (await import('./pglite-worker.js')).openPgliteInWorker(dataDir)
        : await (await import('./pglite.js')).openPglite(dataDir);
  } catch (error) {
    const where = config.databaseUrl
      ? 'the PostgreSQL server in DATABASE_URL'
      : `embedded database in ${config.home}`;
    throw new ReclaimError(
      'DATABASE_UNAVAILABLE',
      `cannot open ${where}: ${(error as Error).message}`,
      {},
      { cause: error },
    );
  }
  await migrate(db);
  return db;
}
