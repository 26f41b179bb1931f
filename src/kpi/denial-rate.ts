import type { Db } from '../db/db.js';
import { ReclaimError } from '../errors.js';
import { validInput } from '../input.js';
import { DenialRateInput } from './denial-rate-input.js';
import { denialRate } from './kpi.service.js';
import { loadLineFiles, type LoadedFile } from './load.js';
import { writeOutputs } from './output.js';
import { readReferenceText } from './reference.js';
import type { KpiReport } from './report.js';
import { renderHtml } from './report-html.js';
import { renderMarkdown } from './report-markdown.js';

export interface DenialRateRequest {
  /** Carrier-line files to load and report on; empty with `fromRemits`. */
  readonly lineFiles: readonly string[];
  /** Report on lines derived from the tenant's ingested 835s instead of files. */
  readonly fromRemits: boolean;
  readonly asOf: string;
  readonly includeBenefitsExhausted: boolean;
  readonly referenceFile: string | undefined;
  readonly outDir: string;
}

export const REPORT_FILES = {
  markdown: 'denial_rate_report.md',
  html: 'denial_rate_report.html',
  json: 'denial_rate_report.json',
} as const;

/**
 * `reclaim kpi denial-rate`: loads the line files (each once: the same bytes are reused), asks
 * the KPI service (the one `GET /reports/denial-rate` asks) for the report over those loads,
 * writes it in three formats, and then fails loudly (after writing, so the evidence is on disk)
 * when the definition leaks or the reference does not match.
 */
export async function runDenialRate(
  db: Db,
  tenant: string,
  req: DenialRateRequest,
): Promise<{ report: KpiReport; written: string[]; inputs: LoadedFile[] }> {
  // Checked before any file is loaded: a bad date is not worth a load.
  const input = validInput(DenialRateInput, {
    asOf: req.asOf,
    source: req.fromRemits ? 'remit_835' : 'carrier',
    includeBenefitsExhausted: req.includeBenefitsExhausted,
    reference: req.referenceFile === undefined ? undefined : readReferenceText(req.referenceFile),
  });
  const inputs = req.fromRemits ? [] : await loadLineFiles(db, tenant, req.lineFiles);
  const loadIds = inputs.flatMap((i) => (i.loadId === undefined ? [] : [i.loadId]));
  if (!req.fromRemits && loadIds.length === 0) {
    throw new ReclaimError(
      'INPUT_INVALID',
      'no line file among the inputs (only IDR companion tables were given)',
    );
  }
  const report = await denialRate(db, tenant, input, {
    ...(req.fromRemits ? {} : { loadIds, inputs }),
    ...(req.referenceFile !== undefined ? { referenceName: req.referenceFile } : {}),
  });
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
  const reference = report.reference;
  if (report.status === 'reference_mismatch' && reference) {
    throw new ReclaimError(
      'VALIDATION_FAILED',
      `${reference.file}: reference does not match: max abs diff ${reference.maxAbsDiff.toFixed(6)}, ` +
        `${reference.weeksMissingFromResult.length} reference weeks without a computed rate (report written to ${req.outDir})`,
    );
  }
  return { report, written, inputs };
}
