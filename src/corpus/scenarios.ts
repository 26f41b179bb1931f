/**
 * What can happen to a claim in the open corpus, and what the engine is expected to make of it.
 * The corpus cycles through `CYCLE`, so any 80 consecutive claims hold every scenario.
 */
export type FollowUp = 'paid' | 'denied_again' | 'paid_then_reversed' | 'paid_then_offset';

export interface Scenario {
  readonly name: string;
  /** How the first remittance answers: paid in full, paid less the contract, denied … */
  readonly remit: 'paid' | 'contractual' | 'reversed' | 'denied' | 'patient';
  /** The denial code on every line (`GROUP-CARC`), for `denied`; the PR code for `patient`. */
  readonly code?: string;
  readonly remark?: string;
  readonly clinician: 'NP' | 'PA' | 'MD' | 'UNLISTED';
  /** The line already carries four modifiers. */
  readonly fullModifiers?: boolean;
  readonly authorization?: boolean;
  /** An earlier paid claim for the same service under another account number. */
  readonly duplicate?: boolean;
  /** When the 837 was sent: on time, after the payer's window, only after the denial, or never. */
  readonly submission: 'on_time' | 'late' | 'after_denial' | 'none';
  /** The payer leaves CLP07 empty. */
  readonly noControlNumber?: boolean;
  /** The handler the denial's code brings in, and what it should decide. */
  readonly handler?: string;
  readonly outcome?: 'SUCCESS' | 'SKIPPED';
  readonly reason?: string;
  readonly denialStatus?: 'CORRECTED' | 'APPEALED' | 'WRITTEN_OFF' | 'RESOLVED' | 'OPEN';
  readonly followUp?: FollowUp;
}

const CO4 = 'Co4ModifierHandler';
const CO16 = 'Co16MissingInfoHandler';
const CO18 = 'Co18DuplicateHandler';
const CO29 = 'Co29TimelyFilingHandler';
const CO97 = 'Co97AdjudicationHandler';
const PR = 'PatientLiabilityHandler';

const paid: Scenario = { name: 'paid', remit: 'paid', clinician: 'MD', submission: 'on_time' };
const contractual: Scenario = {
  name: 'contractual',
  remit: 'contractual',
  clinician: 'MD',
  submission: 'on_time',
};

const deny = (
  name: string,
  code: string,
  handler: string,
  outcome: 'SUCCESS' | 'SKIPPED',
  more: Partial<Scenario>,
): Scenario => ({
  name,
  remit: 'denied',
  code,
  clinician: 'MD',
  submission: 'on_time',
  handler,
  outcome,
  denialStatus: 'OPEN',
  ...more,
});

const skipped = (name: string, code: string, handler: string, reason: string, more: Partial<Scenario> = {}) =>
  deny(name, code, handler, 'SKIPPED', { reason, ...more });

export const SCENARIOS: readonly Scenario[] = [
  deny('co4_rebill', 'CO-4', CO4, 'SUCCESS', {
    clinician: 'NP',
    denialStatus: 'CORRECTED',
    followUp: 'paid',
  }),
  deny('co4_rebill_reversed', 'CO-4', CO4, 'SUCCESS', {
    clinician: 'PA',
    denialStatus: 'CORRECTED',
    followUp: 'paid_then_reversed',
  }),
  deny('co4_rebill_denied_again', 'CO-4', CO4, 'SUCCESS', {
    clinician: 'NP',
    denialStatus: 'CORRECTED',
    followUp: 'denied_again',
  }),
  skipped('co4_context_incomplete', 'CO-4', CO4, 'context_snapshot_incomplete', { clinician: 'UNLISTED' }),
  skipped('co4_no_rule', 'CO-4', CO4, 'no_modifier_to_inject', { clinician: 'MD' }),
  skipped('co4_no_slot', 'CO-4', CO4, 'no_modifier_slot_free', { clinician: 'NP', fullModifiers: true }),
  skipped('co4_no_control_number', 'CO-4', CO4, 'no_payer_claim_control_number', {
    clinician: 'NP',
    noControlNumber: true,
  }),
  skipped('co4_no_claim', 'CO-4', CO4, 'no_claim_on_file', { clinician: 'NP', submission: 'none' }),
  deny('co16_n479', 'CO-16', CO16, 'SUCCESS', {
    remark: 'N479',
    authorization: true,
    denialStatus: 'CORRECTED',
    followUp: 'paid',
  }),
  deny('co16_m51', 'CO-16', CO16, 'SUCCESS', {
    remark: 'M51',
    authorization: true,
    denialStatus: 'CORRECTED',
    followUp: 'paid_then_offset',
  }),
  deny('co16_ma66', 'CO-16', CO16, 'SUCCESS', {
    remark: 'MA66',
    authorization: true,
    denialStatus: 'CORRECTED',
    followUp: 'denied_again',
  }),
  skipped('co16_n350', 'CO-16', CO16, 'policy_never_touch', { remark: 'N350' }),
  skipped('co16_m79', 'CO-16', CO16, 'policy_never_touch', { remark: 'M79' }),
  skipped('co16_n381', 'CO-16', CO16, 'policy_never_touch', { remark: 'N381' }),
  skipped('co16_m80', 'CO-16', CO16, 'policy_never_touch', { remark: 'M80' }),
  skipped('co16_no_authorization', 'CO-16', CO16, 'no_authorization_on_file', { remark: 'N479' }),
  skipped('co16_other_remark', 'CO-16', CO16, 'policy_strategy_not_listed', { remark: 'MA130' }),
  deny('co18_duplicate', 'CO-18', CO18, 'SUCCESS', { duplicate: true, denialStatus: 'WRITTEN_OFF' }),
  skipped('co18_no_duplicate', 'CO-18', CO18, 'no_duplicate_found'),
  deny('co29_appeal', 'CO-29', CO29, 'SUCCESS', { denialStatus: 'APPEALED', followUp: 'paid' }),
  skipped('co29_late', 'CO-29', CO29, 'evidence_after_filing_limit', { submission: 'late' }),
  skipped('co29_no_evidence', 'CO-29', CO29, 'no_submission_evidence', { submission: 'after_denial' }),
  deny('co97_appeal', 'CO-97', CO97, 'SUCCESS', { denialStatus: 'APPEALED', followUp: 'paid' }),
  deny('co97_appeal_denied', 'CO-97', CO97, 'SUCCESS', {
    denialStatus: 'APPEALED',
    followUp: 'denied_again',
  }),
  deny('co97_duplicate', 'CO-97', CO97, 'SUCCESS', { duplicate: true, denialStatus: 'WRITTEN_OFF' }),
  { ...deny('pr_deductible', 'PR-1', PR, 'SUCCESS', { denialStatus: 'RESOLVED' }), remit: 'patient' },
  { ...deny('pr_coinsurance', 'PR-2', PR, 'SUCCESS', { denialStatus: 'RESOLVED' }), remit: 'patient' },
  { ...deny('pr_copay', 'PR-3', PR, 'SUCCESS', { denialStatus: 'RESOLVED' }), remit: 'patient' },
  { name: 'reversed', remit: 'reversed', clinician: 'MD', submission: 'on_time' },
];

/** Claims per cycle: every scenario once, the rest paid or paid less the contract (about a third denied). */
export const CYCLE_LENGTH = 80;

/** SCENARIOS spread evenly over the cycle, paid and contractual claims in between. */
export const CYCLE: readonly Scenario[] = (() => {
  const out = Array.from({ length: CYCLE_LENGTH }, (_, i) => (i % 2 === 0 ? paid : contractual));
  SCENARIOS.forEach((s, k) => (out[Math.floor((k * CYCLE_LENGTH) / SCENARIOS.length)] = s));
  return out;
})();
