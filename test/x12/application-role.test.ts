import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { generateCorpus } from '../../src/corpus/generate.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';
import { reclaimBin } from '../support/cli.js';

// A server deployment often runs the application as a role that reads and writes rows but owns no
// table (the migrations ran as another). Posting then may neither summarise BRIN ranges nor
// analyse, both of which need the owner: it leaves them to autovacuum instead of failing the file.
void describe(
  'ingest as a server role that owns no table',
  { skip: !process.env.DATABASE_URL && 'DATABASE_URL not set' },
  () => {
    let db: TestDb;
    const role = `reclaim_app_${randomBytes(4).toString('hex')}`;
    let roleUrl: string;
    let remittances: string[];
    let dir: string;

    before(async () => {
      dir = tempDir('reclaim-app-role-');
      await generateCorpus(dir, { claims: 600, seed: 3, start: '2025-01-06' });
      remittances = readdirSync(join(dir, '835')).map((f) => join(dir, '835', f));
      db = await freshDb('postgres');
      await db.exec(`CREATE ROLE ${role} LOGIN`);
      await db.exec(`DO $$ DECLARE s text; BEGIN
      FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${role}', s);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO ${role}', s);
        EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO ${role}', s);
      END LOOP; END $$`);
      const url = new URL(db.url!);
      url.username = role;
      url.password = '';
      roleUrl = url.toString();
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await db.dispose();
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    });

    void it("posts an 835 and summarises its ranges through the owner's function", async () => {
      const [owner] = await db.query<{ owns: boolean }>(
        `SELECT pg_has_role($1, relowner, 'USAGE') AS owns FROM pg_class WHERE oid = 'billing.remit_line'::regclass`,
        [role],
      );
      assert.equal(owner!.owns, false);

      const run = await reclaimBin(['ingest', ...remittances], { DATABASE_URL: roleUrl });
      assert.equal(run.code, 0, run.err);
      assert.match(run.out, /claim payments \(\d+ new/);
      assert.doesNotMatch(run.err, /must be owner/);

      const [posted] = await db.query<{ payments: number; lines: number }>(
        `SELECT (SELECT count(*)::int FROM billing.remit_claim) AS payments,
              (SELECT count(*)::int FROM billing.remit_line) AS lines`,
      );
      assert.ok(posted!.payments > 0 && posted!.lines > 0);
      // A file long enough to fill whole block ranges of lines (4 pages each): the role summarised
      // them through billing.summarise_remit_ranges(), so the owner finds none left to summarise.
      const [size] = await db.query<{ pages: number }>(
        `SELECT pg_relation_size('billing.remit_line')::int / current_setting('block_size')::int AS pages`,
      );
      assert.ok(size!.pages >= 8, `only ${size!.pages} pages of lines`);
      const [left] = await db.query<{ n: number }>(
        `SELECT brin_summarize_new_values('billing.remit_line_claim')::int AS n`,
      );
      assert.equal(left!.n, 0);
      // What the function spares it: the role may not summarise itself.
      const asRole = new pg.Client({ connectionString: roleUrl });
      await asRole.connect();
      try {
        await assert.rejects(asRole.query(`SELECT brin_summarize_new_values('billing.remit_line_claim')`), {
          code: '42501',
        });
      } finally {
        await asRole.end();
      }

      // The same file again is recognised, as for the owner.
      const again = await reclaimBin(['ingest', ...remittances], { DATABASE_URL: roleUrl });
      assert.equal(again.code, 0, again.err);
      assert.match(again.out, /already ingested/);
    });

    void it('stops at a migration it may not apply, in one line naming it and what to do', async () => {
      // As after an upgrade that the owner has not migrated yet: the newest migration is pending.
      const [last] = await db.query<{ id: number; name: string }>(
        'DELETE FROM public.reclaim_migration WHERE id = (SELECT max(id) FROM public.reclaim_migration) RETURNING id, name',
      );
      try {
        const run = await reclaimBin(['ingest', remittances[0]!], { DATABASE_URL: roleUrl });
        assert.equal(run.code, 3);
        assert.equal(run.out, '');
        const label = `${String(last!.id).padStart(3, '0')}_${last!.name}`;
        assert.match(
          run.err,
          new RegExp(
            `^reclaim: migration ${label} is not applied and this database role may not apply it \\(.+\\): run 'reclaim migrate' as the role that owns the tables\\n$`,
          ),
        );
      } finally {
        await db.query('INSERT INTO public.reclaim_migration (id, name) VALUES ($1, $2)', [
          last!.id,
          last!.name,
        ]);
      }
    });
  },
);
