import type { DenialFilter } from '../api/schemas/denials.js';
import type { Queryable } from '../db/db.js';
import { cohortWhere } from '../denial/denial-page.repository.js';

/** Leave out denials with nothing left to run (`withWorkLeft`): as the engine's gate decides. */
export interface WorkLeft {
  /** A PENDING attempt older than this is work left (it will be taken over). */
  readonly staleAfterMs: number;
  /** A SKIPPED attempt is work left (a forced retry). */
  readonly retrySkipped: boolean;
  /** The codes the handlers that will run cover: a denial with none of them is no work. */
  readonly carcs: readonly string[];
}

/**
 * The WHERE clause (over `billing.denial d`) of a bulk cohort: the given ids or the worklist
 * filters, and with `workLeft` only denials with a code a running handler covers and without a
 * live attempt the engine would stop at (SUCCESS, SKIPPED unless retried, a fresh PENDING): the
 * denials a sweep would pick.
 */
export function bulkCohortWhere(
  tenantId: string,
  cohort: { ids: readonly number[] } | DenialFilter,
  workLeft: WorkLeft | null,
): { sql: string; params: unknown[] } {
  const where =
    'ids' in cohort
      ? { sql: 'd.tenant_id = $1 AND d.denial_id = ANY($2::bigint[])', params: [tenantId, [...cohort.ids]] }
      : cohortWhere(tenantId, cohort);
  if (!workLeft) return where;
  const params = [...where.params, workLeft.staleAfterMs, workLeft.retrySkipped, [...workLeft.carcs]];
  const stale = `$${params.length - 2}`;
  const retry = `$${params.length - 1}`;
  const carcs = `$${params.length}`;
  return {
    sql: `${where.sql} AND d.carc_codes && ${carcs}::text[] AND NOT EXISTS (
      SELECT 1 FROM billing.auto_correction_attempt a
      WHERE a.denial_id = d.denial_id AND a.status <> 'FAILED'
        AND NOT (a.status = 'PENDING' AND a.claimed_at < now() - ${stale}::int * interval '1 millisecond')
        AND NOT (${retry}::boolean AND a.status = 'SKIPPED'))`,
    params,
  };
}

/** The next `limit` ids of a cohort after `after`, in id order (a dry run's steps). */
export async function findBulkCohortIds(
  db: Queryable,
  where: { sql: string; params: unknown[] },
  after: number,
  limit: number,
): Promise<number[]> {
  const n = where.params.length;
  const rows = await db.query<{ id: number }>(
    `SELECT d.denial_id AS id FROM billing.denial d WHERE ${where.sql} AND d.denial_id > $${n + 1}
     ORDER BY d.denial_id LIMIT $${n + 2}`,
    [...where.params, after, limit],
  );
  return rows.map((r) => r.id);
}
