import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freshDb, type TestDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';
import { reclaimInProcess } from '../support/cli.js';

const EMEDNY = '../shared/data/public/x12-835/keironstoddart__emedny_sample.txt';

const reclaim = reclaimInProcess;

void describe('tenants end to end on the command line (PostgreSQL server)', () => {
  let db: TestDb | undefined;
  let home: string;
  const saved = {
    DATABASE_URL: process.env.DATABASE_URL,
    RECLAIM_HOME: process.env.RECLAIM_HOME,
    RECLAIM_TENANT: process.env.RECLAIM_TENANT,
    NATS_URL: process.env.NATS_URL,
  };
  before(async () => {
    home = tempDir('reclaim-tenant-');
    if (!process.env.DATABASE_URL) return;
    db = await freshDb('postgres');
    process.env.DATABASE_URL = db.url!;
    process.env.RECLAIM_HOME = home;
    delete process.env.RECLAIM_TENANT;
    delete process.env.NATS_URL;
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    await db?.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  void it('two tenants: run, ingest, correct, stats, audit, with no row crossing', async (t) => {
    if (!db) return t.skip('run against the server (DATABASE_URL): each command reopens the database');
    assert.equal((await reclaim('tenant', 'add', 'acme', '--name', 'Acme Clinic')).code, 0);
    assert.equal((await reclaim('tenant', 'add', 'beta', '--name', 'Beta Health')).code, 0);
    const twice = await reclaim('tenant', 'add', 'acme', '--name', 'Again');
    assert.deepEqual([twice.code, twice.err], [2, 'reclaim: tenant acme already exists\n']);
    assert.deepEqual(JSON.parse((await reclaim('tenant', 'list', '--json')).out), [
      { id: 'acme', name: 'Acme Clinic' },
      { id: 'beta', name: 'Beta Health' },
      { id: 'default', name: 'Default tenant' },
    ]);

    const run = await reclaim(
      'run',
      '--input',
      'alpha:samples/emr_alpha.csv',
      '--as-of',
      '2025-07-30',
      '--out',
      join(home, 'out'),
      '--tenant',
      'acme',
    );
    assert.equal(run.code, 0, run.err);
    const ingestA = await reclaim('ingest', EMEDNY, '--auto-correct', '--json', '--tenant', 'acme');
    assert.equal(ingestA.code, 0, ingestA.err);
    // The same file for the other tenant is that tenant's own first ingest.
    process.env.RECLAIM_TENANT = 'beta';
    const ingestB = await reclaim('ingest', EMEDNY, '--json');
    assert.equal(ingestB.code, 0, ingestB.err);
    assert.equal(JSON.parse(ingestB.out).status, 'ingested');
    const seeded = await reclaim('demo', 'seed', '--denials', '6', '--tag', 'B', '--json');
    assert.equal(seeded.code, 0, seeded.err);
    const corrected = await reclaim('correct', '--all', '--json');
    assert.equal(corrected.code, 0, corrected.err);
    delete process.env.RECLAIM_TENANT;

    const statsA = await reclaim('stats', '--tenant', 'acme', '--json');
    const statsB = await reclaim('stats', '--tenant', 'beta', '--json');
    assert.deepEqual([statsA.code, statsB.code], [0, 0]);
    const attemptsOf = async (tenant: string) =>
      (
        await db!.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM billing.auto_correction_attempt WHERE tenant_id = $1 AND status <> 'PENDING'`,
          [tenant],
        )
      )[0]!.n;
    assert.equal(JSON.parse(statsA.out).meta.totalAttempts, await attemptsOf('acme'));
    assert.equal(JSON.parse(statsB.out).meta.totalAttempts, await attemptsOf('beta'));
    assert.ok((await attemptsOf('beta')) > (await attemptsOf('acme')));
    const empty = await reclaim('stats', '--json');
    assert.equal(JSON.parse(empty.out).meta.totalAttempts, 0, 'the default tenant saw none of it');

    // No row crosses: every attempt, event, claim and run belongs to the tenant of its denial or file.
    const [crossing] = await db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM billing.auto_correction_attempt a JOIN billing.denial d USING (denial_id)
                WHERE a.tenant_id <> d.tenant_id)
            + (SELECT count(*) FROM billing.denial d JOIN billing.remit_claim rc USING (remit_claim_id)
                WHERE d.tenant_id <> rc.tenant_id)
            + (SELECT count(*) FROM billing.outbox_event e JOIN billing.auto_correction_attempt a
                ON e.correlation_id = a.correlation_id WHERE e.tenant_id <> a.tenant_id)
            + (SELECT count(*) FROM billing.batch_run WHERE tenant_id <> 'acme')::int AS n`,
    );
    assert.equal(crossing!.n, 0);

    // Another tenant's denial is not found from here.
    const [betaDenial] = await db.query<{ id: number }>(
      `SELECT min(denial_id) AS id FROM billing.denial WHERE tenant_id = 'beta'`,
    );
    const foreign = await reclaim('correct', '--denial', String(betaDenial!.id), '--tenant', 'acme');
    assert.deepEqual([foreign.code, foreign.err], [2, `reclaim: denial ${betaDenial!.id} not found\n`]);

    const auditB = JSON.parse((await reclaim('audit', '--tenant', 'beta', '--json')).out) as {
      items: { action: string; channel: string }[];
    };
    assert.ok(
      auditB.items.length > 0 &&
        auditB.items.every(
          (i) => ['denials.bulk_submit', 'denials.bulk_correct'].includes(i.action) && i.channel === 'cli',
        ),
    );
    const auditA = JSON.parse((await reclaim('audit', '--tenant', 'acme', '--json')).out) as {
      items: { action: string }[];
    };
    assert.ok(auditA.items.every((i) => i.action === 'denials.auto_correct'));
  });

  void it('unknown tenants and the former crashes give the documented exit codes', async (t) => {
    if (!db) return t.skip('run against the server (DATABASE_URL)');
    const ghost = await reclaim('stats', '--tenant', 'ghost');
    assert.equal(ghost.code, 2);
    assert.match(ghost.err, /^reclaim: unknown tenant ghost/);
    process.env.RECLAIM_TENANT = 'ghost';
    assert.equal((await reclaim('correct', '--all')).code, 2);
    delete process.env.RECLAIM_TENANT;
    assert.equal((await reclaim('stats', '--tenant', 'Bad Name')).code, 2);
    const attemptsJson = await reclaim('attempts', '--denial', '999999', '--json');
    assert.deepEqual([attemptsJson.code, attemptsJson.out], [0, '[]\n']);
    const noAttempts = await reclaim('attempts', '--denial', '999999');
    assert.deepEqual([noAttempts.code, noAttempts.out], [0, 'denial 999999: no attempts\n']);
    const statsJson = await reclaim('stats', '--json', '--tenant', 'beta');
    assert.equal(statsJson.code, 0);
    const badDay = await reclaim('stats', '--since', '2025-02-30');
    assert.deepEqual([badDay.code, badDay.err], [2, 'reclaim: stats: --since: not a calendar date\n']);
  });
});
