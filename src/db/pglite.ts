import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { parsers, type Db, type Queryable, type Row } from './db.js';

export interface PgliteOptions {
  /** Start from a dump of a data directory (tests use a migrated template). */
  readonly loadDataDir?: Blob;
  /** Wrap an instance that is already open. */
  readonly instance?: PGlite;
}

/** Opens embedded PostgreSQL; `dataDir` undefined means in memory. */
export async function openPglite(dataDir: string | undefined, options: PgliteOptions = {}): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg =
    options.instance ??
    (await PGlite.create(dataDir, {
      parsers,
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    }));
  const ops = queryable(pg);
  return {
    engine: 'pglite',
    ...ops,
    transaction: (fn) => pg.transaction((tx) => fn(queryable(tx))),
    close: () => pg.close(),
  };
}

function queryable(pg: PGlite | Transaction): Queryable {
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await pg.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql) {
      await pg.exec(sql);
    },
    async copyIn(table, columns, text) {
      // PGlite has no COPY protocol stream; it reads a Blob through the /dev/blob device instead.
      await pg.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], {
        blob: new Blob([text]),
      });
    },
  };
}
