import type { Tx } from '../db/db.js';
import type { LockedDenial } from './attempt.repository.js';

/**
 * The tenant's denials among these ids, locked (in id order, so two lockers never deadlock)
 * unless `lock: false` (a dry run reads without blocking real runs).
 */
export async function lockDenials(
  tx: Tx,
  tenantId: string,
  denialIds: readonly number[],
  options: { lock?: boolean } = {},
): Promise<LockedDenial[]> {
  const rows = await tx.query<{ denial_id: number; carc_codes: string[] }>(
    `SELECT denial_id, carc_codes FROM billing.denial
     WHERE tenant_id = $1 AND denial_id = ANY($2::bigint[]) ORDER BY denial_id ${options.lock === false ? '' : 'FOR UPDATE'}`,
    [tenantId, [...denialIds]],
  );
  return rows.map((r) => ({ denialId: r.denial_id, carcCodes: r.carc_codes }));
}
