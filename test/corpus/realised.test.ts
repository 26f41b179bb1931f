import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateCorpus } from '../../src/corpus/generate.js';
import type { Manifest } from '../../src/corpus/manifest.js';
import { realisedRecovery, successRate } from '../../src/correction/success-rate.repository.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';
import { correctEverything, filesIn, importCorpusReference, ingestAll } from './run-corpus.js';

const TENANT = 'default';

/** Realised cents per denial account number, as the attempts carry them. */
async function realisedByAccount(
  db: TestDb,
): Promise<Map<string, { realised: number; deniedAgain: boolean }>> {
  const rows = await db.query<{ pcn: string; realised: number; denied_again: boolean }>(
    `SELECT d.patient_control_number AS pcn, sum(a.realised_amount_cents)::bigint AS realised,
            bool_or(a.denied_again) AS denied_again
     FROM billing.auto_correction_attempt a JOIN billing.denial d ON d.denial_id = a.denial_id
     WHERE a.status = 'SUCCESS' GROUP BY d.patient_control_number`,
  );
  return new Map(rows.map((r) => [r.pcn, { realised: r.realised, deniedAgain: r.denied_again }]));
}

for (const engine of ENGINES) {
  void describe(`realised recovery from follow-up 835s on ${engine}`, () => {
    let db: TestDb;
    let dir: string;
    let manifest: Manifest;
    before(async () => {
      db = await freshDb(engine);
      dir = tempDir('reclaim-realised-');
      manifest = await generateCorpus(dir, { claims: 160, seed: 11, start: '2025-01-06' });
      await importCorpusReference(db, dir, TENANT);
      await ingestAll(db, [...filesIn(dir, '837'), ...filesIn(dir, '835')], TENANT);
      await correctEverything(db, TENANT);
    });
    after(() => db.dispose());

    void it('links payments, denials again, reversals and offsets to the rebills and appeals behind them', async () => {
      const [followUps, takebacks] = [
        filesIn(dir, 'followup').filter((f) => f.endsWith('-1.835')),
        filesIn(dir, 'followup').filter((f) => f.endsWith('-2.835')),
      ];
      // The takebacks first: what they take back is not paid yet, so nothing links...
      await ingestAll(db, takebacks, TENANT);
      assert.deepEqual(await db.query('SELECT * FROM billing.recovery_realisation'), []);
      // ...until the payments arrive, and then reversals and offsets link to them all the same.
      await ingestAll(db, followUps, TENANT);
      // Ingesting the same files again links nothing twice.
      await ingestAll(db, [...followUps, ...takebacks], TENANT);
      const realised = await realisedByAccount(db);

      // Every corrected or appealed denial the engine succeeded on carries the manifest's amount.
      const worked = manifest.denials.filter(
        (d) => d.outcome === 'SUCCESS' && realised.has(d.patientControlNumber) && d.followUp !== null,
      );
      assert.ok(worked.length > 0);
      for (const d of worked) {
        const got = realised.get(d.patientControlNumber)!;
        assert.deepEqual(
          [d.scenario, got.realised, got.deniedAgain],
          [d.scenario, d.realisedCents, d.followUp === 'denied_again'],
          d.patientControlNumber,
        );
      }
      // Per CARC, for the codes the engine worked from these files: the success-rate view agrees.
      const report = await successRate(db, TENANT);
      const byCarc = new Map(report.rows.map((r) => [r.carcCode, r]));
      const carcs = [...new Set(worked.map((d) => d.codes[0]!))];
      for (const carc of carcs) {
        const expected = worked.filter((d) => d.codes[0] === carc).reduce((s, d) => s + d.realisedCents, 0);
        assert.equal(byCarc.get(carc)!.realisedAmountCents, expected, carc);
      }
      assert.ok(carcs.includes('CO-4') && carcs.includes('CO-16') && carcs.includes('CO-97'));

      // Per handler × CARC × payer: denials again, and days from correction to cash known.
      const rows = await realisedRecovery(db, TENANT);
      assert.equal(
        rows.reduce((s, r) => s + r.realisedAmountCents, 0),
        worked.reduce((s, d) => s + d.realisedCents, 0),
      );
      assert.equal(
        rows.reduce((s, r) => s + r.deniedAgain, 0),
        worked.filter((d) => d.followUp === 'denied_again').length,
      );
      for (const r of rows.filter((x) => x.paid > 0)) assert.equal(typeof r.averageDaysToCash, 'number');
      const kinds = await db.query<{ kind: string; n: number }>(
        `SELECT kind, count(*)::int AS n FROM billing.recovery_realisation GROUP BY kind ORDER BY kind`,
      );
      assert.deepEqual(
        kinds.map((k) => k.kind),
        ['denied_again', 'offset', 'payment', 'reversal'],
      );
    });
  });
}
