import type { Tx } from '../db/db.js';
import { keepStatistics } from '../ingest/x12/posting.repository.js';
import { importReference } from '../reference/import-reference.js';
import type { ReferenceKind } from '../reference/kinds.js';
import { parseReferenceText } from '../reference/reference-file.js';

/**
 * What a demo denial is, by its number modulo 10: every handler, both ways where it can go.
 * 0-2 CO-4 rebill · 3 CO-4 without facility state (SKIP) · 4 CO-16 N479 with authorization (rebill)
 * 5 CO-16 N350 (SKIP, policy_never_touch) · 6 CO-18 with a paid original (write off) · 7 CO-29 with a
 * submission (appeal) · 8 CO-97 with no duplicate (appeal) · 9 PR-2 with PR adjustments (patient).
 */
export const DEMO_MIX = [
  'CO-4',
  'CO-4',
  'CO-4',
  'CO-4',
  'CO-16',
  'CO-16',
  'CO-18',
  'CO-29',
  'CO-97',
  'PR-2',
] as const;

/**
 * Seeds `count` synthetic denials with the claims, remittances, rules, authorizations and
 * submissions the handlers read, in a fixed number of set-based statements. The payer, the
 * modifier rule and the authorizations go in as reference files through `reference import`, the
 * one way reference data is loaded. `tag` prefixes every
 * account number, so seeding again with another tag adds a disjoint set. No real person's data.
 */
export async function seedDemoDenials(tx: Tx, tenantId: string, count: number, tag: string): Promise<number> {
  const p = [tenantId, count, tag];
  await loadDemoReference(
    tx,
    tenantId,
    'payers',
    'payer_id,name,timely_filing_days\nDEMO,Demo Health Plan,180\n',
  );
  await loadDemoReference(
    tx,
    tenantId,
    'modifier-rules',
    'trigger_type,trigger_value,scope,modifier\nrendering_credential,NP,*,SA\n',
  );
  // Denied claims, then for every sixth in ten an earlier claim for the same service that was paid.
  await tx.query(
    `INSERT INTO billing.claim (tenant_id, patient_control_number, total_charge_cents, payer_id, payer_name, subscriber_id,
       service_date_from, service_date_to, resolved_context_snapshot, billing_npi, rendering_npi, diagnosis_codes,
       patient_last_name, patient_first_name, facility_code)
     SELECT $1, c.pcn, 15000 + (c.i % 50) * 100, 'DEMO', 'Demo Health Plan', $3 || 'S' || c.i,
            date '2025-01-02' + c.i % 120, date '2025-01-02' + c.i % 120,
            CASE WHEN c.i % 10 = 3 THEN '{"rendering_credential":"NP","payer_id":"DEMO"}'
                 ELSE '{"rendering_credential":"NP","facility_address_state":"CA","payer_id":"DEMO","billing_provider_name":"DEMO CLINIC"}' END::jsonb,
            '1234567893', '1999999984', '{J020}', 'DEMO', 'PATIENT', '11'
     FROM (SELECT i, $3 || '-' || i AS pcn FROM generate_series(1, $2::int) i
           UNION ALL
           SELECT i, $3 || '-O' || i FROM generate_series(1, $2::int) i WHERE i % 10 = 6) c`,
    p,
  );
  // Fresh statistics, or the planner joins the new rows by scanning them once per row.
  await tx.query('ANALYZE billing.claim');
  await tx.query(
    `INSERT INTO billing.claim_line (claim_id, line_number, procedure_code, modifiers, charge_cents, units, service_date, place_of_service)
     SELECT c.claim_id, 1, CASE WHEN c.i % 10 = 6 THEN '99214' ELSE '99213' END, '{}', c.total_charge_cents, 1, c.service_date_from, '11'
     FROM (SELECT x.claim_id, x.total_charge_cents, x.service_date_from, g.i
           FROM generate_series(1, $2::int) g(i)
           JOIN billing.claim x ON x.tenant_id = $1 AND x.version = 1
            AND x.patient_control_number IN ($3 || '-' || g.i, $3 || '-O' || g.i)) c`,
    p,
  );
  await tx.query(
    `INSERT INTO billing.remittance (tenant_id, payer_key, trace_number, payer_name, payment_cents, payment_date)
     SELECT $1, 'DEMO', $3 || '-T' || g, 'Demo Health Plan', 0, date '2025-06-01'
     FROM generate_series(0, ($2::int - 1) / 1000) g`,
    p,
  );
  await tx.query(
    `INSERT INTO billing.remit_claim (tenant_id, remittance_id, patient_control_number, status_code, charge_cents, paid_cents,
       patient_responsibility_cents, payer_claim_control_number, claim_id)
     SELECT $1, r.remittance_id, c.patient_control_number,
            CASE WHEN o.orig THEN '1' ELSE '4' END, c.total_charge_cents,
            CASE WHEN o.orig THEN c.total_charge_cents - 2000 ELSE 0 END,
            CASE WHEN g.i % 10 = 9 AND NOT o.orig THEN 3500 ELSE 0 END,
            $3 || CASE WHEN o.orig THEN '-ICNO' ELSE '-ICN' END || g.i, c.claim_id
     FROM generate_series(1, $2::int) g(i)
     CROSS JOIN (VALUES (false), (true)) o(orig)
     JOIN billing.claim c ON c.tenant_id = $1 AND c.version = 1
      AND c.patient_control_number = $3 || CASE WHEN o.orig THEN '-O' ELSE '-' END || g.i
     JOIN billing.remittance r ON r.tenant_id = $1 AND r.payer_key = 'DEMO' AND r.trace_number = $3 || '-T' || ((g.i - 1) / 1000)`,
    p,
  );
  await tx.query('ANALYZE billing.remit_claim');
  await tx.query(
    `INSERT INTO billing.remittance_adjustment (tenant_id, remit_claim_id, group_code, carc, amount_cents)
     SELECT $1, rc.remit_claim_id, a.group_code, a.carc, a.amount
     FROM generate_series(1, $2::int) g(i)
     JOIN billing.remit_claim rc ON rc.tenant_id = $1 AND rc.patient_control_number = $3 || '-' || g.i
     CROSS JOIN LATERAL (
       SELECT * FROM (VALUES
         (split_part(($4::text[])[g.i % 10 + 1], '-', 1), split_part(($4::text[])[g.i % 10 + 1], '-', 2),
          CASE WHEN g.i % 10 = 9 THEN 2500 ELSE rc.charge_cents END, true),
         ('PR', '1', 1000, g.i % 10 = 9),
         ('CO', '45', rc.charge_cents - 3500, g.i % 10 = 9)) v(group_code, carc, amount, keep)
       WHERE v.keep) a`,
    [...p, DEMO_MIX],
  );
  // Written here, not by posting: their BRIN ranges need summarising and their column analysing.
  await keepStatistics(tx, { remittances: true, claims: true });
  let authorizations = 'subscriber_id,payer_id,procedure_code,valid_from,valid_to,authorization_number\n';
  for (let i = 4; i <= count; i += 10)
    authorizations += `${tag}S${i},DEMO,99213,2025-01-01,2025-12-31,PA${i}\n`;
  await loadDemoReference(tx, tenantId, 'authorizations', authorizations);
  await tx.query(
    `INSERT INTO billing.claim_submission (tenant_id, claim_id, submitted_at, channel, reference)
     SELECT $1, c.claim_id, (c.service_date_from + 3)::timestamptz, 'edi', 'ISA' || g.i
     FROM generate_series(1, $2::int) g(i)
     JOIN billing.claim c ON c.tenant_id = $1 AND c.version = 1 AND c.patient_control_number = $3 || '-' || g.i
     WHERE g.i % 10 = 7`,
    p,
  );
  const rows = await tx.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO billing.denial (tenant_id, remit_claim_id, claim_id, patient_control_number, payer_claim_control_number,
         payer_key, carc_codes, rarc_codes, denied_amount_cents, denied_on)
       SELECT $1, rc.remit_claim_id, rc.claim_id, rc.patient_control_number, rc.payer_claim_control_number, 'DEMO',
              ARRAY[($4::text[])[g.i % 10 + 1]],
              CASE g.i % 10 WHEN 4 THEN '{N479}'::text[] WHEN 5 THEN '{N350}'::text[] ELSE '{}'::text[] END,
              CASE WHEN g.i % 10 = 9 THEN 3500 ELSE rc.charge_cents END, date '2025-06-01'
       FROM generate_series(1, $2::int) g(i)
       JOIN billing.remit_claim rc ON rc.tenant_id = $1 AND rc.patient_control_number = $3 || '-' || g.i
       ORDER BY g.i
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [...p, DEMO_MIX],
  );
  await tx.query('ANALYZE billing.denial');
  return rows[0]?.n ?? 0;
}

/** Loads one generated reference file as `reference import` would, recorded as loaded by `demo seed`. */
async function loadDemoReference(tx: Tx, tenantId: string, kind: ReferenceKind, csv: string): Promise<void> {
  const file = parseReferenceText(`demo-${kind}.csv`, Buffer.from(csv), kind);
  await importReference(tx, { tenantId, kind, loadedBy: 'demo seed' }, [file]);
}
