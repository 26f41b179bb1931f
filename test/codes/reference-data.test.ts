import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { classifyDenials } from '../../src/classify/classify-denials.js';
import { POLICY_MIGRATION_PATH } from '../../src/codes/build-reference-migration.js';
import { CATEGORIES } from '../../src/codes/categories.js';
import { decisionTableVersion } from '../../src/codes/classify-codes.js';
import { policyMigrationSql } from '../../src/codes/reference-sql.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';

void describe('decision policy migration', () => {
  void it('is exactly what the generator produces from src/codes/data and the categories', () => {
    assert.equal(readFileSync(POLICY_MIGRATION_PATH, 'utf8'), policyMigrationSql());
  });
});

for (const engine of ENGINES) {
  void describe(`rcm_reference and denial classification on ${engine}`, () => {
    let db: TestDb;
    before(async () => (db = await freshDb(engine)));
    after(() => db.dispose());

    void it('loads the code sets with their sources', async () => {
      const counts = await db.query(
        `SELECT (SELECT count(*) FROM rcm_reference.carc) AS carc,
                (SELECT count(*) FROM rcm_reference.carc WHERE NOT active) AS inactive,
                (SELECT count(*) FROM rcm_reference.rarc) AS rarc,
                (SELECT count(*) FROM rcm_reference.rarc WHERE description IS NOT NULL) AS rarc_described,
                (SELECT count(*) FROM rcm_reference.adjustment_group) AS groups,
                (SELECT count(*) FROM rcm_reference.processing_indicator) AS prcsg,
                (SELECT count(*) FROM rcm_reference.code_set) AS sets`,
      );
      assert.deepEqual(counts, [
        { carc: 407, inactive: 26, rarc: 998, rarc_described: 9, groups: 5, prcsg: 35, sets: 5 },
      ]);
      const co4 = await db.query(
        `SELECT verdict, category, strategies, never_automate FROM rcm_reference.denial_decision
          WHERE group_code = '*' AND carc = '97' AND rarc = '*'`,
      );
      assert.deepEqual(co4, [
        {
          verdict: 'non_retryable',
          category: 'bundling',
          strategies: ['DUPLICATE_LINK', 'ADJUDICATION_APPEAL'],
          never_automate: false,
        },
      ]);
      const dash = await db.query(
        `SELECT description FROM rcm_reference.processing_indicator WHERE code = 'G'`,
      );
      assert.deepEqual(dash, [{ description: 'MSP cost avoided — Secondary Claims Investigation' }]);
    });

    void it('holds every category under one of the four CAQH CORE scenarios, and the current table', async () => {
      const rows = await db.query<{ category: string; scenario: string | null }>(
        'SELECT category, scenario FROM rcm_reference.denial_category ORDER BY category',
      );
      assert.deepEqual(
        rows.map((r) => r.category),
        Object.keys(CATEGORIES).sort(),
      );
      assert.deepEqual([...new Set(rows.map((r) => r.scenario))].sort(), [
        'missing_claim_data',
        'missing_documentation',
        'not_covered',
        'not_separately_payable',
        null,
      ]);
      const pos = await db.query(
        `SELECT verdict, category FROM rcm_reference.denial_decision WHERE carc IN ('5', '16') AND rarc IN ('*', 'M77') ORDER BY carc, rarc`,
      );
      assert.deepEqual(pos, [
        { verdict: 'retryable', category: 'missing_information' },
        { verdict: 'retryable', category: 'place_of_service' },
        { verdict: 'retryable', category: 'place_of_service' },
      ]);
    });

    void it('holds the current decision table after every migration, not the one a frozen migration loaded', async () => {
      // 023 loaded the table as it was then; 024 replaced it (CO-197 and CO-208 became held for a
      // person), and 071 replaces that (CO-227 and CO-228 became coordination of benefits). A
      // database migrated from scratch, like one upgraded, ends on the newest rows.
      const versions = await db.query<{ table_version: string }>(
        'SELECT DISTINCT table_version FROM rcm_reference.denial_decision',
      );
      assert.deepEqual(versions, [{ table_version: decisionTableVersion() }]);
      const held = await db.query(
        `SELECT carc, verdict, category FROM rcm_reference.denial_decision
          WHERE carc IN ('197', '208', '227') AND rarc = '*' ORDER BY carc`,
      );
      assert.deepEqual(held, [
        { carc: '197', verdict: 'ambiguous', category: 'authorization' },
        { carc: '208', verdict: 'ambiguous', category: 'provider_eligibility' },
        { carc: '227', verdict: 'non_retryable', category: 'coordination_of_benefits' },
      ]);
    });

    void it('fills category and retryable on denials from their codes, for one tenant only', async () => {
      await db.exec(`
        INSERT INTO billing.tenant (tenant_id, name) VALUES ('other', 'Other');
        INSERT INTO billing.remittance (tenant_id, payer_key, trace_number, payment_cents)
          VALUES ('default', 'P1', 'T1', 0), ('other', 'P1', 'T1', 0);
        INSERT INTO billing.remit_claim (tenant_id, remittance_id, patient_control_number, status_code, charge_cents, paid_cents)
          SELECT r.tenant_id, r.remittance_id, 'PCN' || n, '4', 10000, 0
            FROM billing.remittance r, generate_series(1, 5) n;
        INSERT INTO billing.denial (tenant_id, remit_claim_id, patient_control_number, payer_key, carc_codes, rarc_codes, denied_amount_cents)
          SELECT rc.tenant_id, rc.remit_claim_id, rc.patient_control_number, 'P1',
                 CASE rc.patient_control_number
                   WHEN 'PCN1' THEN ARRAY['CO-4', 'CO-45'] WHEN 'PCN2' THEN ARRAY['CO-18']
                   WHEN 'PCN3' THEN ARRAY['CO-16'] WHEN 'PCN4' THEN ARRAY['CO-999'] ELSE ARRAY['CO-4', 'CO-147'] END,
                 CASE rc.patient_control_number WHEN 'PCN3' THEN ARRAY['N350'] ELSE '{}'::text[] END,
                 10000
            FROM billing.remit_claim rc;`);
      const ids = (
        await db.query<{ denial_id: number }>(
          `SELECT denial_id FROM billing.denial ORDER BY tenant_id, patient_control_number`,
        )
      ).map((r) => r.denial_id);
      const counts = await db.transaction((tx) => classifyDenials(tx, 'default', ids));
      assert.deepEqual(counts, { classified: 5, retryable: 1, nonRetryable: 1, manual: 3 });
      const rows = await db.query(
        `SELECT tenant_id, patient_control_number AS pcn, category, retryable FROM billing.denial
          ORDER BY tenant_id, patient_control_number`,
      );
      assert.deepEqual(rows, [
        { tenant_id: 'default', pcn: 'PCN1', category: 'coding_modifier', retryable: true },
        { tenant_id: 'default', pcn: 'PCN2', category: 'duplicate', retryable: false },
        { tenant_id: 'default', pcn: 'PCN3', category: 'missing_information', retryable: null },
        { tenant_id: 'default', pcn: 'PCN4', category: null, retryable: null },
        { tenant_id: 'default', pcn: 'PCN5', category: 'coding_modifier', retryable: null },
        ...[1, 2, 3, 4, 5].map((n) => ({
          tenant_id: 'other',
          pcn: `PCN${n}`,
          category: null,
          retryable: null,
        })),
      ]);
      assert.deepEqual(await db.transaction((tx) => classifyDenials(tx, 'default', [])), {
        classified: 0,
        retryable: 0,
        nonRetryable: 0,
        manual: 0,
      });
    });
  });
}
