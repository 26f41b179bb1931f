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

/**
 * A claim id is resubmitted at most once per run: the first record (in input order) that passes
 * every other check is the candidate; later ones that would pass are `duplicate_claim`.
 * Only candidate ids are remembered, as 64-bit fingerprints (two 32-bit halves) in a typed-array
 * hash set, so memory stays small however large the input: 8-byte slots, at most three quarters
 * full, 11 to 21 bytes a candidate. A fingerprint collision could only mark a claim as a
 * duplicate, never resubmit one twice.
 */
export class DuplicateGuard {
  /** Pairs (high, low); (0, 0) is an empty slot, which no fingerprint is. */
  private slots = new Uint32Array(2 << 16);
  private count = 0;

  /** True when `claimId` was already taken; otherwise takes it. */
  seen(claimId: string): boolean {
    const key = fingerprint(claimId);
    return this.seenKey(key[0], key[1]);
  }

  /** The same by fingerprint (see `fingerprint`): how candidates of files read apart are merged. */
  seenKey(high: number, low: number): boolean {
    const mask = (this.slots.length >>> 1) - 1;
    const slots = this.slots;
    for (let i = (low ^ high) & mask; ; i = (i + 1) & mask) {
      const h = slots[2 * i]!;
      const l = slots[2 * i + 1]!;
      if (h === 0 && l === 0) break;
      if (h === high && l === low) return true;
    }
    this.insert(high, low);
    return false;
  }

  private insert(high: number, low: number): void {
    // At most three quarters full (slots holds two numbers a pair): linear probing stays short,
    // and at 1.4 M candidates the table is 16 MB rather than 32.
    if ((this.count + 1) * 8 > this.slots.length * 3) this.grow();
    const mask = (this.slots.length >>> 1) - 1;
    const slots = this.slots;
    let i = (low ^ high) & mask;
    while (slots[2 * i] !== 0 || slots[2 * i + 1] !== 0) i = (i + 1) & mask;
    slots[2 * i] = high;
    slots[2 * i + 1] = low;
    this.count++;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.count = 0;
    for (let i = 0; i < old.length; i += 2)
      if (old[i] !== 0 || old[i + 1] !== 0) this.insert(old[i]!, old[i + 1]!);
  }
}

/**
 * FNV-1a over UTF-16 code units, two 32-bit lanes with different offsets, as [high, low]; never
 * [0, 0] (the empty slot). Plain numbers, not a BigInt: this runs once per candidate.
 */
export function fingerprint(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  a >>>= 0;
  b >>>= 0;
  return a === 0 && b === 0 ? [0, 1] : [a, b];
}
