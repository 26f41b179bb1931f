import { npiCheckDigit } from '../reference/npi.js';

/**
 * The fixed cast of the open corpus: payers, clinics, clinicians and the rules the reference
 * files give them. Every name and number is made up; NPIs carry valid check digits.
 */
export interface CorpusPayer {
  readonly id: string;
  readonly name: string;
  readonly taxId: string;
  readonly timelyFilingDays: number;
}

export const PAYERS: readonly CorpusPayer[] = [
  { id: '87726', name: 'OPEN CORPUS COMMERCIAL PLAN', taxId: '1870000001', timelyFilingDays: 90 },
  { id: 'SKCO0', name: 'OPEN CORPUS MEDICAID PLAN', taxId: '1840000002', timelyFilingDays: 365 },
  { id: '04402', name: 'OPEN CORPUS MEDICARE CONTRACTOR', taxId: '1850000003', timelyFilingDays: 365 },
];
/** The payer whose short filing window the late CO-29 claims miss. */
export const SHORT_WINDOW_PAYER = PAYERS[0]!;

export interface CorpusProvider {
  readonly npi: string;
  readonly name: string;
  readonly credential: string;
  readonly taxonomy: string;
  readonly state: string;
}

const npi = (nine: string) => nine + String(npiCheckDigit(nine));

export const CLINICS: readonly (CorpusProvider & { city: string; zip: string; taxId: string })[] = [
  {
    npi: npi('170000001'),
    name: 'OPEN CORPUS FAMILY CLINIC',
    credential: '',
    taxonomy: '261QP2300X',
    state: 'CA',
    city: 'OAKLAND',
    zip: '94612',
    taxId: '941000001',
  },
  {
    npi: npi('170000002'),
    name: 'OPEN CORPUS MEDICAL GROUP',
    credential: '',
    taxonomy: '261QM1300X',
    state: 'NY',
    city: 'ALBANY',
    zip: '12207',
    taxId: '141000002',
  },
  {
    npi: npi('170000003'),
    name: 'OPEN CORPUS HEALTH CENTER',
    credential: '',
    taxonomy: '261QF0400X',
    state: 'TX',
    city: 'AUSTIN',
    zip: '78701',
    taxId: '741000003',
  },
];

/** Clinicians by credential: NP and PA need modifier SA (the rules), MD needs none. */
export const CLINICIANS: Readonly<Record<'NP' | 'PA' | 'MD', CorpusProvider>> = {
  NP: { npi: npi('180000001'), name: 'NURSE', credential: 'NP', taxonomy: '363L00000X', state: 'CA' },
  PA: { npi: npi('180000002'), name: 'ASSISTANT', credential: 'PA', taxonomy: '363A00000X', state: 'NY' },
  MD: { npi: npi('180000003'), name: 'PHYSICIAN', credential: 'MD', taxonomy: '207Q00000X', state: 'TX' },
};
/** A locum clinician nobody put in the providers file: CO-4 cannot know their credential. */
export const UNLISTED_CLINICIAN = { npi: npi('180000009'), name: 'LOCUM' } as const;

export const MODIFIER_RULES = [
  { trigger_type: 'rendering_credential', trigger_value: 'NP', scope: '*', modifier: 'SA' },
  { trigger_type: 'rendering_credential', trigger_value: 'PA', scope: '*', modifier: 'SA' },
] as const;

/** Office procedures and their charges in cents; the payer allows 80 % (CO-45 takes the rest). */
export const PROCEDURES: readonly (readonly [string, number])[] = [
  ['99213', 12500],
  ['99214', 18500],
  ['97110', 9500],
  ['93000', 6000],
  ['36415', 2500],
  ['80053', 4800],
  ['71046', 11000],
  ['90471', 3500],
];
export const DIAGNOSES = ['E119', 'I10', 'J069', 'M545', 'R0789', 'Z0000', 'E785', 'F419', 'K219', 'N390'];
export const LAST_NAMES = [
  'ALDER',
  'BIRCH',
  'CEDAR',
  'ELM',
  'HAZEL',
  'LARCH',
  'MAPLE',
  'OAK',
  'ROWAN',
  'WILLOW',
];
export const FIRST_NAMES = [
  'ALEX',
  'BLAKE',
  'CASEY',
  'DREW',
  'JAMIE',
  'JORDAN',
  'MORGAN',
  'RILEY',
  'SAM',
  'TAYLOR',
];
