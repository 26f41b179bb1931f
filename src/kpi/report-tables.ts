import { diff6, rate6, share4, type KpiReport } from './report.js';
import type { TextTable } from './tables.js';

/** The tables the Markdown and HTML reports both show, built once. */

export function inputsTable(report: KpiReport): TextTable {
  return {
    header: ['file', 'layout', 'load', 'records read', 'lines loaded', 'quarantined', 'reused'],
    rows: report.inputs.map((i) => [
      i.file,
      i.layout,
      i.loadId ?? '-',
      i.recordsRead,
      i.linesLoaded,
      i.recordsQuarantined,
      i.reused ? 'yes' : 'no',
    ]),
  };
}

export function weeklyTable(report: KpiReport): TextTable {
  return {
    header: [
      'week_start',
      'lines',
      'comparable',
      'denials',
      'msp_cob',
      'admin',
      'benefits_exhausted',
      'unknown',
      'denial_rate',
    ],
    rows: report.weeks.map((w) => [
      w.weekStart,
      w.lines,
      w.comparableLines,
      w.denialLines,
      w.mspCobLines,
      w.adminLines,
      w.benefitsExhaustedLines,
      w.unknownPrcsgLines,
      rate6(w.denialRate),
    ]),
  };
}

export function leakageTable(report: KpiReport): TextTable {
  return { header: ['check', 'count'], rows: report.leakage.map((l) => [l.check, l.count]) };
}

export function leakageOk(report: KpiReport): boolean {
  return report.leakage.every((l) => l.count === 0);
}

export const LEAKAGE_NONE = 'Every overlap is 0: no excluded line reaches the numerator or the denominator.';
export const LEAKAGE_FOUND =
  'LEAKAGE DETECTED: an excluded line reached the KPI. The numbers above must not be used.';

export function unknownShareTable(report: KpiReport): TextTable {
  return {
    header: ['week_start', 'unknown_prcsg_share'],
    rows: report.weeks.map((w) => [w.weekStart, share4(w.unknownPrcsgShare)]),
  };
}

/** The last ten weeks of the reference comparison (the report shows those). */
export function referenceTable(reference: NonNullable<KpiReport['reference']>): TextTable {
  return {
    header: ['week_start', 'denial_rate_calc', 'denial_rate_reference', 'diff'],
    rows: reference.rows
      .slice(-10)
      .map((r) => [
        r.weekStart,
        rate6(r.calc),
        rate6(r.reference),
        r.diff === null ? 'missing' : diff6(r.diff),
      ]),
  };
}
