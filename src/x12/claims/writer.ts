import { ReclaimError } from '../../errors.js';
import { formatCents, fromIsoDate } from '../values.js';
import type { Claim837, ClaimLine, Member } from './model.js';

/** Who sends and receives the interchange, and how it is numbered and stamped. */
export interface Writer837Options {
  readonly senderId: string;
  readonly receiverId: string;
  readonly submitter: { readonly name: string; readonly contactName: string; readonly phone: string };
  readonly receiver: { readonly name: string };
  /** ISA13 and GS06; 1 … 999999999. */
  readonly controlNumber: number;
  /** `YYYY-MM-DDTHH:MM`: passed in so that the same claim always writes the same bytes. */
  readonly createdAt: string;
  readonly usage?: 'P' | 'T';
  /** Put each segment on its own line (still valid X12; easier to read). */
  readonly lineBreaks?: boolean;
}

const ELEMENT = '*';
const COMPONENT = ':';
const REPETITION = '^';
const TERMINATOR = '~';
const VERSION = '005010X222A1';

/**
 * Writes claims as one 005010X222A1 (837P) interchange: one transaction, one billing-provider
 * hierarchy per claim. A corrected claim carries frequency code 7 in CLM05-3 and the payer's
 * original claim control number in REF*F8. Reading the output back yields the same claims.
 * A value containing a delimiter is refused (`VALIDATION_FAILED`), never escaped or dropped.
 */
export function write837P(claims: readonly Claim837[], options: Writer837Options): string {
  checkValues(claims, 'claims');
  checkValues(
    {
      senderId: options.senderId,
      receiverId: options.receiverId,
      ...options.submitter,
      receiverName: options.receiver.name,
    },
    'options',
  );
  const segments: string[][] = [];
  const [date, time] = options.createdAt.split('T') as [string, string | undefined];
  const ccyymmdd = fromIsoDate(date);
  const hhmm = (time ?? '00:00').replace(':', '').slice(0, 4);
  const control = String(options.controlNumber).padStart(9, '0');
  const push = (...elements: (string | undefined)[]) => segments.push(elements.map((e) => e ?? ''));

  push('ST', '837', '0001', VERSION);
  push('BHT', '0019', '00', control, ccyymmdd, hhmm, 'CH');
  push('NM1', '41', '2', options.submitter.name, '', '', '', '', '46', options.senderId);
  push('PER', 'IC', options.submitter.contactName, 'TE', options.submitter.phone);
  push('NM1', '40', '2', options.receiver.name, '', '', '', '', '46', options.receiverId);
  let hl = 0;
  for (const claim of claims) {
    const billing = ++hl;
    push('HL', String(billing), '', '20', '1');
    const bp = claim.billingProvider;
    push('NM1', '85', '2', bp.name, '', '', '', '', bp.npi ? 'XX' : '', bp.npi);
    if (bp.address) {
      push('N3', bp.address.line1);
      push('N4', bp.address.city, bp.address.state, bp.address.postalCode);
    }
    if (bp.taxId) push('REF', 'EI', bp.taxId);
    const subscriber = ++hl;
    push('HL', String(subscriber), String(billing), '22', claim.patient ? '1' : '0');
    push('SBR', 'P', claim.patient ? '' : '18', '', '', '', '', '', '', claim.filingIndicator ?? 'CI');
    member(push, 'IL', claim.subscriber, true);
    push('NM1', 'PR', '2', claim.payer.name, '', '', '', '', 'PI', claim.payer.id);
    if (claim.patient) {
      push('HL', String(++hl), String(subscriber), '23', '0');
      push('PAT', 'G8');
      member(push, 'QC', claim.patient, false);
    }
    const clm05 = [claim.facilityCode ?? '11', claim.facilityQualifier ?? 'B', claim.frequencyCode].join(
      COMPONENT,
    );
    push(
      'CLM',
      claim.patientControlNumber,
      formatCents(claim.chargeCents),
      '',
      '',
      clm05,
      'Y',
      'A',
      'Y',
      'Y',
    );
    if (claim.priorAuthorization) push('REF', 'G1', claim.priorAuthorization);
    if (claim.payerClaimControlNumber) push('REF', 'F8', claim.payerClaimControlNumber);
    for (let i = 0; i < claim.diagnoses.length; i += 12) {
      push('HI', ...claim.diagnoses.slice(i, i + 12).map((d) => `${d.qualifier}${COMPONENT}${d.code}`));
    }
    const rp = claim.renderingProvider;
    if (rp) push('NM1', '82', '1', rp.name, '', '', '', '', rp.npi ? 'XX' : '', rp.npi);
    claim.lines.forEach((line, i) => writeLine(push, line, i + 1));
  }
  push('SE', String(segments.length + 1), '0001');

  const body = [
    [
      'ISA',
      '00',
      ' '.repeat(10),
      '00',
      ' '.repeat(10),
      'ZZ',
      options.senderId.padEnd(15),
      'ZZ',
      options.receiverId.padEnd(15),
      ccyymmdd.slice(2),
      hhmm,
      REPETITION,
      '00501',
      control,
      '0',
      options.usage ?? 'P',
      COMPONENT,
    ],
    [
      'GS',
      'HC',
      options.senderId,
      options.receiverId,
      ccyymmdd,
      hhmm,
      String(options.controlNumber),
      'X',
      VERSION,
    ],
    ...segments,
    ['GE', '1', String(options.controlNumber)],
    ['IEA', '1', control],
  ];
  const separator = TERMINATOR + (options.lineBreaks ? '\n' : '');
  return body.map(join).join(separator) + separator;
}

function writeLine(push: (...elements: (string | undefined)[]) => void, line: ClaimLine, n: number): void {
  push('LX', String(n));
  const procedure = [line.procedureQualifier || 'HC', line.procedureCode, ...line.modifiers].join(COMPONENT);
  push(
    'SV1',
    procedure,
    formatCents(line.chargeCents),
    line.unitBasis ?? 'UN',
    line.units ?? '1',
    line.placeOfService,
    '',
    line.diagnosisPointers.join(COMPONENT),
  );
  if (line.serviceDate) {
    const to = line.serviceDateTo ?? line.serviceDate;
    if (to === line.serviceDate) push('DTP', '472', 'D8', fromIsoDate(line.serviceDate));
    else push('DTP', '472', 'RD8', `${fromIsoDate(line.serviceDate)}-${fromIsoDate(to)}`);
  }
  if (line.lineControlNumber) push('REF', '6R', line.lineControlNumber);
}

function member(
  push: (...elements: (string | undefined)[]) => void,
  entity: 'IL' | 'QC',
  m: Member,
  withId: boolean,
): void {
  const id = withId && m.id ? ['MI', m.id] : [];
  push('NM1', entity, '1', m.lastName, m.firstName, '', '', '', ...id);
  if (m.birthDate) push('DMG', 'D8', fromIsoDate(m.birthDate), m.gender);
}

/** Joins a segment, dropping trailing empty elements. */
function join(elements: readonly string[]): string {
  let end = elements.length;
  while (end > 1 && elements[end - 1] === '') end--;
  return elements.slice(0, end).join(ELEMENT);
}

const DELIMITER = /[*:^~\r\n]/;

/** Refuses any text value that contains one of the delimiters this writer uses. */
function checkValues(value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (DELIMITER.test(value)) {
      throw new ReclaimError(
        'VALIDATION_FAILED',
        `837 value ${path} contains an X12 delimiter (* : ^ ~ or a line break)`,
        { field: path },
      );
    }
  } else if (Array.isArray(value)) value.forEach((v, i) => checkValues(v, `${path}[${i}]`));
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) checkValues(v, path ? `${path}.${key}` : key);
  }
}
