import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ReclaimError } from '../../src/errors.js';
import { runBatch, type RunOptions, type RunResult } from '../../src/resubmit/run.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';

const REASONS = ['Missing modifier', 'Prior auth required', 'Non-covered service', 'needs review', ''];
const STATUSES = ['denied', 'Denied ', 'deny', 'approved', 'pending', 'weird'];

/**
 * Two exports of about 2.5 MB each (several batches per file), where claim ids repeat within a
 * file, across batches and across files, with malformed rows, quoted cells with line breaks,
 * unreadable dates and unknown statuses mixed in.
 */
function writeInputs(dir: string): { csv: string; json: string } {
  const lines = ['claim_id,patient_id,procedure_code,denial_reason,submitted_at,status'];
  for (let i = 0; i < 30_000; i++) {
    const id = `C${i % 9_000}`;
    const reason = REASONS[i % REASONS.length]!;
    const date = i % 97 === 0 ? '2025-13-40' : `2025-0${1 + (i % 6)}-1${i % 10}`;
    if (i % 1_000 === 7)
      lines.push(`${id},P${i},99213`); // malformed: too few cells
    else if (i % 1_000 === 11) lines.push(`${id},P${i},99213,"Missing modifier\nsee note",${date},denied`);
    else
      lines.push(
        `${id},${i % 53 === 0 ? '' : `P${i}`},99213,${reason},${date},${STATUSES[i % STATUSES.length]}`,
      );
  }
  const csv = join(dir, 'alpha.csv');
  writeFileSync(csv, lines.join('\n') + '\n');
  const elements: string[] = [];
  for (let i = 0; i < 25_000; i++) {
    const id = `C${(i * 7) % 12_000}`; // overlaps the CSV's ids
    if (i % 2_000 === 5) elements.push('{"id": "broken",}');
    else if (i % 2_000 === 9) elements.push('"not an object"');
    else
      elements.push(
        JSON.stringify({
          id,
          member: `M${i}`,
          code: '99214',
          error_msg: REASONS[(i + 1) % REASONS.length],
          date: `0${1 + (i % 6)}/1${i % 10}/2025`,
          status: STATUSES[(i + 2) % STATUSES.length],
        }),
      );
  }
  const json = join(dir, 'beta.json');
  writeFileSync(json, `[\n${elements.join(',\n')}\n]\n`);
  return { csv, json };
}

function run(
  db: TestDb,
  inputs: { csv: string; json: string },
  threads: number,
  tenant = threads === 0 ? 't0' : 't2',
): Promise<RunResult> {
  const options: RunOptions = {
    inputs: [
      { profile: 'alpha', path: inputs.csv },
      { profile: 'beta', path: inputs.json },
    ],
    asOf: '2025-07-30',
    outDir: tempDir('reclaim-threads-'),
    tenant,
    threads,
  };
  return runBatch(db, options);
}

/** An artifact with the run's own id and times taken out. */
function artifact(path: string, runId: string): string {
  return readFileSync(path, 'utf8').replaceAll(runId, '<run>');
}

for (const engine of ENGINES) {
  void describe(`batch run on threads, ${engine}`, () => {
    let db: TestDb;
    let inputs: { csv: string; json: string };
    before(async () => {
      db = await freshDb(engine);
      // A tenant per thread count, so each run stores its own copy of the files.
      await db.query(
        `INSERT INTO billing.tenant (tenant_id, name) VALUES ('t0', 't0'), ('t2', 't2'), ('again', 'again')`,
      );
      inputs = writeInputs(tempDir('reclaim-threads-in-'));
    });
    after(() => db.dispose());

    void it('gives byte for byte the artifacts and decisions of deciding one row after another', async () => {
      const one = await run(db, inputs, 0);
      const two = await run(db, inputs, 2);
      for (const name of ['candidatesJson', 'candidatesCsv', 'rejectionLog'] as const) {
        assert.equal(
          artifact(two.artifacts[name], two.runId),
          artifact(one.artifacts[name], one.runId),
          name,
        );
      }
      const strip = (m: Record<string, unknown>) => {
        const { run_id, tenant, started_at, finished_at, duration_ms, options, ...rest } = m;
        void [run_id, tenant, started_at, finished_at, duration_ms, options];
        return rest;
      };
      assert.deepEqual(strip(two.metrics), strip(one.metrics));
      const totals = one.metrics.totals as Record<string, number>;
      const outcomes = one.metrics.outcomes as Record<string, number>;
      assert.ok(totals.quarantined! > 0 && outcomes.duplicate_claim! > 100 && totals.candidates! > 1000);

      const decisions = (runId: string) =>
        db.query<{ source_system: string; row_number: number; claim_id: string; outcome: string }>(
          `SELECT source_system, row_number, claim_id, outcome FROM billing.v_run_decision
            WHERE run_id = $1 ORDER BY source_system, row_number`,
          [runId],
        );
      assert.deepEqual(await decisions(two.runId), await decisions(one.runId));

      // The view reads codes that are stored compressed (these files are large enough), and its
      // outcomes are the run's: every accepted record once, with the outcome the metrics count.
      const [codes] = await db.query<{ compressed: boolean }>(
        `SELECT bool_and(pg_column_size(decision_codes) < length(decision_codes)) AS compressed
           FROM billing.run_file WHERE run_id = $1`,
        [one.runId],
      );
      assert.equal(codes!.compressed, true);
      const viewed = await db.query<{ outcome: string; n: number }>(
        `SELECT outcome, count(*)::int AS n FROM billing.v_run_decision WHERE run_id = $1 GROUP BY 1`,
        [one.runId],
      );
      assert.deepEqual(
        Object.fromEntries(viewed.map((v) => [v.outcome, v.n])),
        Object.fromEntries(Object.entries(outcomes).filter(([, n]) => n > 0)),
      );
      const stored = (tenant: string) =>
        db.query<{ n: number; claims: number }>(
          `SELECT count(*)::int AS n, count(DISTINCT claim_id)::int AS claims
             FROM ingest.claim_record WHERE tenant_id = $1`,
          [tenant],
        );
      assert.deepEqual(await stored('t2'), await stored('t0'));
    });

    void it('decides files stored before as it did the first time, and stores nothing of them again', async () => {
      const first = await run(db, inputs, 2, 'again');
      const stored = () =>
        db.query<{ records: number; quarantined: number; issues: number }>(
          `SELECT (SELECT count(*)::int FROM ingest.claim_record WHERE tenant_id = 'again') AS records,
                  (SELECT count(*)::int FROM ingest.quarantine WHERE tenant_id = 'again') AS quarantined,
                  (SELECT count(*)::int FROM ingest.data_quality_issue WHERE tenant_id = 'again') AS issues`,
        );
      const before = await stored();
      assert.ok(before[0]!.records > 50_000 && before[0]!.quarantined > 0 && before[0]!.issues > 0);
      // The decider threads hear that the files are known only once the transaction is open:
      // whatever they render before that must be dropped, not stored.
      const again = await run(db, inputs, 2, 'again');
      assert.deepEqual(await stored(), before);
      for (const name of ['candidatesJson', 'candidatesCsv'] as const)
        assert.equal(
          artifact(again.artifacts[name], again.runId),
          artifact(first.artifacts[name], first.runId),
        );
      const strip = (m: Record<string, unknown>) => {
        const { run_id, started_at, finished_at, duration_ms, inputs: files, ...rest } = m;
        void [run_id, started_at, finished_at, duration_ms];
        return {
          ...rest,
          inputs: (files as Record<string, unknown>[]).map((f) => ({ ...f, already_ingested: null })),
        };
      };
      assert.deepEqual(strip(again.metrics), strip(first.metrics));
      assert.deepEqual(
        (again.metrics.inputs as { already_ingested: boolean }[]).map((i) => i.already_ingested),
        [true, true],
      );
      const decisions = (runId: string) =>
        db.query<{ row_number: number; outcome: string }>(
          `SELECT file_id, row_number, outcome FROM billing.v_run_decision WHERE run_id = $1
            ORDER BY file_id, row_number`,
          [runId],
        );
      assert.deepEqual(await decisions(again.runId), await decisions(first.runId));
    });

    void it('fails whole when a file breaks after batches were decided: no artifact, nothing stored', async () => {
      const dir = tempDir('reclaim-threads-bad-');
      const broken = join(dir, 'broken.json');
      // Several batches of good elements, then an array that is never closed.
      writeFileSync(broken, readFileSync(inputs.json, 'utf8').trimEnd().slice(0, -1));
      const count = async (sql: string) => (await db.query<{ n: number }>(sql))[0]!.n;
      const files = await count('SELECT count(*)::int AS n FROM ingest.source_file');
      const records = await count('SELECT count(*)::int AS n FROM ingest.claim_record');
      const out = join(dir, 'out');
      await assert.rejects(
        runBatch(db, {
          inputs: [
            { profile: 'alpha', path: inputs.csv },
            { profile: 'beta', path: broken },
          ],
          asOf: '2025-07-30',
          outDir: out,
          tenant: 'default',
          threads: 2,
        }),
        (error: unknown) =>
          error instanceof ReclaimError &&
          error.code === 'INPUT_INVALID' &&
          /broken\.json: malformed JSON: the JSON array is not closed/.test(error.message),
      );
      assert.deepEqual(readdirSync(out), []);
      assert.equal(await count('SELECT count(*)::int AS n FROM ingest.source_file'), files);
      assert.equal(await count('SELECT count(*)::int AS n FROM ingest.claim_record'), records);
    });

    void it('keeps the first candidate of a claim id across files: a later file only adds duplicates', async () => {
      const result = await run(db, inputs, 2); // the files are known by now: decided, not stored again
      const candidates = JSON.parse(readFileSync(result.artifacts.candidatesJson, 'utf8')) as {
        claim_id: string;
        source_system: string;
      }[];
      const ids = candidates.map((c) => c.claim_id);
      assert.equal(new Set(ids).size, ids.length);
      const log = readFileSync(result.artifacts.rejectionLog, 'utf8')
        .trim()
        .split('\n')
        .map(
          (l) => JSON.parse(l) as { run_id: string; reason: string; source_system: string; claim_id: string },
        );
      const mine = log.filter((l) => l.run_id === result.runId);
      const inAlpha = new Set(candidates.filter((c) => c.source_system === 'alpha').map((c) => c.claim_id));
      // Some beta records lost to an alpha candidate of the same id.
      assert.ok(
        mine.some(
          (l) => l.reason === 'duplicate_claim' && l.source_system === 'beta' && inAlpha.has(l.claim_id),
        ),
      );
    });
  });
}
