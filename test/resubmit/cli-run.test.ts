import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/context.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';

/** Runs the CLI in-process and captures what it prints. */
async function reclaim(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t + '\n'), err: (t) => void (err += t + '\n'), isTty: false };
  const code = await main(['node', 'reclaim', ...args], io);
  return { code, out, err };
}

const SEED_ALPHA = 'test/fixtures/emr/seed_alpha.csv';
/** The server URL the suite was given; each engine's block points the CLI elsewhere and restores it. */
const SERVER_URL = process.env.DATABASE_URL;
const SEED_BETA = 'test/fixtures/emr/seed_beta.json';

for (const engine of ENGINES) {
  describe(`reclaim run from the command line on ${engine}`, () => {
    let db: TestDb;
    let work: string;
    before(async () => {
      db = await freshDb(engine);
      work = tempDir('reclaim-cli-');
      process.env.RECLAIM_HOME = join(work, 'home');
      // An empty DATABASE_URL means "not set" to the CLI: the embedded database under RECLAIM_HOME.
      process.env.DATABASE_URL = db.url ?? '';
    });
    after(async () => {
      process.env.DATABASE_URL = SERVER_URL ?? '';
      await db.dispose();
    });

    const file = (name: string, content: string | Buffer) => {
      const path = join(work, name);
      writeFileSync(path, content);
      return path;
    };

    it('runs the seed rows and prints a summary; --json prints the metrics', async () => {
      const out = join(work, 'ok');
      const table = await reclaim(
        'run',
        '--input',
        `alpha:${SEED_ALPHA}`,
        '--input',
        `beta:${SEED_BETA}`,
        '--as-of',
        '2025-07-30',
        '--out',
        out,
      );
      assert.equal(table.code, 0, table.err);
      assert.match(table.out, /read 9 = accepted 9 \+ quarantined 0; denied 7, candidates 4/);
      const json = await reclaim(
        'run',
        '--input',
        `alpha:${SEED_ALPHA}`,
        '--as-of',
        '2025-07-30',
        '--out',
        out,
        '--json',
      );
      assert.equal(json.code, 0, json.err);
      const metrics = JSON.parse(json.out) as {
        totals: { candidates: number };
        inputs: { already_ingested: boolean }[];
      };
      assert.equal(metrics.totals.candidates, 3);
      assert.equal(metrics.inputs[0]!.already_ingested, true);
    });

    const header = 'claim_id,patient_id,procedure_code,denial_reason,submitted_at,status\n';
    const bad: [string, () => string[], RegExp, number][] = [
      ['a missing file', () => ['--input', `alpha:${join(work, 'nope.csv')}`], /nope\.csv: no such file/, 2],
      [
        'an empty file',
        () => ['--input', `alpha:${file('empty.csv', '')}`],
        /empty\.csv: the file is empty/,
        2,
      ],
      [
        'a header only',
        () => ['--input', `alpha:${file('header.csv', header)}`],
        /header\.csv: a header but no data rows/,
        2,
      ],
      [
        'a CSV missing a mapped column',
        () => [
          '--input',
          `alpha:${file('cols.csv', 'claim_id,patient_id,procedure_code,submitted_at,status\nA1,P1,99213,2025-07-01,denied\n')}`,
        ],
        /cols\.csv: column 'denial_reason' named by profile alpha missing from the header/,
        2,
      ],
      [
        'malformed JSON',
        () => ['--input', `beta:${file('bad.json', '[{"id": "B1"},, }')}`],
        /bad\.json: /,
        2,
      ],
      [
        'a binary file',
        () => ['--input', `alpha:${file('blob.csv', Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0]))}`],
        /blob\.csv: this is a binary file/,
        2,
      ],
      ['an unknown profile', () => ['--input', `gamma:${SEED_ALPHA}`], /unknown profile 'gamma'/, 2],
      ['an --input without a profile', () => ['--input', SEED_ALPHA], /--input must be profile:path/, 2],
      [
        'a bad --as-of',
        () => ['--input', `alpha:${SEED_ALPHA}`, '--as-of', '2025-02-30'],
        /--as-of must be a date/,
        2,
      ],
      [
        'too many --threads',
        () => ['--input', `alpha:${SEED_ALPHA}`, '--threads', '500'],
        /--threads must be at most 64/,
        2,
      ],
      [
        'an unwritable --out',
        () => ['--input', `alpha:${SEED_ALPHA}`, '--out', join(file('plain.txt', 'x'), 'sub')],
        /--out .*plain\.txt\/sub is not a writable directory/,
        3,
      ],
      // procfs refuses a new directory with ENOENT under a parent that exists.
      ...(existsSync('/proc/self')
        ? ([
            [
              'an --out where no directory can be made (procfs)',
              () => ['--input', `alpha:${SEED_ALPHA}`, '--out', '/proc/reclaim-out/run'],
              /--out \/proc\/reclaim-out\/run is not a writable directory/,
              3,
            ],
          ] as [string, () => string[], RegExp, number][])
        : []),
    ];

    for (const [what, args, message, exitCode] of bad) {
      it(`refuses ${what} with a one-line error, exit ${exitCode}, no artifact and nothing stored`, async () => {
        const out = tempDir('reclaim-out-');
        const files = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ingest.source_file');
        const a = args();
        const result = await reclaim(
          'run',
          ...a,
          ...(a.includes('--out') ? [] : ['--out', out]),
          ...(a.includes('--as-of') ? [] : ['--as-of', '2025-07-30']),
        );
        assert.equal(result.code, exitCode);
        assert.equal(result.out, '');
        assert.match(result.err, message);
        assert.equal(result.err.trim().split('\n').length, 1, `one line: ${result.err}`);
        assert.deepEqual(readdirSync(out), []);
        const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ingest.source_file');
        assert.equal(after[0]!.n, files[0]!.n);
      });
    }
  });
}
