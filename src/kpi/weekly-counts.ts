import type { Queryable } from '../db/db.js';

/** Line counts for one service week (null: lines without a service date), from v_kpi_weekly_counts. */
export interface WeekCounts {
  readonly weekStart: string | null;
  readonly lines: number;
  readonly comparableLines: number;
  readonly denialLines: number;
  readonly allowedLines: number;
  readonly mspCobLines: number;
  readonly adminLines: number;
  readonly benefitsExhaustedLines: number;
  readonly unknownPrcsgLines: number;
  readonly leakMspComparable: number;
  readonly leakMspDenial: number;
  readonly leakBucketMspDenial: number;
  readonly leakComparableCode: number;
  readonly leakComparableMspEvidence: number;
}

export type KpiSource = 'carrier' | 'remit_835';

/**
 * Weekly counts for a tenant's lines of one source, optionally only some loads: one scan of the
 * line store, whatever its size.
 */
export async function findWeeklyCounts(
  db: Queryable,
  tenant: string,
  source: KpiSource,
  loadIds: readonly number[] | null,
): Promise<WeekCounts[]> {
  return db.query<WeekCounts & Record<string, unknown>>(
    `SELECT week_start AS "weekStart",
            sum(lines)::bigint AS lines,
            sum(comparable_lines)::bigint AS "comparableLines",
            sum(denial_lines)::bigint AS "denialLines",
            sum(allowed_lines)::bigint AS "allowedLines",
            sum(msp_cob_lines)::bigint AS "mspCobLines",
            sum(admin_lines)::bigint AS "adminLines",
            sum(benefits_exhausted_lines)::bigint AS "benefitsExhaustedLines",
            sum(unknown_prcsg_lines)::bigint AS "unknownPrcsgLines",
            sum(leak_msp_comparable)::bigint AS "leakMspComparable",
            sum(leak_msp_denial)::bigint AS "leakMspDenial",
            sum(leak_bucket_msp_denial)::bigint AS "leakBucketMspDenial",
            sum(leak_comparable_code)::bigint AS "leakComparableCode",
            sum(leak_comparable_msp_evidence)::bigint AS "leakComparableMspEvidence"
     FROM billing.v_kpi_weekly_counts
     WHERE tenant_id = $1 AND source = $2 AND ($3::bigint[] IS NULL OR load_id = ANY($3::bigint[]))
     GROUP BY week_start
     ORDER BY week_start NULLS LAST`,
    [tenant, source, loadIds === null ? null : [...loadIds]],
  );
}
