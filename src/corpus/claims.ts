import type { Claim837, ClaimLine } from '../x12/claims/model.js';
import type { AuthorizationRow } from '../reference/kinds.js';
import {
  CLINICIANS,
  CLINICS,
  DIAGNOSES,
  FIRST_NAMES,
  LAST_NAMES,
  PAYERS,
  PROCEDURES,
  SHORT_WINDOW_PAYER,
  UNLISTED_CLINICIAN,
  type CorpusPayer,
} from './cast.js';
import type { Random } from './random.js';
import type { Scenario } from './scenarios.js';

/** One corpus claim: what is billed, to whom, and the facts its remittances are built from. */
export interface CorpusClaim {
  readonly slot: number;
  readonly scenario: Scenario;
  readonly payer: CorpusPayer;
  readonly claim: Claim837;
  /** What the payer allows per line (80 % of the charge, in cents). */
  readonly allowed: readonly number[];
  readonly authorization: AuthorizationRow | undefined;
  /** The earlier paid claim this one duplicates (CO-18 / CO-97 duplicate scenarios). */
  readonly original: Claim837 | undefined;
}

export const FILING_INDICATOR: Record<string, string> = { '87726': 'CI', SKCO0: 'MC', '04402': 'MB' };

/** Builds the claim of one slot; `serviceDate` is its date of service. */
export function buildClaim(
  random: Random,
  seed: number,
  slot: number,
  scenario: Scenario,
  serviceDate: string,
): CorpusClaim {
  const payer = scenario.submission === 'late' ? SHORT_WINDOW_PAYER : random.pick(PAYERS);
  const clinic = random.pick(CLINICS);
  const clinician = scenario.clinician === 'UNLISTED' ? UNLISTED_CLINICIAN : CLINICIANS[scenario.clinician];
  const pcn = `S${seed}C${slot}`;
  const lineCount = random.int(1, 2);
  const procedures: (readonly [string, number])[] = [];
  while (procedures.length < lineCount) {
    const p = random.pick(PROCEDURES);
    if (!procedures.includes(p)) procedures.push(p);
  }
  const lines: ClaimLine[] = procedures.map(([code, cents], k) => ({
    lineNumber: k + 1,
    procedureQualifier: 'HC',
    procedureCode: code,
    modifiers: scenario.fullModifiers ? ['25', '59', 'XE', 'XU'] : [],
    revenueCode: undefined,
    chargeCents: cents,
    unitBasis: 'UN',
    units: '1',
    placeOfService: '11',
    diagnosisPointers: ['1'],
    serviceDate,
    serviceDateTo: undefined,
    lineControlNumber: `${pcn}L${k + 1}`,
  }));
  const diagnoses = [random.pick(DIAGNOSES)].map((code) => ({ qualifier: 'ABK', code }));
  const claim: Claim837 = {
    claimType: 'professional',
    patientControlNumber: pcn,
    chargeCents: lines.reduce((s, l) => s + l.chargeCents, 0),
    facilityCode: '11',
    facilityQualifier: 'B',
    frequencyCode: '1',
    payerClaimControlNumber: undefined,
    priorAuthorization: undefined,
    diagnoses,
    billingProvider: {
      name: clinic.name,
      npi: clinic.npi,
      address: { line1: '100 MAIN ST', city: clinic.city, state: clinic.state, postalCode: clinic.zip },
      taxId: clinic.taxId,
    },
    renderingProvider: { name: clinician.name, npi: clinician.npi },
    payer: { name: payer.name, id: payer.id },
    filingIndicator: FILING_INDICATOR[payer.id],
    subscriber: {
      lastName: random.pick(LAST_NAMES),
      firstName: random.pick(FIRST_NAMES),
      id: `M${seed}X${slot}`,
      birthDate: `19${random.int(40, 99)}-0${random.int(1, 9)}-1${random.int(0, 9)}`,
      gender: random.pick(['F', 'M']),
    },
    patient: undefined,
    serviceDateFrom: serviceDate,
    serviceDateTo: serviceDate,
    lines,
  };
  const authorization: AuthorizationRow | undefined = scenario.authorization
    ? {
        subscriber_id: claim.subscriber.id!,
        payer_id: payer.id,
        procedure_code: lines[0]!.procedureCode,
        valid_from: addDays(serviceDate, -30),
        valid_to: addDays(serviceDate, 60),
        authorization_number: `PA${seed}X${slot}`,
      }
    : undefined;
  const original: Claim837 | undefined = scenario.duplicate
    ? {
        ...claim,
        patientControlNumber: `${pcn}E`,
        lines: lines.map((l) => ({ ...l, lineControlNumber: `${pcn}EL${l.lineNumber}` })),
      }
    : undefined;
  return {
    slot,
    scenario,
    payer,
    claim,
    allowed: lines.map((l) => Math.round(l.chargeCents * 0.8)),
    authorization,
    original,
  };
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
