import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { bulkCorrect } from '../../src/correction/bulk.service.js';
import { seedDemoDenials } from '../../src/correction/demo-data.repository.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { SECRET } from './support.js';

const DENIALS = 4000;

/** `reclaim serve` in its own process against the test's database. */
function serve(url: string): { child: ChildProcess; exited: Promise<NodeJS.Signals | number | null> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/reclaim-dev.ts', 'serve', '--port', '0'],
    {
      env: {
        ...process.env,
        DATABASE_URL: url,
        RECLAIM_JWT_SECRET: SECRET,
        RECLAIM_TENANT: 'default',
        NATS_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.resume();
  child.stderr!.resume();
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  return { child, exited };
}

async function jobState(
  db: TestDb,
  id: string,
): Promise<{ status: string; done: number; total: number; counts: Record<string, number> }> {
  const [row] = await db.query<{
    status: string;
    done: number;
    total: number;
    counts: Record<string, number>;
  }>('SELECT status, done, total, counts FROM billing.job WHERE job_id = $1', [id]);
  return row!;
}

async function until<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  seconds = 120,
): Promise<T> {
  for (let i = 0; i < seconds * 20; i++) {
    const v = await probe();
    if (ok(v)) return v;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

void describe('a bulk job killed half-way, resumed by another serve process (PostgreSQL server)', () => {
  let db: TestDb | undefined;
  before(async () => {
    if (!process.env.DATABASE_URL) return;
    db = await freshDb('postgres');
    for (let i = 0; i < DENIALS; i += 1000)
      await db.transaction((tx) => seedDemoDenials(tx, 'default', 1000, `K${i}`));
  });
  after(() => db?.dispose());

  void it('attempts every (denial, handler) once, counts add up, each event once in the outbox', async (t) => {
    if (!db) return t.skip('needs the PostgreSQL server (DATABASE_URL): two processes share one database');
    const queued = await bulkCorrect(
      db,
      'default',
      { filter: { status: 'OPEN' }, dryRun: false },
      {
        actor: 'crash-test',
        channel: 'http',
        requestId: null,
      },
    );
    assert.equal(queued.dryRun, false);
    const jobId = queued.dryRun ? '' : queued.job.id;
    const first = serve(db.url!);
    const atKill = await until(
      'the first process to be part-way',
      () => jobState(db!, jobId),
      (s) => s.done >= 300,
    );
    first.child.kill('SIGKILL');
    assert.equal(await first.exited, 'SIGKILL');
    const afterKill = await jobState(db, jobId);
    assert.ok(
      afterKill.done < afterKill.total,
      `the first process finished before the kill (${afterKill.done})`,
    );
    assert.ok(afterKill.done >= atKill.done);

    const second = serve(db.url!);
    const done = await until(
      'the second process to finish the job',
      () => jobState(db!, jobId),
      (s) => s.status === 'done',
    );
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0);

    assert.equal(done.done, done.total);
    assert.equal(done.total, DENIALS);
    const [pairs] = await db.query<{
      pairs: number;
      distinct_pairs: number;
      success: number;
      failed: number;
      skipped: number;
    }>(
      `SELECT count(*)::int AS pairs, count(DISTINCT (denial_id, handler_name))::int AS distinct_pairs,
              count(*) FILTER (WHERE status = 'SUCCESS')::int AS success,
              count(*) FILTER (WHERE status = 'FAILED')::int AS failed,
              count(*) FILTER (WHERE status = 'SKIPPED')::int AS skipped
       FROM billing.auto_correction_attempt`,
    );
    // Once each: no (denial, handler) pair has two attempts, and the job counted exactly those.
    assert.equal(pairs!.pairs, pairs!.distinct_pairs);
    assert.deepEqual(done.counts, {
      SUCCESS: pairs!.success,
      FAILED: pairs!.failed,
      SKIPPED: pairs!.skipped,
    });
    const [untouched] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM billing.job_item i WHERE i.job_id = $1
         AND NOT EXISTS (SELECT 1 FROM billing.auto_correction_attempt a WHERE a.denial_id = i.denial_id)`,
      [jobId],
    );
    assert.equal(untouched!.n, 0);
    // Each event once: one claim.rebilled per corrected claim, no dedupe key twice.
    const [events] = await db.query<{ events: number; keys: number; rebilled: number; claims: number }>(
      `SELECT (SELECT count(*)::int FROM billing.outbox_event) AS events,
              (SELECT count(DISTINCT (tenant_id, dedupe_key))::int FROM billing.outbox_event) AS keys,
              (SELECT count(*)::int FROM billing.outbox_event WHERE event_type = 'claim.rebilled') AS rebilled,
              (SELECT count(DISTINCT rebilled_claim_id)::int FROM billing.auto_correction_attempt
                WHERE rebilled_claim_id IS NOT NULL) AS claims`,
    );
    assert.equal(events!.events, events!.keys);
    assert.equal(events!.rebilled, events!.claims);
    assert.ok(events!.rebilled > 0);
    // The audit trail has each batch once, with the denials it covered.
    const [audited] = await db.query<{ n: number; ids: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT t)::int AS ids
       FROM billing.audit_event, unnest(target_ids) t WHERE action = 'denials.bulk_correct'`,
    );
    assert.deepEqual(audited, { n: DENIALS, ids: DENIALS });
  });
});
