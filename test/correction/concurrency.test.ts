import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { seedDemoDenials } from '../../src/correction/demo-data.repository.js';
import { freshDb, type TestDb } from '../support/databases.js';

const DENIALS = 10_000;

/** `reclaim correct --all` in its own process against the test's database. */
function engine(
  url: string,
  extra: string[] = [],
): {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>;
} {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/reclaim-dev.ts',
      'correct',
      '--all',
      '--json',
      '--batch-size',
      '250',
      ...extra,
    ],
    {
      env: { ...process.env, DATABASE_URL: url, RECLAIM_TENANT: 'default', NATS_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, out })),
  );
  return { child, done };
}

void describe('four engine processes over one backlog on the PostgreSQL server', () => {
  if (!process.env.DATABASE_URL) {
    void it('needs a server', (t) =>
      t.skip('DATABASE_URL is not set: several processes cannot share an embedded database'));
    return;
  }
  let db: TestDb;
  before(async () => {
    db = await freshDb('postgres');
    await db.transaction((tx) => seedDemoDenials(tx, 'default', DENIALS, 'K'));
  });
  after(() => db.dispose());

  void it(
    'each (denial, handler) is attempted once and every event is in the outbox once, though one engine is SIGKILLed mid-way',
    { timeout: 120_000 },
    async () => {
      const engines = [0, 1, 2, 3].map(() => engine(db.url!));
      const victim = engines[0]!;
      // Kill one engine once the run is well under way (or as soon as it is, if work goes fast).
      for (let i = 0; i < 600; i++) {
        const [{ n }] = (await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM billing.auto_correction_attempt',
        )) as [{ n: number }];
        if (n >= DENIALS / 5) break;
        await sleep(25);
      }
      const killedAt = (
        await db.query<{ n: number }>('SELECT count(*)::int AS n FROM billing.auto_correction_attempt')
      )[0]!.n;
      victim.child.kill('SIGKILL');
      const results = await Promise.all(engines.map((e) => e.done));
      process.stdout.write(`# killed one engine at ${killedAt} attempts\n`);
      assert.equal(results[0]!.signal, 'SIGKILL', `${results[0]!.code} ${results[0]!.out}`);
      for (const r of results.slice(1)) assert.equal(r.code, 0, r.out);

      // The killed batch rolled back; the rerun does it (and would take over any PENDING slot left).
      const left = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM billing.auto_correction_attempt WHERE status = 'PENDING'`,
      );
      const rerun = await engine(db.url!, ['--stale-after', '0']).done;
      assert.equal(rerun.code, 0, rerun.out);
      process.stdout.write(
        `# killed engine left ${left[0]!.n} PENDING slots; rerun summary ${rerun.out.trim()}\n`,
      );

      const [pairs] = await db.query<{
        pairs: number;
        live: number;
        failed: number;
        pending: number;
        most: number;
      }>(
        `SELECT count(DISTINCT (denial_id, handler_name))::int AS pairs,
              count(*) FILTER (WHERE status <> 'FAILED')::int AS live,
              count(*) FILTER (WHERE status = 'FAILED')::int AS failed,
              count(*) FILTER (WHERE status = 'PENDING')::int AS pending,
              (SELECT max(n) FROM (SELECT count(*)::int AS n FROM billing.auto_correction_attempt GROUP BY denial_id, handler_name) x) AS most
       FROM billing.auto_correction_attempt`,
      );
      assert.deepEqual(pairs, { pairs: DENIALS, live: DENIALS, failed: 0, pending: 0, most: 1 });
      const outcomes = await db.query(
        `SELECT status, count(*)::int AS n FROM billing.auto_correction_attempt GROUP BY status ORDER BY status`,
      );
      assert.deepEqual(outcomes, [
        { status: 'SKIPPED', n: 2_000 },
        { status: 'SUCCESS', n: 8_000 },
      ]);

      const [events] = await db.query<{
        total: number;
        keys: number;
        ids: number;
        rebilled: number;
        liability: number;
      }>(
        `SELECT count(*)::int AS total, count(DISTINCT dedupe_key)::int AS keys, count(DISTINCT event_id)::int AS ids,
              count(*) FILTER (WHERE event_type = 'claim.rebilled')::int AS rebilled,
              count(*) FILTER (WHERE event_type = 'patient.liability_transferred')::int AS liability
       FROM billing.outbox_event`,
      );
      assert.deepEqual(events, { total: 9_000, keys: 9_000, ids: 9_000, rebilled: 4_000, liability: 1_000 });
      // Every rebill attempt has exactly its own claim.rebilled event, and every corrected claim one attempt.
      const [mismatch] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM billing.auto_correction_attempt a
       WHERE a.rebilled_claim_id IS NOT NULL AND 1 <> (
         SELECT count(*) FROM billing.outbox_event e
         WHERE e.event_type = 'claim.rebilled' AND (e.payload->'data'->>'rebilledClaimId')::bigint = a.rebilled_claim_id)`,
      );
      assert.equal(mismatch!.n, 0);
      const [versions] = await db.query<{ corrected: number; most: number }>(
        `SELECT count(*) FILTER (WHERE frequency_code = '7')::int AS corrected,
              (SELECT max(n) FROM (SELECT count(*)::int AS n FROM billing.claim GROUP BY patient_control_number) x) AS most
       FROM billing.claim`,
      );
      assert.deepEqual(versions, { corrected: 4_000, most: 2 });
    },
  );
});
