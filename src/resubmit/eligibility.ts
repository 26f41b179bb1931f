import type { Classification } from '../classify/types.js';
import { daysBetween } from '../ingest/dates.js';

/**
 * Why a record is not a resubmission candidate. The order of this list IS the precedence: a
 * record gets the first reason whose check fails, and only that one.
 */
export const EXCLUSION_REASONS = [
  'not_denied',
  'missing_denial_reason',
  'non_retryable',
  'ambiguous_classification',
  'missing_patient_id',
  'missing_submitted_at',
  'too_recent',
  'timely_filing_expired',
  'duplicate_claim',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface EligibilityRules {
  /** The date ages are measured against (YYYY-MM-DD). */
  readonly asOf: string;
  /** A denial must be strictly older than this many days (default 7). */
  readonly minAgeDays: number;
  /** Beyond this many days since submission the payer's filing window has closed (default 365). */
  readonly timelyFilingDays: number;
}

export interface DecisionInput {
  readonly status: string | null;
  readonly patientId: string | null;
  readonly submittedOn: string | null;
  readonly classification: Classification;
}

/**
 * Decides one record, except for duplicates (which depend on the records before it: see
 * `DuplicateGuard` in duplicate-guard.ts). Returns null for a candidate, else its one exclusion
 * reason.
 */
export function exclusionFor(
  record: DecisionInput,
  ageDays: number | null,
  rules: EligibilityRules,
): ExclusionReason | null {
  if (record.status !== 'denied') return 'not_denied';
  switch (record.classification.verdict) {
    case 'missing':
      return 'missing_denial_reason';
    case 'non_retryable':
      return 'non_retryable';
    case 'ambiguous':
      return 'ambiguous_classification';
    case 'retryable':
      break;
  }
  if (record.patientId === null) return 'missing_patient_id';
  if (ageDays === null) return 'missing_submitted_at';
  if (ageDays <= rules.minAgeDays) return 'too_recent';
  if (ageDays > rules.timelyFilingDays) return 'timely_filing_expired';
  return null;
}

/**
 * Age in days of a submission date against `asOf`. Not memoised: the batch run's deciders
 * remember it with each distinct date text.
 */
export function ageCalculator(asOf: string): (submittedOn: string | null) => number | null {
  return (submittedOn) => {
    if (submittedOn === null) return null;
    const days = daysBetween(submittedOn, asOf);
    // Callers pass normalised dates; anything else has no age rather than a NaN that passes every check.
    return Number.isNaN(days) ? null : days;
  };
}
