import type { Db } from '../db/db.js';
import { ReclaimError } from '../errors.js';
import { computeKpi, type KpiOptions } from './compute.js';
import { loadLineFiles, type LoadedFile } from './load.js';
import { writeOutputs } from './output.js';
import { matchReference, readReference } from './reference.js';
import { buildReport, type KpiReport } from './report.js';
import { renderHtml } from './report-html.js';
import { renderMarkdown } from './report-markdown.js';
import { findWeeklyCounts } from './kpi-line.repository.js';

export interface DenialRateRequest extends KpiOptions {
  /** Carrier-line files to load and report on; empty with `fromRemits`. */
  readonly lineFiles: readonly string[];
  /** Report on lines derived from the tenant's ingested 835s instead of files. */
  readonly fromRemits: boolean;
  readonly referenceFile: string | undefined;
  readonly outDir: string;
}

export const REPORT_FILES = {
  markdown: 'denial_rate_report.md',
  html: 'denial_rate_report.html',
  json: 'denial_rate_report.json',
} as const;

/**
 * Loads the inputs, computes the locked KPI, writes the report in three formats, and then fails
 * loudly (after writing, so the evidence is on disk) when the definition leaks or the reference
 * does not match.
 */
export async function runDenialRate(
  db: Db,
  tenant: string,
  req: DenialRateRequest,
): Promise<{ report: KpiReport; written: string[]; inputs: LoadedFile[] }> {
  const inputs = req.fromRemits ? [] : await loadLineFiles(db, tenant, req.lineFiles);
  const loadIds = inputs.flatMap((i) => (i.loadId === undefined ? [] : [i.loadId]));
  if (!req.fromRemits && loadIds.length === 0) {
    throw new ReclaimError(
      'INPUT_INVALID',
      'no line file among the inputs (only IDR companion tables were given)',
    );
  }
  const counts = await findWeeklyCounts(
    db,
    tenant,
    req.fromRemits ? 'remit_835' : 'carrier',
    req.fromRemits ? null : loadIds,
  );
  const result = computeKpi(counts, req);
  const reference = req.referenceFile
    ? matchReference(req.referenceFile, await readReference(req.referenceFile), result.weeks)
    : null;
  const report = buildReport(req.fromRemits ? 'remit_835' : 'carrier files', inputs, result, req, reference);
  const written = writeOutputs(req.outDir, {
    [REPORT_FILES.markdown]: renderMarkdown(report),
    [REPORT_FILES.html]: renderHtml(report),
    [REPORT_FILES.json]: JSON.stringify(report, null, 2) + '\n',
  });
  if (report.status === 'leakage_detected') {
    const bad = report.leakage.filter((l) => l.count !== 0).map((l) => `${l.check} = ${l.count}`);
    throw new ReclaimError(
      'VALIDATION_FAILED',
      `denial-rate leakage: ${bad.join('; ')} (report written to ${req.outDir})`,
    );
  }
  if (report.status === 'reference_mismatch' && reference) {
    throw new ReclaimError(
      'VALIDATION_FAILED',
      `${reference.file}: reference does not match: max abs diff ${reference.maxAbsDiff.toFixed(6)}, ` +
        `${reference.weeksMissingFromResult.length} reference weeks without a computed rate (report written to ${req.outDir})`,
    );
  }
  return { report, written, inputs };
}
