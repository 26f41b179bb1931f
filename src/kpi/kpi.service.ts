import type { DenialRateQuery, DenialRateReport } from '../api/schemas/reports.js';
import type { Queryable } from '../db/db.js';
import { computeKpi } from './compute.js';
import { findWeeklyCounts } from './weekly-counts.js';

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
