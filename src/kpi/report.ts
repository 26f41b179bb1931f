import { basename } from 'node:path';
import type { KpiOptions, KpiResult } from './compute.js';
import {
  ADMIN_CODES,
  BENEFITS_EXHAUSTED_CODE,
  COMPARABLE_CODES,
  DEFINITION_VERSION,
  DENIAL_CODES,
  EXCLUSIONS,
  FORMULA,
  MATURITY_DAYS,
  MSP_COB_CODES,
} from './definition.js';
import type { LoadedFile } from './load.js';
import type { MatchCheck } from './reference.js';

export type ReportStatus = 'ok' | 'leakage_detected' | 'reference_mismatch';

/** Everything the KPI report says; the JSON output is this object, Markdown and HTML render it. */
export interface KpiReport {
  readonly title: string;
  readonly status: ReportStatus;
  readonly definition: {
    readonly version: string;
    readonly formula: string;
    readonly numeratorCodes: readonly string[];
    readonly denominatorCodes: readonly string[];
    readonly mspCobCodes: readonly string[];
    readonly adminCodes: readonly string[];
    readonly benefitsExhausted: 'excluded' | 'included';
    readonly exclusions: readonly string[];
    readonly maturityDays: number;
  };
  readonly source: string;
  readonly asOf: string;
  readonly maturityCutoff: string;
  readonly inputs: readonly Omit<LoadedFile, 'firstProblems'>[];
  readonly summary: {
    readonly totalLines: number;
    readonly completeWeeks: number;
    readonly linesInCompleteWeeks: number;
    readonly excludedIncompleteWeeks: number;
    readonly excludedIncompleteWeekLines: number;
    readonly noServiceDateLines: number;
    readonly comparableLines: number;
    readonly denialLines: number;
    readonly denialRate: number | null;
  };
  readonly weeks: KpiResult['weeks'];
  readonly leakage: KpiResult['leakage'];
  readonly reference: MatchCheck | null;
}

export function buildReport(
  source: string,
  inputs: readonly LoadedFile[],
  result: KpiResult,
  options: KpiOptions,
  reference: MatchCheck | null,
): KpiReport {
  const leak = result.leakage.some((l) => l.count !== 0);
  const status: ReportStatus = leak
    ? 'leakage_detected'
    : reference && !reference.passed
      ? 'reference_mismatch'
      : 'ok';
  return {
    title: 'Denial rate (locked definition)',
    status,
    definition: {
      version: DEFINITION_VERSION,
      formula: FORMULA,
      numeratorCodes: DENIAL_CODES,
      denominatorCodes: COMPARABLE_CODES,
      mspCobCodes: MSP_COB_CODES,
      adminCodes: ADMIN_CODES,
      benefitsExhausted: options.includeBenefitsExhausted ? 'included' : 'excluded',
      exclusions: options.includeBenefitsExhausted
        ? EXCLUSIONS.map((e) =>
            e.startsWith(`Benefits exhausted (${BENEFITS_EXHAUSTED_CODE})`)
              ? `Benefits exhausted (${BENEFITS_EXHAUSTED_CODE}) is INCLUDED in this run (non-default): counted as a denial`
              : e,
          )
        : EXCLUSIONS,
      maturityDays: MATURITY_DAYS,
    },
    source,
    asOf: result.asOf,
    maturityCutoff: result.maturityCutoff,
    inputs: inputs.map(({ firstProblems: _, ...rest }) => ({ ...rest, file: basename(rest.file) })),
    summary: {
      totalLines: result.totalLines,
      completeWeeks: result.weeks.length,
      linesInCompleteWeeks: result.weeks.reduce((s, w) => s + w.lines, 0),
      excludedIncompleteWeeks: result.excludedIncompleteWeeks,
      excludedIncompleteWeekLines: result.excludedIncompleteWeekLines,
      noServiceDateLines: result.noServiceDateLines,
      ...result.overall,
    },
    weeks: result.weeks,
    leakage: result.leakage,
    reference,
  };
}

/** A rate as the seed prints it: six places. */
export const rate6 = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(6));
export const share4 = (v: number): string => v.toFixed(4);
/** A difference at six places, without a '-0.000000' for what rounds to zero. */
export const diff6 = (v: number): string => (Math.abs(v) < 5e-7 ? 0 : v).toFixed(6);
