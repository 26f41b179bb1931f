import { copyText } from '../db/copy-text.js';
import type { Queryable } from '../db/db.js';
import type { KpiLine, Layout } from './readers/index.js';
import { RECLAIM_COLUMNS } from './readers/reclaim.js';

/**
 * The SQL of the KPI line store (migrations/050_kpi_lines.sql): loads, their lines and summaries,
 * and the weekly counts the report reads.
 */

export interface LoadRow {
  readonly load_id: number;
  readonly layout: Layout;
  readonly records_read: number;
  readonly lines_loaded: number;
  readonly records_quarantined: number;
}

export async function findLoad(
  db: Queryable,
  tenant: string,
  checksum: string,
): Promise<LoadRow | undefined> {
  const rows = await db.query<LoadRow & { [k: string]: unknown }>(
    `SELECT load_id, layout, records_read, lines_loaded, records_quarantined
     FROM billing.kpi_line_load WHERE tenant_id = $1 AND checksum_sha256 = $2`,
    [tenant, checksum],
  );
  return rows[0];
}

export async function insertLoad(
  tx: Queryable,
  tenant: string,
  layout: Layout,
  fileName: string,
  checksum: string,
): Promise<number> {
  const rows = await tx.query<{ load_id: number }>(
    `INSERT INTO billing.kpi_line_load (tenant_id, layout, file_name, checksum_sha256)
     VALUES ($1, $2, $3, $4) RETURNING load_id`,
    [tenant, layout, fileName, checksum],
  );
  return rows[0]!.load_id;
}

export async function finishLoad(
  tx: Queryable,
  loadId: number,
  counts: { recordsRead: number; linesLoaded: number; recordsQuarantined: number },
): Promise<void> {
  await tx.query(
    `UPDATE billing.kpi_line_load SET records_read = $2, lines_loaded = $3, records_quarantined = $4
     WHERE load_id = $1`,
    [loadId, counts.recordsRead, counts.linesLoaded, counts.recordsQuarantined],
  );
}

/** The columns of billing.kpi_carrier_line that a load fills, in COPY order: Reclaim's own line layout, keyed. */
export const LINE_COLUMNS = ['tenant_id', 'load_id', ...RECLAIM_COLUMNS] as const;

/** Bulk-loads lines with one COPY. */
export async function copyLines(tx: Queryable, tenant: string, loadId: number, lines: readonly KpiLine[]) {
  if (lines.length === 0) return;
  const text = copyText(
    lines.map((l) => [
      tenant,
      loadId,
      l.claimRef,
      l.lineNum,
      l.svcDt,
      l.prcsgCd,
      l.primaryPayerCd,
      l.primaryPayerPaidCents,
    ]),
  );
  await tx.copyIn('billing.kpi_carrier_line', LINE_COLUMNS, text);
}

export async function copyQuarantine(
  tx: Queryable,
  tenant: string,
  loadId: number,
  rows: readonly { position: number; reason: string }[],
) {
  if (rows.length === 0) return;
  const text = copyText(rows.map((r) => [tenant, loadId, r.position, r.reason]));
  await tx.copyIn('billing.kpi_line_quarantine', ['tenant_id', 'load_id', 'position', 'reason'], text);
}

/**
 * Counts a load's lines by everything the definition reads (billing.kpi_line_summary), in the
 * loading transaction. Returns the number of lines counted, which must equal the lines loaded.
 * The counting is a plain SELECT (PostgreSQL runs it in parallel, an INSERT … SELECT it would not);
 * its few thousand rows go back with one COPY.
 */
export async function summariseLoad(tx: Queryable, loadId: number): Promise<number> {
  // The hash aggregate needs more than the default 4 MB to stay off disk.
  await tx.query(`SELECT set_config('work_mem', '64MB', true)`);
  const groups = await tx.query<{
    tenant_id: string;
    week_start: string | null;
    prcsg_cd: string | null;
    p: boolean;
    n: number;
  }>(
    `SELECT tenant_id, billing.kpi_week_start(svc_dt) AS week_start, prcsg_cd,
            billing.kpi_has_primary_payer(primary_payer_cd, primary_payer_paid_cents) AS p, count(*) AS n
     FROM billing.kpi_carrier_line
     WHERE load_id = $1
     GROUP BY 1, 2, 3, 4`,
    [loadId],
  );
  const text = copyText(groups.map((g) => [g.tenant_id, loadId, g.week_start, g.prcsg_cd, g.p, g.n]));
  if (groups.length > 0) {
    await tx.copyIn(
      'billing.kpi_line_summary',
      ['tenant_id', 'load_id', 'week_start', 'prcsg_cd', 'has_primary_payer', 'lines'],
      text,
    );
  }
  return groups.reduce((sum, g) => sum + g.n, 0);
}

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
