import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Queryable } from '../../src/db/db.js';
import { runDenialRate } from '../../src/kpi/denial-rate.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';

interface LineSpec {
  readonly paid: number;
  /** 'GROUP-CARC' codes on the line itself. */
  readonly adj?: readonly string[];
}

interface ClaimSpec {
  readonly pcn: string;
  readonly status: string;
  readonly lines: readonly LineSpec[];
  /** Claim-level 'GROUP-CARC' codes (remit_line_id NULL). */
  readonly claimAdj?: readonly string[];
  readonly paid?: number;
}

/** Posts 835 rows directly, as the X12 ingest would; every line is served on 2024-01-03. */
async function post(db: Queryable, claims: readonly ClaimSpec[]): Promise<void> {
  const [r] = await db.query<{ remittance_id: number }>(
    `INSERT INTO billing.remittance (tenant_id, payer_key, trace_number, payment_cents)
     VALUES ('default', 'P1', 'T1', 0) RETURNING remittance_id`,
  );
  for (const c of claims) {
    const [rc] = await db.query<{ remit_claim_id: number }>(
      `INSERT INTO billing.remit_claim (tenant_id, remittance_id, patient_control_number, status_code, charge_cents,
         paid_cents, service_date_from) VALUES ('default', $1, $2, $3, 10000, $4, '2024-01-03') RETURNING remit_claim_id`,
      [r!.remittance_id, c.pcn, c.status, c.paid ?? 0],
    );
    const claimId = rc!.remit_claim_id;
    for (const code of c.claimAdj ?? []) await adjust(db, claimId, null, code);
    for (const [i, line] of c.lines.entries()) {
      const [rl] = await db.query<{ remit_line_id: number }>(
        `INSERT INTO billing.remit_line (tenant_id, remit_claim_id, line_number, charge_cents, paid_cents, service_date)
         VALUES ('default', $1, $2, 5000, $3, '2024-01-03') RETURNING remit_line_id`,
        [claimId, i + 1, line.paid],
      );
      for (const code of line.adj ?? []) await adjust(db, claimId, rl!.remit_line_id, code);
    }
  }
}

async function adjust(db: Queryable, claimId: number, lineId: number | null, code: string) {
  const [group, carc] = code.split('-') as [string, string];
  await db.query(
    `INSERT INTO billing.remittance_adjustment (tenant_id, remit_claim_id, remit_line_id, group_code, carc, amount_cents)
     VALUES ('default', $1, $2, $3, $4, 5000)`,
    [claimId, lineId, group, carc],
  );
}

for (const engine of ENGINES) {
  void describe(`lines derived from 835 remittances on ${engine}`, () => {
    let db: TestDb;
    before(async () => {
      db = await freshDb(engine);
      await post(db, [
        {
          pcn: 'C1',
          status: '1',
          lines: [
            { paid: 5000 },
            { paid: 0, adj: ['CO-16'] },
            { paid: 0, adj: ['CO-45', 'CO-50'] },
            { paid: 0, adj: ['CO-999'] },
            { paid: 0, adj: ['OA-999'] },
            { paid: 0, adj: ['PR-1'] },
            { paid: 0 },
            { paid: 0, adj: ['PR-2', 'CO-97'] },
          ],
        },
        { pcn: 'C2', status: '4', lines: [], claimAdj: ['CO-29'] },
        { pcn: 'C3', status: '22', lines: [{ paid: -5000 }] },
        { pcn: 'C4', status: '2', lines: [{ paid: 100 }] },
        { pcn: 'C5', status: '1', lines: [{ paid: 0 }, { paid: 0, adj: ['CO-22'] }], claimAdj: ['CO-18'] },
      ]);
    });
    after(() => db.dispose());

    void it('maps each 835 line outcome to a processing-indicator code by the documented precedence', async () => {
      const rows = await db.query<{ pcn: string; line_num: number; prcsg_cd: string | null }>(
        `SELECT rc.patient_control_number AS pcn, v.line_num, v.prcsg_cd
         FROM billing.v_kpi_remit_line v JOIN billing.remit_claim rc USING (remit_claim_id)
         ORDER BY rc.patient_control_number, v.line_num`,
      );
      assert.deepEqual(
        rows.map((r) => `${r.pcn}.${r.line_num}=${r.prcsg_cd ?? 'null'}`),
        [
          'C1.1=A', // paid
          'C1.2=I', // CO-16 missing information
          'C1.3=N', // CO-50 (precedence 50) beats CO-45 (90)
          'C1.4=D', // an unmapped CO reason
          'C1.5=O', // an unmapped OA reason
          'C1.6=A', // patient's share only
          'C1.7=null', // nothing says why: unknown
          'C1.8=Z', // PR is ignored when a CO reason maps
          'C2.0=D', // a claim without service lines is one line, with the claim-level CO-29
          'C3.1=R', // reversal
          'C4.1=S', // processed as secondary
          'C5.1=M', // no own adjustment: the claim-level CO-18
          'C5.2=S', // its own CO-22 wins over the claim level
        ],
      );
    });

    void it('reports the KPI over those lines with --from-remits semantics', async () => {
      const { report } = await runDenialRate(db, 'default', {
        lineFiles: [],
        fromRemits: true,
        asOf: '2024-06-30',
        includeBenefitsExhausted: false,
        referenceFile: undefined,
        outDir: tempDir('reclaim-kpi-'),
      });
      // Comparable: A, I, N, D, O, A, Z (C1) + D (C2) = 8; denials: I, N, D, O, Z, D = 6.
      assert.deepEqual(
        report.weeks.map((w) => [
          w.weekStart,
          w.lines,
          w.comparableLines,
          w.denialLines,
          w.mspCobLines,
          w.adminLines,
          w.unknownPrcsgLines,
        ]),
        [['2024-01-01', 13, 8, 6, 2, 2, 1]],
      );
      assert.equal(report.weeks[0]!.denialRate, 6 / 8);
      assert.deepEqual(
        report.leakage.map((l) => l.count),
        [0, 0, 0, 0, 0],
      );
    });
  });
}
