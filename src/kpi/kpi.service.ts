import type { z } from 'zod';
import type { DenialRateReport, ReferenceMatch } from '../api/schemas/reports.js';
import type { Queryable } from '../db/db.js';
import { validInput } from '../input.js';
import { computeKpi } from './compute.js';
import { DenialRateInput, ReferenceMatchBody } from './denial-rate-input.js';
import type { LoadedFile } from './load.js';
import { matchReference, parseReference } from './reference.js';
import { buildReport, type KpiReport } from './report.js';
import { findWeeklyCounts } from './kpi-line.repository.js';

/** How a pasted or uploaded reference table is named in messages (there is no file path). */
export const REFERENCE_TABLE_NAME = 'reference table';

/** What the report covers beyond its input: set by a command that has just loaded files. */
export interface DenialRateScope {
  /** Only the lines of these loads; every line of the source the tenant has otherwise. */
  readonly loadIds?: readonly number[];
  /** The files those loads came from, as the report lists them. */
  readonly inputs?: readonly LoadedFile[];
  /** How the reference is named in the report and in messages (its file). */
  readonly referenceName?: string;
}

/**
 * The locked denial-rate KPI over the tenant's stored lines, with the reference match when a
 * reference table is given: the one report behind `reclaim kpi denial-rate` (which writes its
 * files from it) and `GET /reports/denial-rate` / `POST …/reference-match` (views of it).
 */
export async function denialRate(
  db: Queryable,
  tenantId: string,
  raw: z.input<typeof DenialRateInput>,
  scope: DenialRateScope = {},
  today: string = new Date().toISOString().slice(0, 10),
): Promise<KpiReport> {
  const input = validInput(DenialRateInput, raw);
  const counts = await findWeeklyCounts(db, tenantId, input.source, scope.loadIds ?? null);
  const options = { asOf: input.asOf ?? today, includeBenefitsExhausted: input.includeBenefitsExhausted };
  const kpi = computeKpi(counts, options);
  const name = scope.referenceName ?? REFERENCE_TABLE_NAME;
  const reference =
    input.reference === undefined
      ? null
      : matchReference(name, await parseReference(name, input.reference), kpi.weeks);
  const source = input.source === 'remit_835' ? 'remit_835' : 'carrier files';
  return buildReport(source, scope.inputs ?? [], kpi, options, reference);
}

/** `GET /reports/denial-rate`: the report's weeks, overall rate and leakage proof. */
export async function denialRateReport(
  db: Queryable,
  tenantId: string,
  raw: z.input<typeof DenialRateInput>,
  today?: string,
): Promise<DenialRateReport> {
  const report = await denialRate(db, tenantId, raw, {}, today);
  return {
    asOf: report.asOf,
    maturityCutoff: report.maturityCutoff,
    weeks: report.weeks.map((w) => ({
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
    overall: {
      comparableLines: report.summary.comparableLines,
      denialLines: report.summary.denialLines,
      denialRate: report.summary.denialRate,
    },
    leakage: report.leakage.map((l) => ({ check: l.check, count: l.count })),
  };
}

/**
 * The weekly rates matched against a reference table given as text: the report's reference match
 * (`reclaim kpi denial-rate --reference FILE` puts the same in its files). Writes nothing.
 */
export async function denialRateReferenceMatch(
  db: Queryable,
  tenantId: string,
  raw: z.input<typeof ReferenceMatchBody>,
  today?: string,
): Promise<ReferenceMatch> {
  const input = validInput(ReferenceMatchBody, raw);
  const report = await denialRate(db, tenantId, input, {}, today);
  const check = report.reference!;
  return {
    asOf: report.asOf,
    source: input.source,
    tolerance: check.tolerance,
    rows: check.rows.map((r) => ({ ...r })),
    maxAbsDiff: check.maxAbsDiff,
    weeksMissingFromResult: [...check.weeksMissingFromResult],
    passed: check.passed,
  };
}
