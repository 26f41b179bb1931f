/**
 * Denial groups: which CARCs fall in each, what to do first, who owns it, and what evidence must
 * be in hand before the first touch. Plain data; the first CARC of a denial decides its group.
 */
export interface DenialGroup {
  readonly group: string;
  readonly carcs: readonly string[];
  readonly nextBestAction: string;
  readonly ownerGroup: string;
  readonly evidenceRequired: string;
}

export const DENIAL_GROUPS: readonly DenialGroup[] = [
  {
    group: 'coding_modifier',
    carcs: ['4', '5', '6', '7', '11', '181', '182'],
    nextBestAction: 'correct the code or modifier and send a corrected claim',
    ownerGroup: 'Coding',
    evidenceRequired: 'visit or operative note supporting the code and modifier; the 835 line',
  },
  {
    group: 'missing_information',
    carcs: ['16', '140', '146', '226', '252'],
    nextBestAction: 'supply the missing data element and rebill',
    ownerGroup: 'Billing follow-up',
    evidenceRequired:
      'the remark codes naming what is missing; the missing value (e.g. authorization number)',
  },
  {
    group: 'duplicate',
    carcs: ['18'],
    nextBestAction: 'match against the original claim; write off a true duplicate',
    ownerGroup: 'Billing follow-up',
    evidenceRequired: 'the original claim and its payment or denial',
  },
  {
    group: 'timely_filing',
    carcs: ['29'],
    nextBestAction: 'level-1 appeal with proof of timely filing',
    ownerGroup: 'Appeals',
    evidenceRequired: 'clearinghouse acceptance (999/277CA) dated inside the filing window',
  },
  {
    group: 'authorization',
    carcs: ['15', '62', '197', '198'],
    nextBestAction: 'obtain retro-authorization or appeal with the authorization on file',
    ownerGroup: 'Authorizations',
    evidenceRequired: 'authorization number, its dates and approved services',
  },
  {
    group: 'medical_necessity',
    carcs: ['50', '55', '56', '150', '151'],
    nextBestAction: 'clinical appeal',
    ownerGroup: 'Clinical appeals',
    evidenceRequired: 'physician notes showing the coverage criteria (LCD/NCD or policy) are met',
  },
  {
    group: 'bundling',
    carcs: ['97', '234'],
    nextBestAction: 'review the NCCI edit; appeal or append a distinct-service modifier',
    ownerGroup: 'Coding',
    evidenceRequired: 'the edit pair and documentation of a separate, distinct service',
  },
  {
    group: 'eligibility_coverage',
    carcs: ['26', '27', '31', '49', '96', '109', '204'],
    nextBestAction: 'verify coverage; rebill the right payer or move the balance to the patient',
    ownerGroup: 'Eligibility',
    evidenceRequired: 'eligibility response (271) for the date of service',
  },
  {
    group: 'coordination_of_benefits',
    carcs: ['22', '23'],
    nextBestAction: 'bill the primary payer, then rebill with its remittance',
    ownerGroup: 'COB team',
    evidenceRequired: "the primary payer's remittance; the patient's other-insurance details",
  },
];

/** Patient responsibility and whatever no group names. */
export const PATIENT_GROUP: DenialGroup = {
  group: 'patient_responsibility',
  carcs: [],
  nextBestAction: 'move the balance to the patient statement',
  ownerGroup: 'Patient financial services',
  evidenceRequired: 'deductible and coinsurance amounts from the 835',
};

export const OTHER_GROUP: DenialGroup = {
  group: 'other',
  carcs: [],
  nextBestAction: 'review the adjustment and remark codes and classify',
  ownerGroup: 'Denials analyst',
  evidenceRequired: 'the 835 adjustment and remark codes',
};

const BY_CARC = new Map(DENIAL_GROUPS.flatMap((g) => g.carcs.map((c) => [c, g] as const)));
const BY_NAME = new Map([...DENIAL_GROUPS, PATIENT_GROUP, OTHER_GROUP].map((g) => [g.group, g]));

/** The group of a 'GROUP-CARC' code such as 'CO-16'; PR adjustments are the patient's share. */
export function groupOfCarc(code: string | null | undefined): DenialGroup {
  if (!code) return OTHER_GROUP;
  const [groupCode, carc] = code.includes('-') ? code.split('-', 2) : ['', code];
  if (groupCode === 'PR') return PATIENT_GROUP;
  return BY_CARC.get(carc ?? '') ?? OTHER_GROUP;
}

/** Routing for a group named by an external mart; unknown names go to the denials analyst. */
export function routingFor(group: string): DenialGroup {
  return BY_NAME.get(group) ?? OTHER_GROUP;
}
