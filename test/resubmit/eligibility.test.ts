import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Classification, Verdict } from '../../src/classify/types.js';
import {
  EXCLUSION_REASONS,
  ageCalculator,
  exclusionFor,
  type DecisionInput,
  type EligibilityRules,
  type ExclusionReason,
} from '../../src/resubmit/eligibility.js';

const LABELS = {
  retryable: 'known_retryable',
  non_retryable: 'known_non_retryable',
  ambiguous: 'ambiguous',
  missing: 'missing',
} as const satisfies Record<Verdict, Classification['label']>;

/** A classification with the given verdict (the other fields do not affect eligibility). */
function aClassification(verdict: Verdict): Classification {
  return {
    label: LABELS[verdict],
    verdict,
    category: verdict === 'retryable' ? 'coding_modifier' : null,
    carc: verdict === 'retryable' ? 'CO-4' : null,
    confidence: 0.9,
    source: verdict === 'missing' ? 'fallback' : 'rule',
    version: 'test-1',
  };
}

/** A denied, retryable record with a patient and a submission date: a candidate unless overridden. */
function aRecord(
  overrides: Partial<Omit<DecisionInput, 'classification'>> & { verdict?: Verdict } = {},
): DecisionInput {
  const { verdict = 'retryable', ...fields } = overrides;
  return {
    status: 'denied',
    patientId: 'P1',
    submittedOn: '2025-07-01',
    classification: aClassification(verdict),
    ...fields,
  };
}

const RULES: EligibilityRules = { asOf: '2025-07-30', minAgeDays: 7, timelyFilingDays: 365 };

void describe('exclusionFor', () => {
  void it('lists the reasons in precedence order', () => {
    assert.deepEqual(EXCLUSION_REASONS, [
      'not_denied',
      'missing_denial_reason',
      'non_retryable',
      'ambiguous_classification',
      'missing_patient_id',
      'missing_submitted_at',
      'too_recent',
      'timely_filing_expired',
      'duplicate_claim',
    ]);
  });

  void it('gives each record its first failing reason', () => {
    const rows: readonly (readonly [string, DecisionInput, number | null, ExclusionReason | null])[] = [
      ['a candidate', aRecord(), 29, null],
      ['approved', aRecord({ status: 'approved' }), 29, 'not_denied'],
      ['pending', aRecord({ status: 'pending' }), 29, 'not_denied'],
      ['no status', aRecord({ status: null }), 29, 'not_denied'],
      ['a status word not normalised', aRecord({ status: 'DENIED' }), 29, 'not_denied'],
      ['not denied, no patient', aRecord({ status: 'approved', patientId: null }), 29, 'not_denied'],
      ['not denied, no reason', aRecord({ status: 'approved', verdict: 'missing' }), null, 'not_denied'],
      ['no denial reason', aRecord({ verdict: 'missing' }), 29, 'missing_denial_reason'],
      [
        'no reason, no patient, no date',
        aRecord({ verdict: 'missing', patientId: null }),
        null,
        'missing_denial_reason',
      ],
      ['non-retryable', aRecord({ verdict: 'non_retryable' }), 29, 'non_retryable'],
      [
        'non-retryable, no patient',
        aRecord({ verdict: 'non_retryable', patientId: null }),
        29,
        'non_retryable',
      ],
      ['non-retryable, too old', aRecord({ verdict: 'non_retryable' }), 400, 'non_retryable'],
      ['ambiguous', aRecord({ verdict: 'ambiguous' }), 29, 'ambiguous_classification'],
      [
        'ambiguous, no date',
        aRecord({ verdict: 'ambiguous', submittedOn: null }),
        null,
        'ambiguous_classification',
      ],
      ['no patient', aRecord({ patientId: null }), 29, 'missing_patient_id'],
      ['no patient, no date', aRecord({ patientId: null, submittedOn: null }), null, 'missing_patient_id'],
      ['no patient, too recent', aRecord({ patientId: null }), 1, 'missing_patient_id'],
      ['no date', aRecord({ submittedOn: null }), null, 'missing_submitted_at'],
      ['submitted today', aRecord(), 0, 'too_recent'],
      ['submitted in the future', aRecord(), -3, 'too_recent'],
      ['exactly minAgeDays old', aRecord(), 7, 'too_recent'],
      ['one day past minAgeDays', aRecord(), 8, null],
      ['exactly timelyFilingDays old', aRecord(), 365, null],
      ['one day past timelyFilingDays', aRecord(), 366, 'timely_filing_expired'],
      ['years old', aRecord(), 2000, 'timely_filing_expired'],
    ];
    for (const [name, record, age, expected] of rows) {
      assert.equal(exclusionFor(record, age, RULES), expected, name);
    }
  });

  void it('reads its thresholds from the rules', () => {
    const rows: readonly (readonly [Partial<EligibilityRules>, number, ExclusionReason | null])[] = [
      [{ minAgeDays: 0 }, 0, 'too_recent'],
      [{ minAgeDays: 0 }, 1, null],
      [{ minAgeDays: 30 }, 30, 'too_recent'],
      [{ minAgeDays: 30 }, 31, null],
      [{ timelyFilingDays: 90 }, 90, null],
      [{ timelyFilingDays: 90 }, 91, 'timely_filing_expired'],
      // Contradictory rules: too_recent is checked first.
      [{ minAgeDays: 400, timelyFilingDays: 365 }, 380, 'too_recent'],
    ];
    for (const [rules, age, expected] of rows) {
      assert.equal(
        exclusionFor(aRecord(), age, { ...RULES, ...rules }),
        expected,
        `${JSON.stringify(rules)} at ${age}`,
      );
    }
  });
});

void describe('ageCalculator', () => {
  void it('counts whole days from the submission date to asOf', () => {
    const age = ageCalculator('2025-07-30');
    const rows: readonly (readonly [string | null, number | null])[] = [
      ['2025-07-30', 0],
      ['2025-07-29', 1],
      ['2025-07-23', 7],
      ['2025-07-22', 8],
      ['2025-07-01', 29],
      ['2025-03-01', 151],
      ['2024-07-30', 365],
      ['2024-07-29', 366],
      ['2024-02-29', 517],
      ['2025-08-01', -2],
      [null, null],
    ];
    for (const [submitted, expected] of rows) assert.equal(age(submitted), expected, String(submitted));
    // Asked again: the remembered answer is the same.
    for (const [submitted, expected] of rows) assert.equal(age(submitted), expected, String(submitted));
  });

  void it('measures against its own asOf, across a leap day', () => {
    assert.equal(ageCalculator('2024-03-01')('2024-02-28'), 2);
    assert.equal(ageCalculator('2025-03-01')('2025-02-28'), 1);
    assert.equal(ageCalculator('2025-01-01')('2024-01-01'), 366);
  });
});
