import { createHash } from 'node:crypto';
import pg from 'pg';
import { log } from '../log.js';
import copyStreams from 'pg-copy-streams';
import {
  copyStatement,
  oneAfterAnother,
  oneTransaction,
  parsers,
  type Db,
  type Queryable,
  type Row,
} from './db.js';

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    const own = parsers[oid];
    return own ?? pg.types.getTypeParser(oid, format);
  },
};

/** Connects to a PostgreSQL server through a small pool. */
export async function openPostgres(connectionString: string, poolSize = 4): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: poolSize, types: types as pg.CustomTypesConfig });
  // An idle connection the server ends (a restart, an administrator, a dropped database) is
  // replaced at the next query; unheard, the pool's 'error' event would end the whole process.
  pool.on('error', (error: Error & { code?: string }) =>
    log.warn({ code: error.code }, 'an idle database connection was closed by the server'),
  );
  // Fail at open, not at the first query, when the server is unreachable.
  const probe = await pool.connect();
  probe.release();
  return {
    engine: 'postgres',
    ...queryable(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        return await oneTransaction(
          (sql) => client.query(sql),
          () => fn(queryable(client)),
        );
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * One connection of its own, for a database thread (`db-thread.ts`): every statement, and the
 * BEGIN and COMMIT the caller sends, run on it in order. A pool would close a connection left idle
 * in a transaction (its idle timeout), taking the transaction with it.
 */
export async function openPostgresConnection(connectionString: string): Promise<Db> {
  const client = new pg.Client({ connectionString, types: types as pg.CustomTypesConfig });
  // A connection the server ends fails the statement waiting on it; unheard, the 'error' event
  // would end the thread.
  client.on('error', (error: Error & { code?: string }) =>
    log.warn({ code: error.code }, 'the database connection was closed by the server'),
  );
  await client.connect();
  const ops = queryable(client);
  return {
    engine: 'postgres',
    ...ops,
    transaction: (fn) =>
      oneTransaction(
        (sql) => client.query(sql),
        () => fn(ops),
      ),
    close: () => client.end(),
  };
}

/**
 * Statements with parameters are named, so each connection parses and analyses one of them once
 * and then only binds and executes it (the server still chooses between a custom and a generic
 * plan per execution). A name is a digest of the text, so one text always has one name; the map
 * of texts seen stays small because statements are built from a fixed set of fragments.
 */
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `r${createHash('sha1').update(sql).digest('base64url').slice(0, 20)}`;
    if (statementNames.size < 10_000) statementNames.set(sql, name);
  }
  return name;
}

function queryable(target: pg.Pool | pg.ClientBase): Queryable {
  const copyIn: Queryable['copyIn'] = async (table, columns, data, options) => {
    const client = target instanceof pg.Pool ? await target.connect() : target;
    try {
      await new Promise<void>((resolve, reject) => {
        const stream = client.query(copyStreams.from(copyStatement(table, columns, 'STDIN', options)));
        stream.on('finish', resolve);
        stream.on('error', reject);
        stream.end(data);
      });
    } finally {
      if (client !== target) (client as pg.PoolClient).release();
    }
  };
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const result =
        params.length === 0
          ? await target.query<T>(sql)
          : await target.query<T>({ name: statementName(sql), text: sql, values: params as unknown[] });
      return result.rows;
    },
    async exec(sql) {
      await target.query(sql);
    },
    copyIn,
    copyInMany: oneAfterAnother(copyIn),
  };
}
