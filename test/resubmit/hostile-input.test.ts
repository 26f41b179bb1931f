import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Io } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';
import type { Db } from '../../src/db/db.js';
import { openDatabase } from '../../src/db/open.js';
import { ReclaimError } from '../../src/errors.js';
import { runBatch, type RunOptions } from '../../src/resubmit/run.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';

const HEADER = 'claim_id,patient_id,procedure_code,denial_reason,submitted_at,status\n';
const SERVER_URL = process.env.DATABASE_URL;

/** Text no compression shortens: what made a b-tree entry overflow. */
function incompressible(length: number): string {
  return randomBytes(length).toString('base64').slice(0, length);
}

async function reclaim(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t + '\n'), err: (t) => void (err += t + '\n'), isTty: false };
  const code = await main(['node', 'reclaim', ...args], io);
  return { code, out, err };
}

for (const engine of ENGINES) {
  describe(`hostile and careless input to the batch run on ${engine}`, () => {
    let db: TestDb;
    let work: string;
    before(async () => {
      db = await freshDb(engine);
      work = tempDir('reclaim-hostile-');
    });
    after(() => db.dispose());

    const file = (name: string, content: string | Buffer) => {
      const path = join(work, name);
      writeFileSync(path, content);
      return path;
    };
    const options = (inputs: RunOptions['inputs'], over: Partial<RunOptions> = {}): RunOptions => ({
      inputs,
      asOf: '2025-07-30',
      outDir: tempDir('reclaim-hostile-out-'),
      tenant: 'default',
      ...over,
    });
    const count = async (sql: string, params: unknown[] = []) =>
      (await db.query<{ n: number }>(sql, params))[0]!.n;

    it('stores reason texts of any length: 3,000 incompressible characters, and 10 MB in CSV, JSON and NDJSON', async () => {
      const short = incompressible(3000);
      const long = 'x'.repeat(10 << 20);
      const csv = file(
        'long.csv',
        `${HEADER}L1,P1,99213,${short},2025-07-01,denied\nL2,P2,99213,${long},2025-07-01,denied\n`,
      );
      const row = (id: string, reason: string) =>
        JSON.stringify({
          id,
          member: 'P1',
          code: '99213',
          error_msg: reason,
          date: '2025-07-01',
          status: 'denied',
        });
      const json = file('long.json', `[${row('J1', short + 'j')},${row('J2', long + 'j')}]`);
      const ndjson = file('long.ndjson', `${row('N1', short + 'n')}\n${row('N2', long + 'n')}\n`);
      const result = await runBatch(
        db,
        options([
          { profile: 'alpha', path: csv },
          { profile: 'beta', path: json },
          { profile: 'beta', path: ndjson },
        ]),
      );
      assert.equal((result.metrics as { totals: { accepted: number } }).totals.accepted, 6);
      const stored = await db.query<{ claim_id: string; n: number }>(
        `SELECT claim_id, length(denial_reason) AS n FROM billing.v_run_decision WHERE run_id = $1 ORDER BY claim_id`,
        [result.runId],
      );
      assert.deepEqual(
        stored.map((r) => [r.claim_id, r.n]),
        [
          ['J1', 3001],
          ['J2', (10 << 20) + 1],
          ['L1', 3000],
          ['L2', 10 << 20],
          ['N1', 3001],
          ['N2', (10 << 20) + 1],
        ],
      );
      assert.equal(
        await count('SELECT count(*)::int AS n FROM billing.run_reason_class WHERE run_id = $1', [
          result.runId,
        ]),
        6,
      );
    });

    it('stores reason texts holding backslashes (found by the fuzzer: a text cast to bytea was parsed as escapes)', async () => {
      const csv = file('backslash.csv', `${HEADER}B1,P1,99213,Missing \\x41 modifier \\,2025-07-01,denied\n`);
      const result = await runBatch(db, options([{ profile: 'alpha', path: csv }]));
      const stored = await db.query<{ reason_text: string }>(
        'SELECT reason_text FROM billing.run_reason_class WHERE run_id = $1',
        [result.runId],
      );
      assert.deepEqual(stored, [{ reason_text: 'Missing \\x41 modifier \\' }]);
    });

    it('quarantines the rows holding a NUL (a byte after the first 8 KiB, a JSON \\u0000) or bytes that are not UTF-8; the rest is stored', async () => {
      const padding = Array.from(
        { length: 200 },
        (_, i) => `F${i},P1,99213,Missing modifier,2025-07-01,denied\n`,
      ).join('');
      const csv = file(
        'nul.csv',
        Buffer.concat([
          Buffer.from(HEADER + padding),
          Buffer.from('NUL1,P1,99213,Missing\0modifier,2025-07-01,denied\n'),
          Buffer.from('BAD1,P1,99213,Missing '),
          Buffer.from([0xff, 0xfe]),
          Buffer.from(' modifier,2025-07-01,denied\nOK1,P1,99213,Missing modifier,2025-07-01,denied\n'),
        ]),
      );
      const json = file(
        'nul.json',
        '[{"id":"J1","member":"P1","code":"99213","error_msg":"Missing\\u0000modifier","date":"2025-07-01","status":"denied"},' +
          '{"id":"J2","member":"P\\ud800","code":"99213","error_msg":"Missing modifier","date":"2025-07-01","status":"denied"},' +
          '{"id":"J3","member":"P1","code":"99213","error_msg":"Missing modifier","date":"2025-07-01","status":"denied"}]',
      );
      const ndjson = file(
        'nul.ndjson',
        '{"id":"N1","member":"P1","error_msg":"a\\u0000b","status":"denied"}\n{"id":"N2","member":"P1","status":"denied"}\n',
      );
      const result = await runBatch(
        db,
        options([
          { profile: 'alpha', path: csv },
          { profile: 'beta', path: json },
          { profile: 'beta', path: ndjson },
        ]),
      );
      const totals = (result.metrics as { totals: { read: number; accepted: number; quarantined: number } })
        .totals;
      assert.deepEqual(totals, { ...totals, read: 208, accepted: 203, quarantined: 5 });
      const quarantined = await db.query<{ reason: string; detail: string; raw: string }>(
        `SELECT q.reason, q.detail, q.raw FROM ingest.quarantine q JOIN billing.run_file rf USING (file_id)
         WHERE rf.run_id = $1 ORDER BY rf.input_order, q.position`,
        [result.runId],
      );
      assert.deepEqual(
        quarantined.map((q) => [q.reason, q.detail]),
        [
          ['invalid_text', 'line 202: denial_reason holds a NUL character'],
          ['invalid_text', 'line 203: denial_reason holds bytes that are not UTF-8 (or U+FFFD)'],
          ['invalid_text', 'element 1: denial_reason holds a NUL character'],
          ['invalid_text', 'element 2: patient_id holds half of a UTF-16 surrogate pair'],
          ['invalid_text', 'line 1: denial_reason holds a NUL character'],
        ],
      );
      // The raw text is kept, a NUL standing as U+FFFD.
      assert.equal(quarantined[0]!.raw, 'NUL1,P1,99213,Missing\ufffdmodifier,2025-07-01,denied');
    });

    it('reads a CSV whose lines end with CR alone', async () => {
      const csv = file(
        'cr.csv',
        (
          HEADER +
          'CR1,P1,99213,Missing modifier,2025-07-01,denied\nCR2,P2,99213,Incorrect NPI,2025-07-02,denied\n'
        ).replaceAll('\n', '\r'),
      );
      const result = await runBatch(db, options([{ profile: 'alpha', path: csv }]));
      assert.equal((result.metrics as { totals: { accepted: number } }).totals.accepted, 2);
    });

    it('refuses a CSV with a mapped column twice, naming it; nothing stored, not even the run', async () => {
      const runs = await count('SELECT count(*)::int AS n FROM billing.batch_run');
      const csv = file(
        'twice.csv',
        'claim_id,patient_id,claim_id,procedure_code,denial_reason,submitted_at,status\nA,P,B,1,r,2025-07-01,denied\n',
      );
      await assert.rejects(
        runBatch(db, options([{ profile: 'alpha', path: csv }])),
        (e: unknown) =>
          e instanceof ReclaimError &&
          e.code === 'INPUT_INVALID' &&
          /twice\.csv: column 'claim_id' named by profile alpha appears more than once in the header/.test(
            e.message,
          ),
      );
      assert.equal(await count('SELECT count(*)::int AS n FROM billing.batch_run'), runs);
    });

    it('two runs of one new file at once: both succeed, the file is stored once, the second finds it ingested', async () => {
      const csv = file('twin.csv', `${HEADER}T1,P1,99213,Missing modifier,2025-07-01,denied\n`);
      const results = await Promise.all([
        runBatch(db, options([{ profile: 'alpha', path: csv }])),
        runBatch(db, options([{ profile: 'alpha', path: csv }])),
      ]);
      const ingested = results.map(
        (r) => (r.metrics as { inputs: { already_ingested: boolean }[] }).inputs[0]!.already_ingested,
      );
      assert.deepEqual([...ingested].sort(), [false, true]);
      assert.equal(
        await count(`SELECT count(*)::int AS n FROM ingest.source_file WHERE file_name = 'twin.csv'`),
        1,
      );
    });

    describe('--out problems: one line, exit 3, nothing published, nothing stored', () => {
      before(() => {
        process.env.DATABASE_URL = db.url ?? '';
        process.env.RECLAIM_HOME = join(work, 'home');
      });
      after(() => {
        process.env.DATABASE_URL = SERVER_URL ?? '';
      });
      /** The database the CLI used: the test's server database, or the embedded one in RECLAIM_HOME. */
      const cliCount = async (sql: string): Promise<number> => {
        const home = process.env.RECLAIM_HOME!;
        const used: Db = db.url
          ? db
          : await openDatabase({ databaseUrl: undefined, home, lockWaitSeconds: 5 });
        try {
          return (await used.query<{ n: number }>(sql))[0]!.n;
        } finally {
          if (used !== db) await used.close();
        }
      };
      const input = () => file('ok.csv', `${HEADER}O1,P1,99213,Missing modifier,2025-07-01,denied\n`);
      const cases: [string, (out: string) => void, RegExp][] = [
        [
          'the rejection log is a directory',
          (out) => mkdirSync(join(out, 'rejection_log.jsonl')),
          /rejection_log\.jsonl is a directory/,
        ],
        [
          'the rejection log is a FIFO',
          (out) => execFileSync('mkfifo', [join(out, 'rejection_log.jsonl')]),
          /rejection_log\.jsonl is not a regular file/,
        ],
        [
          'the rejection log links to /dev/full',
          (out) => symlinkSync('/dev/full', join(out, 'rejection_log.jsonl')),
          /rejection_log\.jsonl is not a regular file/,
        ],
        [
          'the candidates file is a directory',
          (out) => mkdirSync(join(out, 'resubmission_candidates.csv')),
          /resubmission_candidates\.csv is a directory/,
        ],
      ];
      for (const [what, make, message] of cases) {
        it(what, async () => {
          const out = tempDir('reclaim-hostile-out-');
          make(out);
          const before = readdirSync(out);
          const runs = await cliCount('SELECT count(*)::int AS n FROM billing.batch_run');
          const r = await reclaim(
            'run',
            '--input',
            `alpha:${input()}`,
            '--as-of',
            '2025-07-30',
            '--out',
            out,
          );
          assert.equal(r.code, 3, r.err);
          assert.match(r.err, message);
          assert.equal(r.err.trim().split('\n').length, 1, r.err);
          assert.deepEqual(readdirSync(out), before);
          assert.equal(await cliCount('SELECT count(*)::int AS n FROM billing.batch_run'), runs);
        });
      }

      it('removes the temporary files of runs that died, and only those', async () => {
        const out = tempDir('reclaim-hostile-out-');
        // A pid that is not running: the highest possible, which no process has.
        const dead = 4_194_303;
        const stale = [
          `.resubmission_candidates.json.${dead}.1.tmp`,
          `.rejection_log.${dead}.0b5a9a5e-9a55-4e4b-9f9e-2d5d8d1c2b3a.jsonl`,
        ];
        const mine = `.resubmission_candidates.csv.${process.ppid}.1.tmp`;
        for (const name of [...stale, mine, 'notes.tmp']) writeFileSync(join(out, name), 'x');
        const r = await reclaim('run', '--input', `alpha:${input()}`, '--as-of', '2025-07-30', '--out', out);
        assert.equal(r.code, 0, r.err);
        for (const name of stale) assert.ok(!existsSync(join(out, name)), name);
        assert.ok(existsSync(join(out, mine)));
        assert.ok(existsSync(join(out, 'notes.tmp')));
      });

      it('refuses --as-of 0000-01-01 as a bad date (exit 2), not a crash', async () => {
        const r = await reclaim(
          'run',
          '--input',
          `alpha:${input()}`,
          '--as-of',
          '0000-01-01',
          '--out',
          tempDir('reclaim-hostile-out-'),
        );
        assert.equal(r.code, 2, r.err);
        assert.match(r.err, /--as-of must be a date as YYYY-MM-DD from 1900 on/);
      });

      it('publishes artifacts only once the run is committed', async () => {
        const out = tempDir('reclaim-hostile-out-');
        const r = await reclaim(
          'run',
          '--input',
          `alpha:${input()}`,
          '--as-of',
          '2025-07-30',
          '--out',
          out,
          '--json',
        );
        assert.equal(r.code, 0, r.err);
        const { run_id } = JSON.parse(r.out) as { run_id: string };
        assert.equal(
          await cliCount(
            `SELECT count(*)::int AS n FROM billing.batch_run WHERE run_id = '${run_id}' AND status = 'succeeded'`,
          ),
          1,
        );
        assert.deepEqual(readdirSync(out).sort(), [
          `metrics_${run_id}.json`,
          'rejection_log.jsonl',
          'resubmission_candidates.csv',
          'resubmission_candidates.json',
        ]);
        assert.ok(readFileSync(join(out, 'resubmission_candidates.csv'), 'utf8').includes('O1'));
      });
    });
  });
}
