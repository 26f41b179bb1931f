import type { Queryable } from '../db/db.js';

export interface RunLogRow {
  readonly handlerName: string;
  readonly status: 'SUCCESS' | 'FAILED' | 'SKIPPED';
  readonly reason: string | null;
  readonly n: number;
  readonly recoveredAmountCents: number;
}

/** The finished attempts a run wrote (its correlation id), per handler, outcome and reason. */
export async function summariseAttemptsOf(
  db: Queryable,
  tenantId: string,
  correlationId: string,
): Promise<{ rows: RunLogRow[]; rebilledClaims: number }> {
  const rows = await db.query<RunLogRow & Record<string, unknown>>(
    `SELECT handler_name AS "handlerName", status,
            CASE WHEN status = 'SKIPPED' THEN details->>'reason' END AS reason,
            count(*)::int AS n, coalesce(sum(recovered_amount_cents), 0)::bigint AS "recoveredAmountCents"
     FROM billing.auto_correction_attempt
     WHERE tenant_id = $1 AND correlation_id = $2 AND status <> 'PENDING'
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [tenantId, correlationId],
  );
  const [claims] = await db.query<{ n: number }>(
    `SELECT count(DISTINCT rebilled_claim_id)::int AS n FROM billing.auto_correction_attempt
     WHERE tenant_id = $1 AND correlation_id = $2 AND rebilled_claim_id IS NOT NULL`,
    [tenantId, correlationId],
  );
  return {
    rows: rows.map((r) => ({ ...r, recoveredAmountCents: Number(r.recoveredAmountCents) })),
    rebilledClaims: claims?.n ?? 0,
  };
}

/** Events a run put in the outbox (its correlation id). */
export async function countEventsOf(db: Queryable, tenantId: string, correlationId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM billing.outbox_event WHERE tenant_id = $1 AND correlation_id = $2`,
    [tenantId, correlationId],
  );
  return row?.n ?? 0;
}
