import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fixturePath } from './support.js';
import { tempDir } from '../support/temp.js';
import { reclaimBin, reclaimInProcess } from '../support/cli.js';

const run = reclaimInProcess;

void describe('reclaim x12 parse', () => {
  void it('prints transactions → claims → lines as JSON with cents, adjustments and remarks', async () => {
    const { code, out, err } = await run(
      'x12',
      'parse',
      fixturePath('keironstoddart__emedny_sample.txt'),
      '--json',
    );
    assert.equal(err, '');
    assert.equal(code, 0);
    const doc = JSON.parse(out) as {
      transactions: { setId: string; payment: { amountCents: number }; claims: Record<string, unknown>[] }[];
      warnings: unknown[];
      segments: number;
    };
    assert.equal(doc.segments, 69);
    assert.deepEqual(doc.warnings, []);
    const [t] = doc.transactions;
    assert.equal(t?.setId, '835');
    assert.equal(t?.payment.amountCents, 4575);
    const claim = t?.claims[2] as {
      patientControlNumber: string;
      statusCode: string;
      chargeCents: number;
      paidCents: number;
      patientResponsibilityCents: number;
      payerClaimControlNumber: string;
      adjustments: unknown[];
      lines: { adjustments: unknown[]; remarks: string[] }[];
    };
    assert.deepEqual(
      [
        claim.patientControlNumber,
        claim.statusCode,
        claim.chargeCents,
        claim.paidCents,
        claim.patientResponsibilityCents,
        claim.payerClaimControlNumber,
      ],
      ['PATIENT ACCOUNT NUMBER', '2', 3425, 1150, 0, '1000230000000020'],
    );
    assert.deepEqual(claim.adjustments, []);
    assert.deepEqual(claim.lines[2]?.adjustments, [{ group: 'CO', reason: '251', amountCents: 275 }]);
    assert.deepEqual(claim.lines[2]?.remarks, ['N206']);
  });

  void it('prints a summary with the warnings', async () => {
    const { code, out } = await run('x12', 'parse', fixturePath('keironstoddart__blue_cross_nc_sample.txt'));
    assert.equal(code, 0);
    assert.equal(
      out,
      'keironstoddart__blue_cross_nc_sample.txt: 32 segments, 1 transactions, 1 remittance claims (paid 1922.86), 0 837 claims, 1 warnings\n' +
        '  segment 32: SEGMENT_COUNT_MISMATCH: SE01 says 33 segments, the transaction has 32\n',
    );
  });

  void it('fails with one line naming the file and segment, exit code 2', async () => {
    const dir = tempDir('reclaim-cli-');
    const bad = join(dir, 'cut.835');
    writeFileSync(
      bad,
      'ISA*00*          *00*          *ZZ*A              *ZZ*B              *250101*1200*^*00501*000000001*0*P*:~GS*HP*A*B*2025',
    );
    const { code, out, err } = await run('x12', 'parse', bad);
    assert.equal(out, '');
    assert.equal(err, 'reclaim: cut.835: segment 2: truncated: last segment has no terminator\n');
    assert.equal(code, 2);
    assert.equal((await run('x12', 'parse', join(dir, 'missing.835'))).code, 2);
    rmSync(dir, { recursive: true, force: true });
  });
});

void describe('what is not a file where a file is read', () => {
  void it('a directory is one line naming it, exit 2, before anything is opened', async () => {
    const dir = tempDir('reclaim-cli-dir-');
    try {
      for (const args of [
        ['x12', 'parse', dir],
        ['ingest', dir],
        ['classify', '--file', dir],
      ]) {
        const { code, out, err } = await run(...args);
        assert.deepEqual(
          { code, out, err },
          { code: 2, out: '', err: `reclaim: ${dir}: is a directory: name the files in it\n` },
          args.join(' '),
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('a pipe is read by x12 parse; ingest, which reads a file twice, refuses it in one line', () => {
    // A shell's pipe, as a user makes one (a child process's stdin from Node is a socket).
    const viaPipe = (args: string, env: Record<string, string> = {}) =>
      spawnSync(
        'bash',
        ['-c', `cat "$FIXTURE" | "$NODE" --import tsx scripts/reclaim-dev.ts ${args} /dev/stdin`],
        {
          env: {
            ...process.env,
            DATABASE_URL: '',
            NATS_URL: '',
            FIXTURE: fixturePath('keironstoddart__blue_cross_nc_sample.txt'),
            NODE: process.execPath,
            ...env,
          },
          encoding: 'utf8',
        },
      );
    const parsed = viaPipe('x12 parse');
    assert.equal(parsed.status, 0, parsed.stderr);
    assert.match(parsed.stdout, /1 remittance claims \(paid 1922\.86\)/);
    const home = tempDir('reclaim-cli-pipe-');
    try {
      const ingested = viaPipe('ingest', { RECLAIM_HOME: home });
      assert.equal(ingested.status, 2);
      assert.equal(ingested.stdout, '');
      assert.match(ingested.stderr, /^reclaim: \/dev\/stdin: not a regular file \(a pipe\?\): .+\n$/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

void describe('reclaim x12 parse --json on a file refused half-way', () => {
  void it('prints nothing on stdout (not megabytes of unterminated JSON), one line on stderr, exit 2', async () => {
    const text = readFileSync(fixturePath('keironstoddart__emedny_sample.txt'), 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'reclaim-x12-cut-'));
    const cut = join(dir, 'cut.txt');
    writeFileSync(cut, text.slice(0, Math.floor(text.length * 0.8)));
    const { code, out, err } = await run('x12', 'parse', cut, '--json');
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.equal(err.trim().split('\n').length, 1, err);
    rmSync(dir, { recursive: true, force: true });
  });
});

void describe('reclaim ingest of several files', () => {
  void it('the first file named again is recognised by its checksum the second time, each line in order', async () => {
    // The first file's checksum is read while the database opens (ingest.ts); naming it again
    // must still find it ingested, and every other file posted.
    const home = tempDir('reclaim-cli-files-');
    try {
      const first = fixturePath('keironstoddart__blue_cross_nc_sample.txt');
      const second = fixturePath('keironstoddart__emedny_sample.txt');
      const { code, out, err } = await reclaimBin(['ingest', first, second, first], { RECLAIM_HOME: home });
      assert.equal(err, '');
      assert.equal(code, 0);
      const lines = out.trimEnd().split('\n');
      assert.equal(lines.length, 3);
      assert.match(
        lines[0]!,
        /^keironstoddart__blue_cross_nc_sample\.txt \(x12-835, file 1\): .*1 claim payments \(1 new/,
      );
      assert.match(lines[1]!, /^keironstoddart__emedny_sample\.txt \(x12-835, file 2\): /);
      assert.equal(
        lines[2],
        'keironstoddart__blue_cross_nc_sample.txt: already ingested (file 1); nothing added',
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
