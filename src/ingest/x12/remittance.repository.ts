import type { Tx } from '../../db/db.js';

/**
 * The accounts (CLP01 or CLM01) a file touched: those of the rows it wrote (found by its file id)
 * and those of rows it read that were on file already.
 */
export interface FileAccounts {
  readonly fileId: number;
  readonly resent: readonly string[];
}

/** The accounts of a file as a subquery over `table`'s rows of file `$2` and the array `$3`. */
export function accountsOf(table: 'billing.claim' | 'billing.remit_claim'): string {
  return `SELECT patient_control_number FROM ${table} WHERE source_file_id = $2
          UNION ALL SELECT unnest($3::text[])`;
}

/**
 * A reversal (CLP02 = 22) points at the payment it takes back: the latest earlier claim payment
 * from the same payer with the same CLP01 and CLP07 that is not itself a reversal.
 */
export async function linkReversals(tx: Tx, tenantId: string, fileId: number): Promise<void> {
  await tx.query(
    `UPDATE billing.remit_claim r SET reverses_remit_claim_id = (
       SELECT o.remit_claim_id FROM billing.remit_claim o
       JOIN billing.remittance ro ON ro.remittance_id = o.remittance_id
       JOIN billing.remittance rr ON rr.remittance_id = r.remittance_id
       WHERE o.tenant_id = r.tenant_id AND o.patient_control_number = r.patient_control_number
         AND o.payer_claim_control_number = r.payer_claim_control_number AND o.status_code <> '22'
         AND ro.payer_key = rr.payer_key AND o.remit_claim_id <> r.remit_claim_id
       ORDER BY o.remit_claim_id < r.remit_claim_id DESC, o.remit_claim_id DESC LIMIT 1)
     WHERE r.tenant_id = $1 AND r.source_file_id = $2 AND r.status_code = '22'`,
    [tenantId, fileId],
  );
}

/**
 * Matches claim payments to submitted claims (docs/x12.md, "Matching payments to claims"): among
 * the claims with the payment's account number (CLP01 = CLM01), the best ranked on, in order,
 * payer (the claim's payer id is one the 835's payer goes by, or the names agree), payer order
 * (CLP02 1/2/3 against SBR01 P/S/T), frequency (CLP09, '1' when absent, against CLM05-3) and
 * charge (CLP03 = CLM02); the latest version among equals. When the best-ranked claims belong to
 * different payers the payment is ambiguous and stays unlinked. Every payment of the accounts of
 * the file (its rows in `table`, and those it read that were on file already) is matched again,
 * so the links depend on which files are in, not on the order they came in; open denials follow
 * their payment's link. Posting predicts the link of a new payment the same way (`matchClaim`),
 * so that in the usual order this finds nothing to change.
 */
export async function linkPayments(
  tx: Tx,
  tenantId: string,
  table: 'billing.claim' | 'billing.remit_claim',
  accounts: FileAccounts,
): Promise<void> {
  const params = [tenantId, accounts.fileId, accounts.resent];
  await tx.query(
    `WITH cand AS (
       SELECT rc.remit_claim_id, c.claim_id, c.version, coalesce(c.payer_id, '') AS payer,
         rank() OVER (PARTITION BY rc.remit_claim_id ORDER BY
           coalesce(c.payer_id = ANY (r.payer_ids) OR upper(c.payer_name) = upper(r.payer_name), false) DESC,
           (CASE rc.status_code WHEN '1' THEN 'P' WHEN '19' THEN 'P' WHEN '2' THEN 'S' WHEN '20' THEN 'S'
              WHEN '3' THEN 'T' WHEN '21' THEN 'T' END) IS NOT DISTINCT FROM coalesce(c.payer_responsibility, 'P') DESC,
           c.frequency_code = coalesce(rc.frequency_code, '1') DESC,
           c.total_charge_cents = rc.charge_cents DESC) AS place
       FROM billing.remit_claim rc
       JOIN billing.remittance r ON r.remittance_id = rc.remittance_id
       JOIN billing.claim c ON c.tenant_id = rc.tenant_id AND c.patient_control_number = rc.patient_control_number
       WHERE rc.tenant_id = $1 AND rc.patient_control_number IN (${accountsOf(table)})),
     best AS (
       SELECT DISTINCT ON (remit_claim_id) remit_claim_id,
         CASE WHEN min(payer) OVER w = max(payer) OVER w THEN claim_id END AS claim_id
       FROM cand WHERE place = 1
       WINDOW w AS (PARTITION BY remit_claim_id)
       ORDER BY remit_claim_id, version DESC)
     UPDATE billing.remit_claim rc SET claim_id = b.claim_id
     FROM best b
     WHERE rc.remit_claim_id = b.remit_claim_id AND rc.claim_id IS DISTINCT FROM b.claim_id`,
    params,
  );
  // An item is found through its claim payment (the natural key leads with tenant and account,
  // and an item's claim payment is unique to it): items of either kind, with no index of their
  // own by account (migration 076).
  await tx.query(
    `UPDATE billing.denial d SET claim_id = rc.claim_id
     FROM billing.remit_claim rc
     WHERE rc.tenant_id = $1 AND rc.patient_control_number IN (${accountsOf(table)})
       AND d.remit_claim_id = rc.remit_claim_id AND d.tenant_id = $1 AND d.status = 'OPEN'
       AND d.claim_id IS DISTINCT FROM rc.claim_id`,
    params,
  );
}

/** The denials created from one ingested file (for running the correction engine on them next). */
export async function findDenialIdsOfFile(tx: Tx, fileId: number): Promise<number[]> {
  const rows = await tx.query<{ denial_id: number }>(
    `SELECT d.denial_id FROM billing.denial d
     JOIN billing.remit_claim rc ON rc.remit_claim_id = d.remit_claim_id
     WHERE rc.source_file_id = $1 ORDER BY d.denial_id`,
    [fileId],
  );
  return rows.map((r) => r.denial_id);
}
