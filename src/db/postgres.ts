import pg from 'pg';
import { log } from '../log.js';
import copyStreams from 'pg-copy-streams';
import { copyStatement, parsers, type Db, type Queryable, type Row } from './db.js';

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
        await client.query('BEGIN');
        const result = await fn(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

function queryable(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql) {
      await target.query(sql);
    },
    async copyIn(table, columns, data, options) {
      const client = 'release' in target ? target : await target.connect();
      try {
        await new Promise<void>((resolve, reject) => {
          const stream = client.query(copyStreams.from(copyStatement(table, columns, 'STDIN', options)));
          stream.on('finish', resolve);
          stream.on('error', reject);
          stream.end(data);
        });
      } finally {
        if (client !== target) client.release();
      }
    },
  };
}
