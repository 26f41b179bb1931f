import type { Tx } from '../db/db.js';
import type { LockedDenial } from './attempt.repository.js';

/**
 * The tenant's denials among these ids, locked (in id order, so two lockers never deadlock)
 * unless `lock: false` (a dry run reads without blocking real runs). `skipLocked` passes over the
 * denials another engine holds instead of waiting for them (a bulk job comes back to those).
 */
export async function lockDenials(
  tx: Tx,
  tenantId: string,
  denialIds: readonly number[],
  options: { lock?: boolean; skipLocked?: boolean } = {},
): Promise<LockedDenial[]> {
  const rows = await tx.query<{ denial_id: number; carc_codes: string[] }>(
    `SELECT denial_id, carc_codes FROM billing.denial
     WHERE tenant_id = $1 AND denial_id = ANY($2::bigint[]) ORDER BY denial_id ${lockClause(options)}`,
    [tenantId, [...denialIds]],
  );
  return rows.map((r) => ({ denialId: r.denial_id, carcCodes: r.carc_codes }));
}

function lockClause(options: { lock?: boolean; skipLocked?: boolean }): string {
  if (options.lock === false) return '';
  return options.skipLocked ? 'FOR UPDATE SKIP LOCKED' : 'FOR UPDATE';
}
