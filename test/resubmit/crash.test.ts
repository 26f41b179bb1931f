import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openPglite } from '../../src/db/pglite.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';

const GENERATOR = '../shared/bench/gen_emr.py';
const CLI = ['--import', 'tsx', 'scripts/reclaim-dev.ts'];

/** The CLI as a separate process, so that it can be killed. */
function cli(env: NodeJS.ProcessEnv, args: string[]) {
  return spawn(process.execPath, [...CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function finish(child: ReturnType<typeof cli>): Promise<{ code: number | null; err: string }> {
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, err };
}

/** Bytes of the rejection lines a run has staged in `out` so far. */
function stagedBytes(out: string): number {
  const staged = readdirSync(out).find((f) => f.includes('.rejection_log.') && f.endsWith('.tmp'));
  try {
    return staged ? statSync(join(out, staged)).size : 0;
  } catch {
    return 0;
  }
}

for (const engine of ENGINES) {
  describe(`a run killed part-way on ${engine}`, () => {
    let db: TestDb;
    before(async () => (db = await freshDb(engine)));
    after(() => db.dispose());

    it('leaves earlier artifacts and log lines intact; the next run completes with no duplicate rows', async (t) => {
      const data = tempDir('reclaim-crash-');
      const gen = spawnSync('python3', [GENERATOR, data, '--rows', '120000', '--seed', '5']);
      if (gen.status !== 0 || !existsSync(join(data, 'emr_alpha.csv'))) {
        t.skip(`the generator ${GENERATOR} is not available`);
        return;
      }
      const home = join(data, 'home');
      const env: NodeJS.ProcessEnv = { RECLAIM_HOME: home, DATABASE_URL: db.url ?? '' };
      const out = join(data, 'out');
      const common = ['--as-of', '2025-07-30', '--out', out, '--json'];

      const first = await finish(
        cli(env, ['run', '--input', 'alpha:test/fixtures/emr/seed_alpha.csv', ...common]),
      );
      assert.equal(first.code, 0, first.err);
      const candidatesBefore = readFileSync(join(out, 'resubmission_candidates.json'), 'utf8');
      const logBefore = readFileSync(join(out, 'rejection_log.jsonl'), 'utf8');

      const big = [
        'run',
        '--input',
        `alpha:${join(data, 'emr_alpha.csv')}`,
        '--input',
        `beta:${join(data, 'emr_beta.json')}`,
        ...common,
      ];
      // Its info log says when the run is recorded in the database ('run started'): reading and
      // deciding begin before that, while the database opens.
      const victim = cli({ ...env, LOG_LEVEL: 'info' }, big);
      let said = '';
      victim.stderr.on('data', (d: Buffer) => (said += d.toString()));
      const exited = finish(victim);
      // Kill in the middle of the work: the run is recorded and has staged 2 MB of rejection lines
      // (about a sixth of them).
      for (let i = 0; i < 600 && !(said.includes('"run started"') && stagedBytes(out) >= 2_000_000); i++)
        await sleep(50);
      victim.kill('SIGKILL');
      const killed = await exited;
      assert.equal(killed.code, null, 'the run was killed before it finished');

      assert.equal(readFileSync(join(out, 'resubmission_candidates.json'), 'utf8'), candidatesBefore);
      assert.ok(readFileSync(join(out, 'rejection_log.jsonl'), 'utf8').startsWith(logBefore));

      const again = await finish(cli(env, big));
      assert.equal(again.code, 0, again.err);
      const log = readFileSync(join(out, 'rejection_log.jsonl'), 'utf8');
      assert.ok(log.startsWith(logBefore), 'earlier lines are untouched');
      for (const line of log.trim().split('\n')) JSON.parse(line);

      const check = db.url ? db : await openPglite(join(home, 'pgdata'));
      try {
        const files = await check.query<{ file_name: string; rows_read: number; stored: number }>(
          `SELECT f.file_name, f.rows_read, (SELECT count(*)::int FROM ingest.claim_record r WHERE r.file_id = f.file_id) AS stored
           FROM ingest.source_file f ORDER BY f.file_id`,
        );
        assert.deepEqual(
          files.map((f) => f.file_name),
          ['seed_alpha.csv', 'emr_alpha.csv', 'emr_beta.json'],
        );
        for (const f of files)
          assert.equal(f.stored, f.rows_read, `${f.file_name}: one stored row per row read`);
        const runs = await check.query<{ status: string; n: number }>(
          `SELECT status, count(*)::int AS n FROM billing.batch_run GROUP BY status ORDER BY status`,
        );
        assert.deepEqual(runs, [
          { status: 'running', n: 1 },
          { status: 'succeeded', n: 2 },
        ]);
      } finally {
        if (check !== db) await check.close();
      }
    });
  });
}
