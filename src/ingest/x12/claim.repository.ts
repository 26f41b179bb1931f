import type { Tx } from '../../db/db.js';
import { insertCount } from '../../db/insert-count.js';
import { accountsOf, type FileAccounts } from './remittance.repository.js';

/**
 * Pairs each claim sent to a secondary or later payer (SBR01 not P) with the claim of the same
 * account sent to the payer before it: the last payer it names in loop 2330B that has a claim on
 * file, the same charge preferred, then the latest version. `cob_prior_claim_id` holds the pair.
 * Runs over every account of the file, so the pair is made whichever claim arrives first.
 */
export async function linkCoordinationOfBenefits(
  tx: Tx,
  tenantId: string,
  accounts: FileAccounts,
): Promise<number> {
  const rows = await insertCount(
    tx,
    `WITH prior AS (
       SELECT DISTINCT ON (c.claim_id) c.claim_id, o.claim_id AS prior_id
       FROM billing.claim c
       JOIN billing.claim o ON o.tenant_id = c.tenant_id AND o.patient_control_number = c.patient_control_number
        AND o.claim_id <> c.claim_id AND o.payer_id = ANY (c.other_payer_ids)
       WHERE c.tenant_id = $1 AND c.patient_control_number IN (${accountsOf('billing.claim')})
         AND coalesce(c.payer_responsibility, 'P') <> 'P' AND cardinality(c.other_payer_ids) > 0
       ORDER BY c.claim_id, array_position(c.other_payer_ids, o.payer_id) DESC,
         (o.total_charge_cents = c.total_charge_cents) DESC, o.version DESC)
     UPDATE billing.claim c SET cob_prior_claim_id = p.prior_id
     FROM prior p
     WHERE c.claim_id = p.claim_id AND c.cob_prior_claim_id IS DISTINCT FROM p.prior_id
     RETURNING 1`,
    [tenantId, accounts.fileId, accounts.resent],
  );
  return rows;
}
