import type {
  DenialRateQuery,
  DenialRateReport,
  ReferenceMatch,
  ReferenceMatchBody,
} from '../api/schemas/reports.js';
import type { Queryable } from '../db/db.js';
import { computeKpi } from './compute.js';
import { matchReference, parseReference } from './reference.js';
import { findWeeklyCounts } from './kpi-line.repository.js';

/** The locked denial-rate KPI, weekly, from the lines already loaded for the tenant. */
export async function denialRateReport(
  db: Queryable,
  tenantId: string,
  q: DenialRateQuery,
  today: string = new Date().toISOString().slice(0, 10),
): Promise<DenialRateReport> {
  const counts = await findWeeklyCounts(db, tenantId, q.source, null);
  const kpi = computeKpi(counts, { asOf: q.asOf ?? today, includeBenefitsExhausted: false });
  return {
    asOf: kpi.asOf,
    maturityCutoff: kpi.maturityCutoff,
    weeks: kpi.weeks.map((w) => ({
      weekStart: w.weekStart,
      lines: w.lines,
      comparableLines: w.comparableLines,
      denialLines: w.denialLines,
      denialRate: w.denialRate,
      unknownPrcsgShare: w.unknownPrcsgShare,
      mspCobLines: w.mspCobLines,
      adminLines: w.adminLines,
      benefitsExhaustedLines: w.benefitsExhaustedLines,
    })),
    overall: kpi.overall,
    leakage: kpi.leakage.map((l) => ({ check: l.check, count: l.count })),
  };
}

/** How a pasted or uploaded reference table is named in messages (there is no file path). */
export const REFERENCE_TABLE_NAME = 'reference table';

/**
 * The weekly rates matched against a reference table given as text: the same reading and the
 * same comparison as `reclaim kpi denial-rate --reference FILE`, over the lines already loaded
 * for the tenant (the weeks `GET /reports/denial-rate` shows). Writes nothing.
 */
export async function denialRateReferenceMatch(
  db: Queryable,
  tenantId: string,
  body: ReferenceMatchBody,
  today: string = new Date().toISOString().slice(0, 10),
): Promise<ReferenceMatch> {
  const reference = await parseReference(REFERENCE_TABLE_NAME, body.reference);
  const counts = await findWeeklyCounts(db, tenantId, body.source, null);
  const kpi = computeKpi(counts, { asOf: body.asOf ?? today, includeBenefitsExhausted: false });
  const check = matchReference(REFERENCE_TABLE_NAME, reference, kpi.weeks);
  return {
    asOf: kpi.asOf,
    source: body.source,
    tolerance: check.tolerance,
    rows: check.rows.map((r) => ({ ...r })),
    maxAbsDiff: check.maxAbsDiff,
    weeksMissingFromResult: [...check.weeksMissingFromResult],
    passed: check.passed,
  };
}
