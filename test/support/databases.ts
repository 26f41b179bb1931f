import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Db, Engine } from '../../src/db/db.js';
import { listMigrations, migrate, type Migration } from '../../src/db/migrate.js';
import { openPglite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';

/** PGlite always; the PostgreSQL server too when DATABASE_URL is set (CI sets it). */
export const ENGINES: readonly Engine[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDb extends Db {
  /** For the server: the URL of this test's own database (to start other processes against it). */
  readonly url: string | undefined;
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated database of the given engine: in-memory PGlite, or a new database on the
 * server (created here, dropped by dispose) so that test files never see each other's rows.
 * `migrations`: apply only these (an upgrade test starts from an older schema).
 */
export async function freshDb(engine: Engine, options: { migrations?: Migration[] } = {}): Promise<TestDb> {
  if (engine === 'pglite') {
    // Only some migrations: a new database (initdb), since the cached template has them all.
    const db = options.migrations
      ? await openPglite(undefined)
      : await openPglite(undefined, { loadDataDir: await pgliteTemplate() });
    await migrate(db, options.migrations);
    return { ...db, url: undefined, dispose: () => db.close() };
  }
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set');
  const name = `reclaim_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString());
  await migrate(db, options.migrations);
  return {
    ...db,
    url: url.toString(),
    async dispose() {
      await db.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/**
 * Creating an embedded database runs initdb (about 4 s); loading a dump of a migrated one takes
 * under 1 s. The dump is cached per set of migrations, written atomically so that test files
 * running side by side never read half of one.
 */
async function pgliteTemplate(): Promise<Blob> {
  const hash = createHash('sha256');
  for (const m of listMigrations()) hash.update(m.name).update(m.sql);
  const dir = 'node_modules/.cache/reclaim-test';
  const file = `${dir}/pglite-${hash.digest('hex').slice(0, 16)}.tar`;
  if (!existsSync(file)) {
    const pgl = await PGlite.create();
    const db = await openPglite(undefined, { instance: pgl });
    await migrate(db);
    const dump = await pgl.dumpDataDir('none');
    await pgl.close();
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, file);
  }
  return new Blob([readFileSync(file)]);
}
