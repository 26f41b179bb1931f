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
 * `DuplicateGuard`). Returns null for a candidate, else its one exclusion reason.
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

/** Memoised age in days of a submission date against `asOf` (exports repeat a few hundred dates). */
export function ageCalculator(asOf: string): (submittedOn: string | null) => number | null {
  const cache = new Map<string, number | null>();
  return (submittedOn) => {
    if (submittedOn === null) return null;
    let age = cache.get(submittedOn);
    if (age === undefined) {
      const days = daysBetween(submittedOn, asOf);
      // Callers pass normalised dates; anything else has no age rather than a NaN that passes every check.
      age = Number.isNaN(days) ? null : days;
      cache.set(submittedOn, age);
    }
    return age;
  };
}

/**
 * A claim id is resubmitted at most once per run: the first record (in input order) that passes
 * every other check is the candidate; later ones that would pass are `duplicate_claim`.
 * Only candidate ids are remembered, as 64-bit fingerprints in a typed-array hash set, so memory
 * stays small (16 bytes a candidate) however large the input. A fingerprint collision could only
 * mark a claim as a duplicate, never resubmit one twice.
 */
export class DuplicateGuard {
  private slots = new BigUint64Array(1 << 16);
  private count = 0;

  /** True when `claimId` was already taken; otherwise takes it. */
  seen(claimId: string): boolean {
    return this.seenKey(fingerprint(claimId));
  }

  /** The same by fingerprint (see `fingerprint`): how candidates of files read apart are merged. */
  seenKey(key: bigint): boolean {
    const mask = this.slots.length - 1;
    for (let i = Number(key & BigInt(mask)); ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === 0n) break;
      if (slot === key) return true;
    }
    this.insert(key);
    return false;
  }

  private insert(key: bigint): void {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    let i = Number(key & BigInt(mask));
    while (this.slots[i] !== 0n) i = (i + 1) & mask;
    this.slots[i] = key;
    this.count++;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new BigUint64Array(old.length * 2);
    this.count = 0;
    for (const key of old) if (key !== 0n) this.insert(key);
  }
}

/** FNV-1a over UTF-16 code units, two 32-bit lanes with different offsets; never 0 (the empty slot). */
export function fingerprint(text: string): bigint {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  const key = (BigInt(a >>> 0) << 32n) | BigInt(b >>> 0);
  return key === 0n ? 1n : key;
}
