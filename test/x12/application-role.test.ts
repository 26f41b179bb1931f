import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { freshDb, type TestDb } from '../support/databases.js';
import { reclaimBin } from '../support/cli.js';

const REMITTANCE = 'test/x12/fixtures/tigershark__835-example-2.txt';

// A server deployment often runs the application as a role that reads and writes rows but owns no
// table (the migrations ran as another). Posting then may neither summarise BRIN ranges nor
// analyse, both of which need the owner: it leaves them to autovacuum instead of failing the file.
describe(
  'ingest as a server role that owns no table',
  { skip: !process.env.DATABASE_URL && 'DATABASE_URL not set' },
  () => {
    let db: TestDb;
    const role = `reclaim_app_${randomBytes(4).toString('hex')}`;
    let roleUrl: string;

    before(async () => {
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
      await db.dispose();
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    });

    it('posts an 835 and leaves the maintenance the role may not do', async () => {
      const [owner] = await db.query<{ owns: boolean }>(
        `SELECT pg_has_role($1, relowner, 'USAGE') AS owns FROM pg_class WHERE oid = 'billing.remit_line'::regclass`,
        [role],
      );
      assert.equal(owner!.owns, false);

      const run = await reclaimBin(['ingest', REMITTANCE], { DATABASE_URL: roleUrl });
      assert.equal(run.code, 0, run.err);
      assert.match(run.out, /claim payments \(\d+ new/);
      assert.doesNotMatch(run.err, /must be owner/);

      const [posted] = await db.query<{ payments: number; lines: number }>(
        `SELECT (SELECT count(*)::int FROM billing.remit_claim) AS payments,
              (SELECT count(*)::int FROM billing.remit_line) AS lines`,
      );
      assert.ok(posted!.payments > 0 && posted!.lines > 0);
      // What posting left alone: the role may not summarise (so the owner's path was not taken).
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
      const again = await reclaimBin(['ingest', REMITTANCE], { DATABASE_URL: roleUrl });
      assert.equal(again.code, 0, again.err);
      assert.match(again.out, /already ingested/);
    });
  },
);
