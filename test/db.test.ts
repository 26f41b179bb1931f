import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyText } from '../src/db/copy-text.js';
import type { Db } from '../src/db/db.js';
import { listMigrations, migrate } from '../src/db/migrate.js';
import { openPgliteInWorker, openPostgresInWorker } from '../src/db/db-worker.js';
import { binaryCopy, CopyRows, RECORD_COLUMNS } from '../src/resubmit/copy-rows.js';
import { ENGINES, freshDb, type TestDb } from './support/databases.js';
import { tempDir } from './support/temp.js';

for (const engine of ENGINES) {
  describe(`database layer on ${engine}`, () => {
    let db: TestDb;
    before(async () => (db = await freshDb(engine)));
    after(() => db.dispose());

    it('applies every migration once; a second pass applies nothing', async () => {
      const rows = await db.query<{ id: number }>('SELECT id FROM public.reclaim_migration ORDER BY id');
      assert.deepEqual(
        rows.map((r) => r.id),
        listMigrations().map((m) => m.id),
      );
      assert.deepEqual(await migrate(db), []);
    });

    it('creates the three schemas and the default tenant', async () => {
      const schemas = await db.query<{ nspname: string }>(
        `SELECT nspname FROM pg_namespace WHERE nspname IN ('billing', 'rcm_reference', 'ingest') ORDER BY 1`,
      );
      assert.deepEqual(
        schemas.map((s) => s.nspname),
        ['billing', 'ingest', 'rcm_reference'],
      );
      assert.deepEqual(await db.query('SELECT tenant_id FROM billing.tenant'), [{ tenant_id: 'default' }]);
    });

    it('bulk-loads text COPY with escapes and NULLs, and parses int8 as number and date as text', async () => {
      await db.exec('CREATE TEMP TABLE t (a text, b bigint, c date)');
      await db.copyIn(
        't',
        ['a', 'b', 'c'],
        copyText([
          ['tab\there\\ and\nline', 12345678901, '2025-07-01'],
          [null, null, null],
        ]),
      );
      const rows = await db.query('SELECT a, b, c FROM t ORDER BY a NULLS LAST');
      assert.deepEqual(rows, [
        { a: 'tab\there\\ and\nline', b: 12345678901, c: '2025-07-01' },
        { a: null, b: null, c: null },
      ]);
    });

    it('rolls a transaction back when it throws, and commits when it resolves', async () => {
      await db.exec('CREATE TABLE public.tx_probe (n int)');
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO public.tx_probe VALUES (1)');
          throw new Error('boom');
        }),
        /boom/,
      );
      await db.transaction((tx) => tx.query('INSERT INTO public.tx_probe VALUES (2)'));
      assert.deepEqual(await db.query('SELECT n FROM public.tx_probe'), [{ n: 2 }]);
    });
  });
}

describe('embedded database on its own thread (the batch run)', () => {
  let db: Db;
  before(async () => {
    db = await openPgliteInWorker(join(tempDir('reclaim-pglite-thread-'), 'pgdata'));
  });
  after(() => db.close());

  it('is set up for loading: minimal write-ahead log and a small buffer pool', async () => {
    const [wal] = await db.query<{ wal_level: string }>('SHOW wal_level');
    const [buffers] = await db.query<{ shared_buffers: string }>('SHOW shared_buffers');
    assert.equal(wal!.wal_level, 'minimal');
    assert.equal(buffers!.shared_buffers, '16MB');
  });

  it('loads binary COPY frozen into a table made in the same transaction, and keeps it after commit', async () => {
    const rows = new CopyRows();
    for (let row = 1; row <= 3000; row++)
      rows.record(row, `C${row}`, null, '99213', 'Missing modifier', 'denied', '2025-07-01');
    const { records, recordCount } = rows.take();
    await db.transaction(async (tx) => {
      await tx.exec(`CREATE TABLE public.loaded (row_number int, claim_id text, patient_id text,
        procedure_code text, denial_reason text, status text, submitted_on date)`);
      await tx.copyIn('public.loaded', RECORD_COLUMNS, binaryCopy([records], records.length), {
        format: 'binary',
        freeze: true,
      });
    });
    const [count] = await db.query<{ n: number; last: string }>(
      `SELECT count(*)::int AS n, max(claim_id) FILTER (WHERE row_number = 3000) AS last FROM public.loaded`,
    );
    assert.deepEqual(count, { n: recordCount, last: 'C3000' });
  });
});

// `reclaim ingest` drives either engine from a thread of its own and hands it a batch's COPYs at
// once: they must still load in order (children after their parents) and fail as one.
for (const engine of ENGINES) {
  describe(`${engine} on its own thread: copyInMany`, () => {
    // The server's own database for this file (its URL); PGlite's is a data directory.
    let server: TestDb | undefined;
    let db: Db;
    before(async () => {
      if (engine === 'postgres') server = await freshDb(engine);
      db = server
        ? await openPostgresInWorker(server.url!)
        : await openPgliteInWorker(join(tempDir('reclaim-thread-copies-'), 'pgdata'));
      await db.exec(`CREATE TABLE public.parent (id int PRIMARY KEY);
        CREATE TABLE public.child (parent_id int NOT NULL REFERENCES public.parent, n int NOT NULL)`);
    });
    after(async () => {
      await db.close();
      await server?.dispose();
    });

    it('loads in the order given, in the caller transaction', async () => {
      await db.transaction((tx) =>
        tx.copyInMany([
          { table: 'public.parent', columns: ['id'], data: copyText([[1], [2]]) },
          {
            table: 'public.child',
            columns: ['parent_id', 'n'],
            data: copyText([
              [1, 10],
              [2, 20],
            ]),
          },
          { table: 'public.child', columns: ['parent_id', 'n'], data: copyText([[2, 21]]) },
        ]),
      );
      assert.deepEqual(await db.query('SELECT parent_id, n FROM public.child ORDER BY n'), [
        { parent_id: 1, n: 10 },
        { parent_id: 2, n: 20 },
        { parent_id: 2, n: 21 },
      ]);
    });

    it('a load that fails fails the call, and its transaction leaves nothing', async () => {
      await assert.rejects(
        db.transaction((tx) =>
          tx.copyInMany([
            { table: 'public.parent', columns: ['id'], data: copyText([[3]]) },
            {
              table: 'public.child',
              columns: ['parent_id', 'n'],
              data: copyText([
                [3, 30],
                [99, 31],
              ]),
            },
            { table: 'public.parent', columns: ['id'], data: copyText([[4]]) },
          ]),
        ),
        /foreign key/,
      );
      assert.deepEqual(await db.query('SELECT id FROM public.parent ORDER BY id'), [{ id: 1 }, { id: 2 }]);
      // The connection is usable again.
      assert.deepEqual(await db.query('SELECT count(*)::int AS n FROM public.child'), [{ n: 3 }]);
    });
  });
}
