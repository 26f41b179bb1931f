import { join } from 'node:path';
import type { Config } from '../config/config.js';
import { ReclaimError } from '../errors.js';
import type { Db } from './db.js';
import { describeHolder, lockHome, type LockHolder } from './home-lock.js';
import { migrate } from './migrate.js';

export interface OpenOptions {
  /** Run the embedded database on its own thread: for bulk work, so that loading overlaps parsing. */
  readonly embeddedThread?: boolean;
  /**
   * Drive the server through one connection on a thread of its own (`db-worker.ts`), for bulk
   * loads that keep the main thread busy reading (`reclaim ingest`).
   */
  readonly serverThread?: boolean;
  /** Connections to the server (`serve` wants more than a command's 4). */
  readonly poolSize?: number;
  /** The embedded database's buffer pool (see `PgliteOptions`): `large` for `serve`. */
  readonly bufferPool?: 'small' | 'large';
  /** Told when another process holds the embedded database and this one starts waiting for it. */
  readonly onWait?: (message: string) => void;
}

/** Opens the configured database (server when DATABASE_URL is set, else embedded) and applies migrations. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'home' | 'lockWaitSeconds'>,
  options: OpenOptions = {},
): Promise<Db> {
  if (config.databaseUrl) {
    let db: Db;
    try {
      db = options.serverThread
        ? await (await import('./db-worker.js')).openPostgresInWorker(config.databaseUrl)
        : await (await import('./postgres.js')).openPostgres(config.databaseUrl, options.poolSize);
    } catch (error) {
      throw new ReclaimError(
        'DATABASE_UNAVAILABLE',
        `cannot open the PostgreSQL server in DATABASE_URL: ${(error as Error).message}`,
        {},
        { cause: error },
      );
    }
    await migrate(db);
    return db;
  }
  // One process at a time: the lock is taken before the data directory is touched.
  const lock = await lockHome(config.home, {
    waitMs: config.lockWaitSeconds * 1000,
    onWait: (holder: LockHolder | null) =>
      options.onWait?.(
        `waiting for the embedded database in ${config.home}, in use by ${describeHolder(holder)} (up to ${config.lockWaitSeconds} s)`,
      ),
  });
  try {
    const db = await openEmbedded(config.home, options);
    await migrate(db);
    return { ...db, close: () => db.close().finally(() => lock.release()) };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function openEmbedded(home: string, options: OpenOptions): Promise<Db> {
  const dataDir = join(home, 'pgdata');
  try {
    // Each driver is loaded only when it is the one used: a run on one engine does not pay for
    // loading the other (about 0.1 s of start-up, on the thread that starts reading the inputs).
    return options.embeddedThread
      ? await (await import('./db-worker.js')).openPgliteInWorker(dataDir)
      : await (await import('./pglite.js')).openPglite(dataDir, { bufferPool: options.bufferPool });
  } catch (error) {
    // Nobody else has it open (we hold the lock): a data directory that does not open is damaged,
    // typically by two processes writing it before the lock existed, or a full disk.
    throw new ReclaimError(
      'DATABASE_UNAVAILABLE',
      `the embedded database in ${dataDir} cannot be opened (${oneLine((error as Error).message)}); ` +
        `it may be damaged: move it aside (mv ${dataDir} ${dataDir}.damaged) to start an empty one, or set DATABASE_URL`,
      { dataDir },
      { cause: error },
    );
  }
}

function oneLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
