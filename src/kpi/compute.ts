import { MATURITY_DAYS } from './definition.js';
import type { WeekCounts } from './kpi-line.repository.js';

export interface KpiOptions {
  /** 'YYYY-MM-DD'. */
  readonly asOf: string;
  /** Counts B (benefits exhausted) as a denial, in both numerator and denominator; off by default. */
  readonly includeBenefitsExhausted: boolean;
}

export interface KpiWeek {
  readonly weekStart: string;
  readonly lines: number;
  readonly comparableLines: number;
  readonly denialLines: number;
  readonly mspCobLines: number;
  readonly adminLines: number;
  readonly benefitsExhaustedLines: number;
  readonly unknownPrcsgLines: number;
  /** null when the week has no comparable line. */
  readonly denialRate: number | null;
  readonly unknownPrcsgShare: number;
}

export interface LeakageCheck {
  readonly check: string;
  readonly count: number;
}

export interface KpiResult {
  readonly asOf: string;
  /** The last service date that counts: as-of - 60 days. */
  readonly maturityCutoff: string;
  /** Complete, mature weeks, oldest first. */
  readonly weeks: readonly KpiWeek[];
  /** Lines in weeks that end after the cutoff (immature or only partly mature). */
  readonly excludedIncompleteWeekLines: number;
  readonly excludedIncompleteWeeks: number;
  readonly noServiceDateLines: number;
  readonly totalLines: number;
  /** Over every line read, mature or not: the definition must never let an excluded line through. */
  readonly leakage: readonly LeakageCheck[];
  readonly overall: { comparableLines: number; denialLines: number; denialRate: number | null };
}

/** Applies maturity and the complete-week rule to weekly counts and derives the rates. */
export function computeKpi(counts: readonly WeekCounts[], options: KpiOptions): KpiResult {
  const cutoff = addDays(options.asOf, -MATURITY_DAYS);
  const weeks: KpiWeek[] = [];
  let excludedLines = 0;
  let excludedWeeks = 0;
  let noDate = 0;
  let total = 0;
  const leak = [0, 0, 0, 0, 0];
  for (const c of counts) {
    total += c.lines;
    leak[0]! += c.leakMspComparable;
    leak[1]! += c.leakMspDenial;
    leak[2]! += c.leakBucketMspDenial;
    leak[3]! += c.leakComparableCode;
    leak[4]! += c.leakComparableMspEvidence;
    if (c.weekStart === null) {
      noDate += c.lines;
      continue;
    }
    // Complete: all seven days (Monday to Sunday) on or before the cutoff.
    if (addDays(c.weekStart, 6) > cutoff) {
      excludedLines += c.lines;
      excludedWeeks++;
      continue;
    }
    const b = options.includeBenefitsExhausted ? c.benefitsExhaustedLines : 0;
    const comparable = c.comparableLines + b;
    const denials = c.denialLines + b;
    weeks.push({
      weekStart: c.weekStart,
      lines: c.lines,
      comparableLines: comparable,
      denialLines: denials,
      mspCobLines: c.mspCobLines,
      adminLines: c.adminLines,
      benefitsExhaustedLines: c.benefitsExhaustedLines,
      unknownPrcsgLines: c.unknownPrcsgLines,
      denialRate: comparable > 0 ? denials / comparable : null,
      unknownPrcsgShare: c.lines > 0 ? c.unknownPrcsgLines / c.lines : 0,
    });
  }
  const comparableLines = weeks.reduce((s, w) => s + w.comparableLines, 0);
  const denialLines = weeks.reduce((s, w) => s + w.denialLines, 0);
  return {
    asOf: options.asOf,
    maturityCutoff: cutoff,
    weeks,
    excludedIncompleteWeekLines: excludedLines,
    excludedIncompleteWeeks: excludedWeeks,
    noServiceDateLines: noDate,
    totalLines: total,
    leakage: [
      { check: 'is_msp_cob AND is_comparable', count: leak[0]! },
      { check: 'is_msp_cob AND is_denial_rate', count: leak[1]! },
      { check: "prcsg_bucket='MSP_COB' AND is_denial_rate", count: leak[2]! },
      { check: 'is_comparable AND code outside A,C,D,I,L,N,O,P,Z', count: leak[3]! },
      { check: 'is_comparable AND primary-payer evidence', count: leak[4]! },
    ],
    overall: {
      comparableLines,
      denialLines,
      denialRate: comparableLines > 0 ? denialLines / comparableLines : null,
    },
  };
}

/** Calendar arithmetic on 'YYYY-MM-DD' in UTC, so no time zone can move a day. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
