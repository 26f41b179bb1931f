import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateCorpus } from '../../src/corpus/generate.js';
import type { Manifest } from '../../src/corpus/manifest.js';
import { realisedRecovery, successRate } from '../../src/correction/success-rate.repository.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';
import { correctEverything, filesIn, importCorpusReference, ingestAll } from './run-corpus.js';

const TENANT = 'default';

/** Per denial: handler outcome, skip reason and denial status as the database has them. */
async function outcomes(db: TestDb) {
  const rows = await db.query<{
    pcn: string;
    handler_name: string | null;
    status: string | null;
    reason: string | null;
    denial_status: string;
    codes: string[];
  }>(
    `SELECT d.patient_control_number AS pcn, a.handler_name, a.status, coalesce(a.failure_reason, a.details->>'reason') AS reason,
            d.status AS denial_status, d.carc_codes AS codes
     FROM billing.denial d
     LEFT JOIN billing.auto_correction_attempt a ON a.denial_id = d.denial_id
     WHERE d.tenant_id = $1
     ORDER BY d.patient_control_number, a.handler_name`,
    [TENANT],
  );
  return rows;
}

function expectedRows(manifest: Manifest) {
  return manifest.denials
    .map((d) => ({
      pcn: d.patientControlNumber,
      handler_name: d.handler,
      status: d.outcome,
      reason: d.skipReason,
      denial_status: d.denialStatus,
      codes: d.codes,
    }))
    .sort((a, b) => (a.pcn < b.pcn ? -1 : a.pcn > b.pcn ? 1 : 0));
}

/** Compares row by row and names the denials that differ, one line each. */
function assertSameOutcomes(actual: Row[], expected: Row[]): void {
  const key = (r: Row) => JSON.stringify([r.handler_name, r.status, r.reason, r.denial_status, r.codes]);
  const want = new Map(expected.map((r) => [r.pcn, key(r)]));
  const got = new Map(actual.map((r) => [r.pcn, key(r)]));
  const wrong = [...new Set([...want.keys(), ...got.keys()])]
    .filter((pcn) => want.get(pcn) !== got.get(pcn))
    .map((pcn) => `${pcn}: expected ${want.get(pcn) ?? 'no denial'}, got ${got.get(pcn) ?? 'no denial'}`);
  assert.deepEqual(wrong, []);
  assert.equal(actual.length, expected.length);
}

const nonZero = (o: Record<string, number>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== 0));

type Row = Awaited<ReturnType<typeof outcomes>>[number];

for (const engine of ENGINES) {
  for (const order of ['837s first', '835s first'] as const) {
    void describe(`open corpus end to end on ${engine}, ${order}`, () => {
      let db: TestDb;
      let dir: string;
      let manifest: Manifest;
      before(async () => {
        db = await freshDb(engine);
        dir = tempDir('reclaim-corpus-');
        manifest = await generateCorpus(dir, { claims: 160, seed: 7, start: '2025-01-06' });
      });
      after(() => db.dispose());

      void it('files only: every denial reaches the outcome its manifest says, and the follow-ups realise its recovery per CARC and handler', async () => {
        await importCorpusReference(db, dir, TENANT);
        const claims = filesIn(dir, '837');
        const remits = filesIn(dir, '835');
        await ingestAll(db, order === '837s first' ? [...claims, ...remits] : [...remits, ...claims], TENANT);
        const summary = await correctEverything(db, TENANT);
        assert.equal(summary.attempts.FAILED, 0);
        assertSameOutcomes(await outcomes(db), expectedRows(manifest));
        // Every handler succeeds somewhere, and every skip reason the manifest expects appears.
        assert.deepEqual(
          Object.keys(summary.byHandler).sort(),
          Object.keys(manifest.expected.byHandler).sort(),
        );
        for (const tally of Object.values(summary.byHandler)) assert.ok(tally.SUCCESS > 0);
        assert.deepEqual(summary.bySkipReason, manifest.expected.bySkipReason);

        // The follow-up 835s: realised recovery per CARC and per handler is the manifest's.
        await ingestAll(db, filesIn(dir, 'followup'), TENANT);
        const report = await successRate(db, TENANT);
        assert.deepEqual(
          nonZero(Object.fromEntries(report.rows.map((r) => [r.carcCode, r.realisedAmountCents]))),
          nonZero(manifest.expected.realisedByCarc),
        );
        const byHandler: Record<string, number> = {};
        for (const r of await realisedRecovery(db, TENANT)) {
          byHandler[r.handler] = (byHandler[r.handler] ?? 0) + r.realisedAmountCents;
        }
        assert.deepEqual(nonZero(byHandler), nonZero(manifest.expected.realisedByHandler));
        assert.equal(report.meta.totalRealisedAmountCents, manifest.expected.realisedTotalCents);
      });
    });
  }
}
