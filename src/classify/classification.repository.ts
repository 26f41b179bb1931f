import type { Tx } from '../db/db.js';

/** A denial's codes, as the decision table reads them. */
export interface DenialCodes {
  readonly denial_id: number;
  readonly carc_codes: string[];
  readonly rarc_codes: string[];
}

/** The CARC and RARC codes of the given denials of a tenant (those that exist). */
export async function findDenialCodes(
  tx: Tx,
  tenantId: string,
  denialIds: readonly number[],
): Promise<DenialCodes[]> {
  return tx.query<DenialCodes & Record<string, unknown>>(
    `SELECT denial_id, carc_codes, rarc_codes FROM billing.denial
      WHERE tenant_id = $1 AND denial_id = ANY($2::bigint[])`,
    [tenantId, denialIds],
  );
}

/** Sets category and retryable of each denial in one statement (the arrays are parallel). */
export async function updateDenialClassifications(
  tx: Tx,
  tenantId: string,
  columns: {
    readonly denialIds: readonly number[];
    readonly categories: readonly (string | null)[];
    readonly retryable: readonly (boolean | null)[];
  },
): Promise<void> {
  await tx.query(
    `UPDATE billing.denial d SET category = v.category, retryable = v.retryable
         FROM unnest($2::bigint[], $3::text[], $4::boolean[]) AS v(denial_id, category, retryable)
        WHERE d.tenant_id = $1 AND d.denial_id = v.denial_id`,
    [tenantId, columns.denialIds, columns.categories, columns.retryable],
  );
}
