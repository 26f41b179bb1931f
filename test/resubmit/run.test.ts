import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTextClassifier } from '../../src/classify/classifier.js';
import { ReclaimError } from '../../src/errors.js';
import { runBatch, type RunOptions } from '../../src/resubmit/run.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';

const SEED = { alpha: 'test/fixtures/emr/seed_alpha.csv', beta: 'test/fixtures/emr/seed_beta.json' };
const GENERATOR = '../shared/bench/gen_emr.py';

function outDir(): string {
  return tempDir('reclaim-run-');
}

function options(over: Partial<RunOptions> = {}): RunOptions {
  return {
    inputs: [
      { profile: 'alpha', path: SEED.alpha },
      { profile: 'beta', path: SEED.beta },
    ],
    asOf: '2025-07-30',
    outDir: outDir(),
    tenant: 'default',
    ...over,
  };
}

type Candidate = { claim_id: string; recommended_change: string; classification: { label: string } };
type Rejection = { run_id: string; claim_id: string | null; reason: string };

function readJsonl(path: string): Rejection[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Rejection);
}

async function count(db: TestDb, sql: string): Promise<number> {
  const rows = await db.query<{ n: number }>(sql);
  return rows[0]!.n;
}

for (const engine of ENGINES) {
  describe(`batch run on ${engine}`, () => {
    let db: TestDb;
    before(async () => (db = await freshDb(engine)));
    after(() => db.dispose());

    it("decides the seed's nine rows: exactly A123, A124, A127 and B988, one reason for every other row", async () => {
      const result = await runBatch(db, options());
      const candidates = JSON.parse(readFileSync(result.artifacts.candidatesJson, 'utf8')) as Candidate[];
      assert.deepEqual(
        candidates.map((c) => c.claim_id),
        ['A123', 'A124', 'A127', 'B988'],
      );
      assert.deepEqual(
        candidates.map((c) => c.classification.label),
        ['known_retryable', 'known_retryable', 'known_retryable', 'known_retryable'],
      );
      assert.ok(candidates.every((c) => c.recommended_change.length > 0));
      const csv = readFileSync(result.artifacts.candidatesCsv, 'utf8').trim().split('\n');
      assert.equal(csv.length, 5);
      assert.match(csv[1]!, /^A123,P001,99213,2025-07-01,Missing modifier,known_retryable,/);

      const decisions = await db.query<{ claim_id: string; outcome: string }>(
        `SELECT claim_id, outcome FROM billing.v_run_decision WHERE run_id = $1 ORDER BY claim_id`,
        [result.runId],
      );
      assert.deepEqual(decisions, [
        { claim_id: 'A123', outcome: 'candidate' },
        { claim_id: 'A124', outcome: 'candidate' },
        { claim_id: 'A125', outcome: 'non_retryable' },
        { claim_id: 'A126', outcome: 'not_denied' },
        { claim_id: 'A127', outcome: 'candidate' },
        { claim_id: 'B987', outcome: 'non_retryable' },
        { claim_id: 'B988', outcome: 'candidate' },
        { claim_id: 'B989', outcome: 'not_denied' },
        { claim_id: 'B990', outcome: 'ambiguous_classification' },
      ]);
      const rejections = readJsonl(result.artifacts.rejectionLog);
      assert.deepEqual(
        rejections.map((r) => [r.claim_id, r.reason]),
        [
          ['A125', 'non_retryable'],
          ['B987', 'non_retryable'],
          ['B990', 'ambiguous_classification'],
        ],
      );
      assert.ok(rejections.every((r) => r.run_id === result.runId));

      const m = result.metrics as {
        totals: Record<string, number>;
        data_quality: { missing: Record<string, Record<string, number>> };
      };
      assert.deepEqual(m.totals, {
        read: 9,
        accepted: 9,
        quarantined: 0,
        denied: 7,
        candidates: 4,
        excluded_denied: 3,
      });
      assert.equal(m.data_quality.missing.alpha!.patient_id, 1);
      assert.equal(m.data_quality.missing.beta!.denial_reason, 1);
      const metricsFile = JSON.parse(readFileSync(result.artifacts.metrics, 'utf8')) as { run_id: string };
      assert.equal(metricsFile.run_id, result.runId);
      const [run] = await db.query<{ status: string }>(
        'SELECT status FROM billing.batch_run WHERE run_id = $1',
        [result.runId],
      );
      assert.equal(run!.status, 'succeeded');
    });

    it('re-ingesting the same files stores nothing new, says so, and appends the new run to the same log', async () => {
      const out = outDir();
      const first = await runBatch(db, options({ outDir: out }));
      const stored = await count(db, 'SELECT count(*)::int AS n FROM ingest.claim_record');
      const second = await runBatch(db, options({ outDir: out }));
      assert.equal(await count(db, 'SELECT count(*)::int AS n FROM ingest.claim_record'), stored);
      const inputs = (second.metrics as { inputs: { already_ingested: boolean }[] }).inputs;
      assert.deepEqual(
        inputs.map((i) => i.already_ingested),
        [true, true],
      );
      const runs = readJsonl(second.artifacts.rejectionLog).map((r) => r.run_id);
      assert.deepEqual([...new Set(runs)], [first.runId, second.runId]);
      assert.equal(runs.length, 6);
    });

    it('quarantines what it cannot accept, records unreadable values, and the counts add up', async () => {
      const dir = outDir();
      const csv = join(dir, 'messy.csv');
      writeFileSync(
        csv,
        [
          'status,claim_id,patient_id,procedure_code,denial_reason,submitted_at,extra',
          ' DENIED ,Q1,P1,99213,  Missing modifier ,07/01/2025,x',
          'deny,,P2,99213,Missing modifier,2025-07-01,x',
          'denied,Q3,P3,99213,Missing modifier,2025-13-40,x',
          'denied,Q4,P4,99213',
          'weird,Q5,N/A,99213,"Missing, or invalid, modifier",2025-07-01,x',
          'denied,Q1,P1,99213,Missing modifier,2025-07-02,x',
        ].join('\r\n') + '\r\n',
      );
      const result = await runBatch(db, options({ inputs: [{ profile: 'alpha', path: csv }], outDir: dir }));
      const m = result.metrics as {
        totals: Record<string, number>;
        outcomes: Record<string, number>;
        quarantine_reasons: Record<string, number>;
        data_quality: { unreadable: Record<string, Record<string, number>> };
      };
      assert.deepEqual(m.totals, {
        read: 6,
        accepted: 4,
        quarantined: 2,
        denied: 3,
        candidates: 1,
        excluded_denied: 2,
      });
      assert.deepEqual(m.quarantine_reasons, { missing_claim_id: 1, malformed_row: 1 });
      assert.equal(m.outcomes.candidate, 1);
      assert.equal(m.outcomes.missing_submitted_at, 1);
      assert.equal(m.outcomes.duplicate_claim, 1);
      assert.equal(m.outcomes.not_denied, 1);
      assert.deepEqual(m.data_quality.unreadable.alpha, { submitted_at: 1, status: 1 });
      const quarantine = await db.query<{ position: number; reason: string }>(
        `SELECT q.position, q.reason FROM ingest.quarantine q JOIN ingest.source_file f USING (file_id)
         WHERE f.file_name = 'messy.csv' ORDER BY q.position`,
      );
      assert.deepEqual(quarantine, [
        { position: 2, reason: 'missing_claim_id' },
        { position: 4, reason: 'malformed_row' },
      ]);
      const issues = await db.query<{ position: number; field: string; issue: string }>(
        `SELECT d.position, d.field, d.issue FROM ingest.data_quality_issue d JOIN ingest.source_file f USING (file_id)
         WHERE f.file_name = 'messy.csv' ORDER BY d.position`,
      );
      assert.deepEqual(issues, [
        { position: 3, field: 'submitted_at', issue: 'unparseable_date' },
        { position: 5, field: 'status', issue: 'unknown_status' },
      ]);
      const stored = await db.query(
        `SELECT r.claim_id, r.status, r.submitted_on, r.patient_id, r.denial_reason
         FROM ingest.claim_record r JOIN ingest.source_file f USING (file_id)
         WHERE f.file_name = 'messy.csv' ORDER BY r.row_number`,
      );
      assert.deepEqual(stored, [
        {
          claim_id: 'Q1',
          status: 'denied',
          submitted_on: '2025-07-01',
          patient_id: 'P1',
          denial_reason: 'Missing modifier',
        },
        {
          claim_id: 'Q3',
          status: 'denied',
          submitted_on: null,
          patient_id: 'P3',
          denial_reason: 'Missing modifier',
        },
        {
          claim_id: 'Q5',
          status: 'weird',
          submitted_on: '2025-07-01',
          patient_id: null,
          denial_reason: 'Missing, or invalid, modifier',
        },
        {
          claim_id: 'Q1',
          status: 'denied',
          submitted_on: '2025-07-02',
          patient_id: 'P1',
          denial_reason: 'Missing modifier',
        },
      ]);
    });

    it('fails whole on a bad second input: no artifact, nothing stored, not even the run', async () => {
      const dir = outDir();
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '[{"id": "Z1", "member": "P1"}, {"id": "Z2"');
      const files = await count(db, 'SELECT count(*)::int AS n FROM ingest.source_file');
      const inputs = [
        { profile: 'alpha', path: SEED.alpha },
        { profile: 'beta', path: broken },
      ];
      await assert.rejects(
        runBatch(db, options({ inputs, outDir: dir })),
        (error: unknown) =>
          error instanceof ReclaimError &&
          error.code === 'INPUT_INVALID' &&
          error.message.includes('broken.json'),
      );
      assert.deepEqual(readdirSync(dir), ['broken.json']);
      assert.equal(await count(db, 'SELECT count(*)::int AS n FROM ingest.source_file'), files);
      // A refused run leaves no row behind (it used to stay, marked failed).
      assert.equal(
        await count(db, `SELECT count(*)::int AS n FROM billing.batch_run WHERE status = 'failed'`),
        0,
      );
    });

    it('refuses the same file twice in one run, under one name or two: one line naming both, nothing stored', async () => {
      const dir = outDir();
      const copy = join(dir, 'copy.csv');
      writeFileSync(copy, readFileSync(SEED.alpha));
      const files = await count(db, 'SELECT count(*)::int AS n FROM ingest.source_file');
      for (const second of [SEED.alpha, copy]) {
        const inputs = [
          { profile: 'alpha', path: SEED.alpha },
          { profile: 'alpha', path: second },
        ];
        await assert.rejects(
          runBatch(db, options({ inputs, outDir: dir })),
          (error: unknown) =>
            error instanceof ReclaimError &&
            error.code === 'INPUT_INVALID' &&
            error.message.startsWith(`${second}: the same alpha file as ${SEED.alpha}`),
        );
      }
      assert.deepEqual(readdirSync(dir), ['copy.csv']);
      assert.equal(await count(db, 'SELECT count(*)::int AS n FROM ingest.source_file'), files);
    });

    it('on 100,000 generated rows the counts add up and the candidates are exactly what the documented rules give', async (t) => {
      const data = tempDir('reclaim-gen-');
      const gen = spawnSync('python3', [GENERATOR, data, '--rows', '100000', '--seed', '3']);
      if (gen.status !== 0 || !existsSync(join(data, 'emr_alpha.csv'))) {
        t.skip(`the generator ${GENERATOR} is not available`);
        return;
      }
      const inputs = [
        { profile: 'alpha', path: join(data, 'emr_alpha.csv') },
        { profile: 'beta', path: join(data, 'emr_beta.json') },
      ];
      const result = await runBatch(db, options({ inputs }));
      const m = result.metrics as { totals: Record<string, number>; outcomes: Record<string, number> };
      assert.equal(m.totals.read, 100_000);
      assert.equal(m.totals.read, m.totals.accepted! + m.totals.quarantined!);
      assert.equal(
        Object.values(m.outcomes).reduce((a, b) => a + b, 0),
        m.totals.accepted,
      );

      // The documented rules, restated independently over the stored records.
      const classifier = createTextClassifier();
      const records = await db.query<{
        claim_id: string;
        patient_id: string | null;
        denial_reason: string | null;
        status: string | null;
        submitted_on: string | null;
      }>(
        `SELECT r.claim_id, r.patient_id, r.denial_reason, r.status, r.submitted_on
         FROM billing.run_file rf JOIN ingest.claim_record r USING (file_id)
         WHERE rf.run_id = $1 ORDER BY rf.input_order, r.row_number`,
        [result.runId],
      );
      assert.equal(records.length, m.totals.accepted);
      const asOf = Date.parse('2025-07-30T00:00:00Z');
      const taken = new Set<string>();
      const expected: string[] = [];
      for (const r of records) {
        const verdict = classifier.classify(r.denial_reason).verdict;
        const age =
          r.submitted_on === null ? null : (asOf - Date.parse(`${r.submitted_on}T00:00:00Z`)) / 86_400_000;
        const eligible =
          r.status === 'denied' &&
          verdict === 'retryable' &&
          r.patient_id !== null &&
          age !== null &&
          age > 7 &&
          age <= 365;
        if (eligible && !taken.has(r.claim_id)) {
          taken.add(r.claim_id);
          expected.push(r.claim_id);
        }
      }
      const candidates = JSON.parse(readFileSync(result.artifacts.candidatesJson, 'utf8')) as Candidate[];
      assert.equal(candidates.length, m.totals.candidates);
      assert.deepEqual(
        candidates.map((c) => c.claim_id),
        expected,
      );
      const rejections = readJsonl(result.artifacts.rejectionLog).filter((r) => r.run_id === result.runId);
      assert.equal(rejections.length, m.totals.excluded_denied! + m.totals.quarantined!);
    });
  });
}
