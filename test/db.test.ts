import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { copyText } from '../src/db/copy-text.js';
import { listMigrations, migrate } from '../src/db/migrate.js';
import { ENGINES, freshDb, type TestDb } from './support/databases.js';

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
