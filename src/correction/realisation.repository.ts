import type { Tx } from '../db/db.js';

/** Strategies whose success puts money back in play: a rebill or an appeal. */
const RECOVERING = [
  'MODIFIER_CORRECTION',
  'MISSING_INFO_REBILL',
  'TIMELY_FILING_APPEAL',
  'ADJUDICATION_APPEAL',
];

/** What linking one 835 file found. */
export interface LinkedRealisations {
  payments: number;
  deniedAgain: number;
  reversals: number;
  offsets: number;
}

/**
 * Links what an ingested 835 file says about corrected and appealed claims to the attempts that
 * produced them (docs/recovery.md, "Realised recovery"):
 *
 * - a later answer for the denied account (CLP01), from the same payer, dated on or after the
 *   denial: for a rebill the corrected version (its claim, or CLP09 = 7); for an appeal the same
 *   version. Paid: a `payment` of CLP04. CLP02 = 4: `denied_again`. The latest denial of the
 *   account wins, and on it the first rebilling attempt (the one the projection is counted on);
 * - a reversal (CLP02 = 22) of a linked payment (its `reverses_remit_claim_id`, or the same CLP01
 *   and CLP07 from the same payer): a `reversal` of its (negative) CLP04;
 * - a PLB overpayment recovery (WO, 72) naming a linked payment's CLP07 or CLP01: an `offset` of
 *   minus its amount.
 *
 * Takebacks link whichever of them and the payment is ingested first.
 *
 * Each remittance claim and offset is evidence once; running again adds nothing. Then every
 * touched attempt's realised amount, first cash date and denied-again flag are recomputed.
 */
export async function linkRealisations(
  tx: Tx,
  tenantId: string,
  fileId: number,
): Promise<LinkedRealisations> {
  // Every link hangs on a succeeded rebill or appeal: without one (a tenant's first files, before
  // the engine ran) there is nothing to look for. Asked first, because the joins below, planned
  // against tables whose statistics predate this transaction's rows, can cost seconds per
  // thousand claim payments on a large file.
  const [any] = await tx.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM billing.auto_correction_attempt
                    WHERE tenant_id = $1 AND status = 'SUCCESS' AND strategy = ANY($2::text[])) AS found`,
    [tenantId, RECOVERING],
  );
  if (!any?.found) return { payments: 0, deniedAgain: 0, reversals: 0, offsets: 0 };
  const answers = await tx.query<{ kind: string; attempt_id: number }>(
    `INSERT INTO billing.recovery_realisation (tenant_id, attempt_id, kind, remit_claim_id, amount_cents, cash_date)
     SELECT DISTINCT ON (rc.remit_claim_id) $1, a.attempt_id,
            CASE WHEN rc.status_code = '4' THEN 'denied_again' ELSE 'payment' END, rc.remit_claim_id,
            CASE WHEN rc.status_code = '4' THEN 0 ELSE rc.paid_cents END,
            coalesce(r.payment_date, r.production_date)
     FROM billing.remit_claim rc
     JOIN billing.remittance r ON r.remittance_id = rc.remittance_id
     JOIN billing.denial d ON d.tenant_id = rc.tenant_id AND d.patient_control_number = rc.patient_control_number
      AND d.remit_claim_id <> rc.remit_claim_id AND d.payer_key = r.payer_key
      -- Rebills and appeals answer denials, never a patient's share; and the account-number index
      -- covers denials only (migration 073): without the kind this join read every item per row.
      AND d.kind = 'denial'
      AND coalesce(r.payment_date, r.production_date, d.denied_on) >= d.denied_on
     JOIN billing.remit_claim dr ON dr.remit_claim_id = d.remit_claim_id AND dr.remit_claim_id < rc.remit_claim_id
     JOIN billing.auto_correction_attempt a ON a.denial_id = d.denial_id AND a.status = 'SUCCESS'
      AND a.strategy = ANY($3::text[])
     WHERE rc.tenant_id = $1 AND rc.source_file_id = $2 AND rc.status_code <> '22'
       AND (rc.status_code = '4' OR rc.paid_cents > 0)
       AND CASE WHEN a.rebilled_claim_id IS NOT NULL
                THEN rc.claim_id = a.rebilled_claim_id OR rc.frequency_code = '7'
                ELSE rc.claim_id IS NOT DISTINCT FROM d.claim_id AND coalesce(rc.frequency_code, '1') <> '7' END
     ORDER BY rc.remit_claim_id, d.denial_id DESC, a.recovered_amount_cents DESC, a.attempt_id
     ON CONFLICT (remit_claim_id) WHERE remit_claim_id IS NOT NULL DO NOTHING
     RETURNING kind, attempt_id`,
    [tenantId, fileId, RECOVERING],
  );
  // Either side may arrive first, so pairs are looked for from this file's rows in both
  // directions: its reversals to the payments they take back, its payments to reversals already
  // on file. A reversal repeats its payment's CLP01 and CLP07 (the indexed way in).
  const reversals = await tx.query<{ attempt_id: number }>(
    `INSERT INTO billing.recovery_realisation (tenant_id, attempt_id, kind, remit_claim_id, undoes_realisation_id,
       amount_cents, cash_date)
     SELECT DISTINCT ON (rv.remit_claim_id) $1, p.attempt_id, 'reversal', rv.remit_claim_id, p.realisation_id,
            rv.paid_cents, coalesce(r.payment_date, r.production_date)
     FROM (SELECT rv.remit_claim_id AS rv_id, paid.remit_claim_id AS paid_id
           FROM billing.remit_claim rv
           JOIN billing.remit_claim paid ON paid.tenant_id = rv.tenant_id
            AND paid.patient_control_number = rv.patient_control_number
            AND paid.payer_claim_control_number = rv.payer_claim_control_number AND paid.status_code <> '22'
           WHERE rv.tenant_id = $1 AND rv.source_file_id = $2 AND rv.status_code = '22'
           UNION
           SELECT rv.remit_claim_id, paid.remit_claim_id
           FROM billing.remit_claim paid
           JOIN billing.remit_claim rv ON rv.tenant_id = paid.tenant_id
            AND rv.patient_control_number = paid.patient_control_number
            AND rv.payer_claim_control_number = paid.payer_claim_control_number AND rv.status_code = '22'
           WHERE paid.tenant_id = $1 AND paid.source_file_id = $2 AND paid.status_code <> '22') x
     JOIN billing.recovery_realisation p ON p.remit_claim_id = x.paid_id AND p.kind = 'payment'
     JOIN billing.remit_claim rv ON rv.remit_claim_id = x.rv_id
      AND (rv.reverses_remit_claim_id = x.paid_id OR rv.reverses_remit_claim_id IS NULL)
     JOIN billing.remit_claim paid ON paid.remit_claim_id = x.paid_id
     JOIN billing.remittance r ON r.remittance_id = rv.remittance_id
     JOIN billing.remittance pr ON pr.remittance_id = paid.remittance_id AND pr.payer_key = r.payer_key
     ORDER BY rv.remit_claim_id, p.realisation_id DESC
     ON CONFLICT (remit_claim_id) WHERE remit_claim_id IS NOT NULL DO NOTHING
     RETURNING attempt_id`,
    [tenantId, fileId],
  );
  // An offset names the payment by CLP07 or CLP01: this file's offsets find linked payments, and
  // this file's payments find offsets already on file, each through an index.
  const offsets = await tx.query<{ attempt_id: number }>(
    `INSERT INTO billing.recovery_realisation (tenant_id, attempt_id, kind, provider_adjustment_id,
       undoes_realisation_id, amount_cents, cash_date)
     SELECT DISTINCT ON (pa.provider_adjustment_id) $1, p.attempt_id, 'offset', pa.provider_adjustment_id,
            p.realisation_id, -pa.amount_cents, coalesce(r.payment_date, r.production_date)
     FROM (SELECT f.provider_adjustment_id AS pa_id, paid.remit_claim_id AS paid_id
           FROM billing.provider_adjustment f
           JOIN billing.remittance fr ON fr.remittance_id = f.remittance_id
           JOIN billing.remit_claim paid ON paid.tenant_id = f.tenant_id AND paid.payer_claim_control_number = f.reference_id
           WHERE f.tenant_id = $1 AND fr.source_file_id = $2
           UNION
           SELECT f.provider_adjustment_id, paid.remit_claim_id
           FROM billing.provider_adjustment f
           JOIN billing.remittance fr ON fr.remittance_id = f.remittance_id
           JOIN billing.remit_claim paid ON paid.tenant_id = f.tenant_id AND paid.patient_control_number = f.reference_id
           WHERE f.tenant_id = $1 AND fr.source_file_id = $2
           UNION
           SELECT f.provider_adjustment_id, paid.remit_claim_id
           FROM billing.remit_claim paid
           CROSS JOIN LATERAL (VALUES (paid.payer_claim_control_number), (paid.patient_control_number)) v(ref)
           JOIN billing.provider_adjustment f ON f.tenant_id = paid.tenant_id AND f.reference_id = v.ref
           WHERE paid.tenant_id = $1 AND paid.source_file_id = $2 AND v.ref <> '') x
     JOIN billing.recovery_realisation p ON p.remit_claim_id = x.paid_id AND p.kind = 'payment'
     JOIN billing.provider_adjustment pa ON pa.provider_adjustment_id = x.pa_id
      AND pa.reason_code IN ('WO', '72') AND pa.amount_cents > 0
     JOIN billing.remittance r ON r.remittance_id = pa.remittance_id
     JOIN billing.remit_claim paid ON paid.remit_claim_id = x.paid_id
     JOIN billing.remittance pr ON pr.remittance_id = paid.remittance_id AND pr.payer_key = r.payer_key
     ORDER BY pa.provider_adjustment_id, p.realisation_id DESC
     ON CONFLICT (provider_adjustment_id) WHERE provider_adjustment_id IS NOT NULL DO NOTHING
     RETURNING attempt_id`,
    [tenantId, fileId],
  );
  const touched = [...new Set([...answers, ...reversals, ...offsets].map((r) => r.attempt_id))];
  if (touched.length > 0) await updateRealisedAmounts(tx, touched);
  return {
    payments: answers.filter((a) => a.kind === 'payment').length,
    deniedAgain: answers.filter((a) => a.kind === 'denied_again').length,
    reversals: reversals.length,
    offsets: offsets.length,
  };
}

/** Recomputes the realised totals of the attempts given new evidence. */
async function updateRealisedAmounts(tx: Tx, attemptIds: readonly number[]): Promise<void> {
  await tx.query(
    `UPDATE billing.auto_correction_attempt a
     SET realised_amount_cents = t.realised, first_cash_date = t.first_cash, denied_again = t.denied_again
     FROM (SELECT x.attempt_id, sum(x.amount_cents)::bigint AS realised,
                  min(x.cash_date) FILTER (WHERE x.kind = 'payment') AS first_cash,
                  bool_or(x.kind = 'denied_again') AS denied_again
           FROM billing.recovery_realisation x
           WHERE x.attempt_id = ANY($1::bigint[])
           GROUP BY x.attempt_id) t
     WHERE a.attempt_id = t.attempt_id`,
    [attemptIds],
  );
}
