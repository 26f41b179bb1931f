import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { correctAll } from '../../src/correction/bulk.js';
import { successRate } from '../../src/correction/success-rate.repository.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { aDenial, aModifierRule, anAdjustment, envelope } from './factories.js';

for (const engine of ENGINES) {
  void describe(`success-rate view and stats on ${engine}`, () => {
    let db: TestDb;
    before(async () => {
      db = await freshDb(engine);
      // The factory's default rule: rendering credential NP → modifier SA on any procedure.
      await aModifierRule(db);
      await aDenial(db, { carc: 'CO-4', deniedAmountCents: 5_000 });
      await aDenial(db, { carc: 'CO-4', deniedAmountCents: 7_000 });
      await aDenial(db, { carc: 'CO-4', claim: { snapshot: {} } });
      const pr = await aDenial(db, { carcs: ['PR-1'] });
      await anAdjustment(db, pr.remitClaimId, { group: 'PR', carc: '1', amountCents: 4_200 });
      await aDenial(db, { carc: 'CO-29' });
      // A row from another day, outside the window below.
      await db.query(
        `INSERT INTO billing.auto_correction_attempt (tenant_id, correlation_id, denial_id, handler_name, carc_code, status, finished_at)
         SELECT 'default', 'old', denial_id, 'Old', 'CO-4', 'FAILED', '2020-01-01T12:00:00Z' FROM billing.denial LIMIT 1`,
      );
      await correctAll(db, { envelope: envelope() });
    });
    after(() => db.dispose());

    void it('aggregates attempts per CARC: attempts, successes, failures, skipped, success_rate, recovered_amount_cents', async () => {
      const rows = await db.query(
        `SELECT carc_code, attempts, successes, failures, skipped, success_rate, recovered_amount_cents
         FROM billing.v_auto_correction_success_rate ORDER BY success_rate DESC, attempts DESC`,
      );
      assert.deepEqual(rows, [
        {
          carc_code: 'PR-1',
          attempts: 1,
          successes: 1,
          failures: 0,
          skipped: 0,
          success_rate: 1,
          recovered_amount_cents: 4_200,
        },
        {
          carc_code: 'CO-4',
          attempts: 4,
          successes: 2,
          failures: 1,
          skipped: 1,
          success_rate: 0.5,
          recovered_amount_cents: 12_000,
        },
        {
          carc_code: 'CO-29',
          attempts: 1,
          successes: 0,
          failures: 0,
          skipped: 1,
          success_rate: 0,
          recovered_amount_cents: 0,
        },
      ]);
    });

    void it('stats over a window leave other days out and add the rollup', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const report = await successRate(db, 'default', { since: today, until: today });
      assert.deepEqual(
        report.rows.map((r) => [r.carcCode, r.attempts, r.successRate, r.recoveredAmountCents]),
        [
          ['PR-1', 1, 1, 4_200],
          ['CO-4', 3, 0.6667, 12_000],
          ['CO-29', 1, 0, 0],
        ],
      );
      assert.deepEqual(report.meta, {
        totalAttempts: 5,
        overallSuccessRate: 0.6,
        totalRecoveredAmountCents: 16_200,
        // The two CO-4 rebills put 12,000 back in play; no later 835 has paid any of it yet.
        totalRealisedAmountCents: 0,
        totalAtStakeCents: 12_000,
        overallRealisedShare: 0,
        totalDeniedAgain: 0,
      });
    });

    void it('an empty window returns no rows', async () => {
      const report = await successRate(db, 'default', { since: '2001-01-01', until: '2001-12-31' });
      assert.deepEqual(report, {
        since: '2001-01-01',
        until: '2001-12-31',
        rows: [],
        meta: {
          totalAttempts: 0,
          overallSuccessRate: 0,
          totalRecoveredAmountCents: 0,
          totalRealisedAmountCents: 0,
          totalAtStakeCents: 0,
          overallRealisedShare: null,
          totalDeniedAgain: 0,
        },
      });
    });
  });
}
