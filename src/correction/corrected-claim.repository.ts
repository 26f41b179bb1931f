import type { Queryable } from '../db/db.js';

/** The claim version the latest successful rebill of a denial produced; null when none did. */
export async function findLatestRebilledClaim(
  db: Queryable,
  tenantId: string,
  denialId: number,
): Promise<number | null> {
  const rows = await db.query<{ id: number }>(
    `SELECT rebilled_claim_id AS id FROM billing.auto_correction_attempt
     WHERE tenant_id = $1 AND denial_id = $2 AND status = 'SUCCESS' AND rebilled_claim_id IS NOT NULL
     ORDER BY attempt_id DESC LIMIT 1`,
    [tenantId, denialId],
  );
  return rows[0]?.id ?? null;
}

/** The distinct corrected claims of one correlation (a CLI run's `--out`). */
export async function findRebilledClaimsOf(db: Queryable, correlationId: string): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT DISTINCT rebilled_claim_id AS id FROM billing.auto_correction_attempt
     WHERE correlation_id = $1 AND rebilled_claim_id IS NOT NULL ORDER BY 1`,
    [correlationId],
  );
  return rows.map((r) => r.id);
}
