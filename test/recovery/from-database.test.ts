import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { workqueueFromDatabase } from '../../src/recovery/from-database.js';
import { REALISED_FILE, runRecovery } from '../../src/recovery/run.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';

interface DenialSpec {
  readonly pcn: string;
  readonly carcs: readonly string[];
  readonly cents: number;
  readonly deniedOn: string | null;
  readonly createdAt?: string;
  readonly status?: string;
}

/** Denials need a remit claim each; the rest of the 835 does not matter here. */
async function insertDenials(db: TestDb, denials: readonly DenialSpec[]): Promise<void> {
  const [r] = await db.query<{ remittance_id: number }>(
    `INSERT INTO billing.remittance (tenant_id, payer_key, trace_number, payment_cents)
     VALUES ('default', 'P1', 'T1', 0) RETURNING remittance_id`,
  );
  for (const d of denials) {
    await db.query(
      `WITH rc AS (
         INSERT INTO billing.remit_claim (tenant_id, remittance_id, patient_control_number, status_code, charge_cents, paid_cents)
         VALUES ('default', $1, $2, '4', $4, 0) RETURNING remit_claim_id)
       INSERT INTO billing.denial (tenant_id, remit_claim_id, patient_control_number, payer_key, carc_codes,
         denied_amount_cents, status, denied_on, created_at)
       SELECT 'default', remit_claim_id, $2, 'P1', $3, $4, $5, $6, coalesce($7::timestamptz, now()) FROM rc`,
      [r!.remittance_id, d.pcn, d.carcs, d.cents, d.status ?? 'OPEN', d.deniedOn, d.createdAt ?? null],
    );
  }
}

for (const engine of ENGINES) {
  void describe(`recovery workqueue from our own denials on ${engine}`, () => {
    let db: TestDb;
    before(async () => {
      db = await freshDb(engine);
      // Week 2026-W47 ends Sunday 2026-11-22; 2026-W46 ends 2026-11-15.
      await insertDenials(db, [
        { pcn: 'D1', carcs: ['CO-16', 'CO-45'], cents: 50000, deniedOn: '2026-11-20' }, // 2 days old at W47
        { pcn: 'D2', carcs: ['CO-4'], cents: 120000, deniedOn: '2026-09-23' }, // 60 days at W47, 53 at W46
        { pcn: 'D3', carcs: ['CO-29'], cents: 300000, deniedOn: '2026-06-01' }, // 174 days
        { pcn: 'D4', carcs: ['PR-1'], cents: 9000, deniedOn: null, createdAt: '2026-11-10T12:00:00Z' }, // 12 days
        { pcn: 'D5', carcs: ['CO-16'], cents: 7000, deniedOn: '2026-10-01', status: 'CORRECTED' },
        { pcn: 'D6', carcs: ['CO-16'], cents: 7000, deniedOn: '2026-10-01', status: 'WRITTEN_OFF' },
        { pcn: 'D7', carcs: ['CO-29'], cents: 7000, deniedOn: '2026-10-01', status: 'WRITTEN_OFF' },
        { pcn: 'D8', carcs: ['CO-29'], cents: 7000, deniedOn: '2026-10-01', status: 'WRITTEN_OFF' },
        { pcn: 'D9', carcs: ['CO-97'], cents: 5000, deniedOn: '2026-11-30' }, // after W47: not in it
      ]);
    });
    after(() => db.dispose());

    void it('builds the current and prior snapshots with aging, groups, PRCSG and smoothed p_denial', async () => {
      const input = await workqueueFromDatabase(db, 'default', '2026-W47');
      assert.deepEqual(
        [input.anchorMode, input.current.weekKey, input.prior?.weekKey],
        ['explicit_week', '2026-W47', '2026-W46'],
      );
      // p_denial: missing_information (1 lost, 1 recovered) -> 2/4; timely_filing (2 lost) -> 3/4; others 1/2.
      assert.deepEqual(
        input.current.rows.map((r) => [
          r.clmId,
          r.agingDays,
          r.deniedAmountCents,
          r.topDenialGroup,
          r.topDenialPrcsg,
          r.pDenial,
        ]),
        [
          ['D1', 2, 50000, 'missing_information', 'I', 0.5],
          ['D2', 60, 120000, 'coding_modifier', 'I', 0.5],
          ['D3', 174, 300000, 'timely_filing', 'D', 0.75],
          ['D4', 12, 9000, 'patient_responsibility', 'A', 0.5],
        ],
      );
      assert.deepEqual(
        input.prior?.rows.map((r) => [r.clmId, r.agingDays]),
        [
          ['D2', 53],
          ['D3', 167],
          ['D4', 5],
        ],
      );
    });

    void it('anchors on the week of the latest denial when no week is named', async () => {
      const input = await workqueueFromDatabase(db, 'default', undefined);
      assert.deepEqual(
        [input.anchorMode, input.current.weekKey, input.prior?.weekKey],
        ['latest_data_week', '2026-W49', '2026-W48'],
      );
      assert.equal(input.current.rows.find((r) => r.clmId === 'D9')?.topDenialPrcsg, 'Z');
    });

    void it('writes the brief from the database with its guardrails', async () => {
      const outDir = tempDir('reclaim-recovery-');
      const { brief, written } = await runRecovery(() => Promise.resolve(db), 'default', {
        outDir,
        workqueueSize: 2,
        week: '2026-W47',
        fromCsv: undefined,
      });
      // Weighted: D2 120000 × 0.5 × 0.8 = 48000; D3 300000 × 0.25 × 0.25 = 18750; D1 25000; D4 4500.
      assert.deepEqual(
        brief.workqueue.map((w) => [w.clmId, w.weightedRecoverableCents, w.ownerGroup]),
        [
          ['D2', 48000, 'Coding'],
          ['D1', 25000, 'Billing follow-up'],
        ],
      );
      assert.deepEqual(brief.stability.top2Current, ['coding_modifier', 'missing_information']);
      assert.deepEqual(brief.stability.top2Prior, ['coding_modifier', 'timely_filing']);
      assert.equal(brief.stability.verdict, 'material_shift');
      assert.match(brief.guardrails.join('\n'), /what the remittance left unpaid, a proxy/);
      // Realised recovery sits beside the workqueue: no correction has been paid for here yet.
      assert.ok(written.includes(join(outDir, REALISED_FILE)));
      assert.equal(
        readFileSync(join(outDir, REALISED_FILE), 'utf8'),
        'handler,carc_code,payer,successes,paid,denied_again,projected_amount_cents,realised_amount_cents,avg_days_to_cash\n',
      );
    });
  });
}
