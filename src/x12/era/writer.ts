import { ReclaimError } from '../../errors.js';
import { formatCents, fromIsoDate } from '../values.js';

/** One CAS triplet to write. */
export interface WriteAdjustment {
  readonly group: string;
  readonly reason: string;
  readonly amountCents: number;
}

export interface WriteServiceLine {
  readonly procedureCode: string;
  readonly modifiers: readonly string[];
  readonly chargeCents: number;
  readonly paidCents: number;
  readonly units: string;
  readonly serviceDate: string;
  readonly adjustments: readonly WriteAdjustment[];
  /** RARCs as LQ*HE. */
  readonly remarks: readonly string[];
}

export interface WriteRemitClaim {
  readonly patientControlNumber: string;
  /** CLP02: 1 primary, 2 secondary, 4 denied, 22 reversal … */
  readonly statusCode: string;
  readonly chargeCents: number;
  readonly paidCents: number;
  readonly patientResponsibilityCents: number;
  readonly filingIndicator: string;
  /** CLP07, the payer's claim control number. */
  readonly payerClaimControlNumber: string;
  readonly facilityCode: string;
  /** CLP09: the frequency code of the claim adjudicated (7 for a corrected claim). */
  readonly frequencyCode: string;
  readonly patient: { readonly lastName: string; readonly firstName: string; readonly memberId: string };
  readonly adjustments: readonly WriteAdjustment[];
  /** Claim-level RARCs, as MOA remark codes (up to five). */
  readonly remarks: readonly string[];
  readonly lines: readonly WriteServiceLine[];
}

export interface WriteProviderAdjustment {
  readonly providerId: string;
  readonly fiscalDate: string;
  /** PLB03-1 (WO overpayment recovery, 72 authorized return, L6 interest …). */
  readonly reason: string;
  /** PLB03-2: for a recovery, the payer claim control number it takes back. */
  readonly reference: string;
  /** Positive: money the payer keeps back from this payment. */
  readonly amountCents: number;
}

/** One 835 transaction: one payment (or notice) from one payer to one payee. */
export interface WriteRemittance {
  readonly payer: { readonly name: string; readonly id: string; readonly taxId: string };
  readonly payee: { readonly name: string; readonly npi: string };
  readonly traceNumber: string;
  readonly paymentDate: string;
  readonly claims: readonly WriteRemitClaim[];
  readonly providerAdjustments: readonly WriteProviderAdjustment[];
}

export interface Writer835Options {
  readonly senderId: string;
  readonly receiverId: string;
  /** ISA13 and GS06; 1 … 999999999. */
  readonly controlNumber: number;
  /** `YYYY-MM-DDTHH:MM`, passed in so that the same input always writes the same bytes. */
  readonly createdAt: string;
  readonly lineBreaks?: boolean;
}

const VERSION = '005010X221A1';

/**
 * Writes remittances as one 005010X221A1 interchange, one ST/SE per remittance. BPR02 is computed
 * (Σ CLP04 − Σ PLB), so a payment always balances; claim and line arithmetic is the caller's, and
 * the reader checks it. A value holding a delimiter is refused, never escaped.
 */
export function write835(remittances: readonly WriteRemittance[], options: Writer835Options): string {
  checkValues(remittances, 'remittances');
  const [date, time] = options.createdAt.split('T') as [string, string | undefined];
  const ccyymmdd = fromIsoDate(date);
  const hhmm = (time ?? '00:00').replace(':', '').slice(0, 4);
  const control = String(options.controlNumber).padStart(9, '0');
  const out: string[][] = [
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
      '^',
      '00501',
      control,
      '0',
      'P',
      ':',
    ],
    [
      'GS',
      'HP',
      options.senderId,
      options.receiverId,
      ccyymmdd,
      hhmm,
      String(options.controlNumber),
      'X',
      VERSION,
    ],
  ];
  remittances.forEach((r, i) => out.push(...transaction(r, String(i + 1).padStart(4, '0'))));
  out.push(['GE', String(remittances.length), String(options.controlNumber)], ['IEA', '1', control]);
  const separator = '~' + (options.lineBreaks ? '\n' : '');
  return out.map(join).join(separator) + separator;
}

function transaction(r: WriteRemittance, st: string): string[][] {
  const s: string[][] = [];
  const push = (...elements: string[]) => s.push(elements);
  let paid = 0;
  for (const c of r.claims) paid += c.paidCents;
  for (const p of r.providerAdjustments) paid -= p.amountCents;
  const payDate = fromIsoDate(r.paymentDate);
  push('ST', '835', st, VERSION);
  // A notice without money (all denials) is BPR01 H with method NON.
  if (paid > 0) {
    push(
      'BPR',
      'I',
      formatCents(paid),
      'C',
      'ACH',
      'CCP',
      '01',
      '011000015',
      'DA',
      '000123456',
      r.payer.taxId,
      '',
      '01',
      '021000021',
      'DA',
      '000654321',
      payDate,
    );
  } else push('BPR', 'H', formatCents(paid), 'C', 'NON', '', '', '', '', '', '', '', '', '', '', '', payDate);
  push('TRN', '1', r.traceNumber, r.payer.taxId);
  push('DTM', '405', payDate);
  push('N1', 'PR', r.payer.name);
  push('N3', '1 PAYER WAY');
  push('N4', 'HARTFORD', 'CT', '06101');
  push('REF', '2U', r.payer.id);
  push('PER', 'BL', 'PROVIDER SERVICES', 'TE', '8005550100');
  push('N1', 'PE', r.payee.name, 'XX', r.payee.npi);
  push('N3', '100 MAIN ST');
  push('N4', 'SPRINGFIELD', 'IL', '62701');
  push('REF', 'TJ', '370000001');
  if (r.claims.length > 0) push('LX', '1');
  for (const c of r.claims) claim(push, c);
  for (const p of r.providerAdjustments) {
    push(
      'PLB',
      p.providerId,
      fromIsoDate(p.fiscalDate),
      `${p.reason}:${p.reference}`,
      formatCents(p.amountCents),
    );
  }
  push('SE', String(s.length + 1), st);
  return s;
}

function claim(push: (...elements: string[]) => void, c: WriteRemitClaim): void {
  push(
    'CLP',
    c.patientControlNumber,
    c.statusCode,
    formatCents(c.chargeCents),
    formatCents(c.paidCents),
    c.patientResponsibilityCents === 0 ? '' : formatCents(c.patientResponsibilityCents),
    c.filingIndicator,
    c.payerClaimControlNumber,
    c.facilityCode,
    c.frequencyCode,
  );
  cas(push, c.adjustments);
  push('NM1', 'QC', '1', c.patient.lastName, c.patient.firstName, '', '', '', 'MI', c.patient.memberId);
  if (c.remarks.length > 0) push('MOA', '', '', ...c.remarks.slice(0, 5));
  const first = c.lines[0]?.serviceDate;
  if (first) push('DTM', '232', fromIsoDate(first));
  for (const line of c.lines) {
    push(
      'SVC',
      ['HC', line.procedureCode, ...line.modifiers].join(':'),
      formatCents(line.chargeCents),
      formatCents(line.paidCents),
      '',
      line.units,
    );
    push('DTM', '472', fromIsoDate(line.serviceDate));
    cas(push, line.adjustments);
    for (const remark of line.remarks) push('LQ', 'HE', remark);
  }
}

/** CAS segments: up to six triplets of one group per segment. */
function cas(push: (...elements: string[]) => void, adjustments: readonly WriteAdjustment[]): void {
  const groups = new Map<string, WriteAdjustment[]>();
  for (const a of adjustments) groups.set(a.group, [...(groups.get(a.group) ?? []), a]);
  for (const [group, list] of groups) {
    for (let i = 0; i < list.length; i += 6) {
      push('CAS', group, ...list.slice(i, i + 6).flatMap((a) => [a.reason, formatCents(a.amountCents), '']));
    }
  }
}

/** Joins a segment, dropping trailing empty elements. */
function join(elements: readonly string[]): string {
  let end = elements.length;
  while (end > 1 && elements[end - 1] === '') end--;
  return elements.slice(0, end).join('*');
}

const DELIMITER = /[*:^~\r\n]/;

function checkValues(value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (DELIMITER.test(value)) {
      throw new ReclaimError('VALIDATION_FAILED', `835 value ${path} contains an X12 delimiter`, {
        field: path,
      });
    }
  } else if (Array.isArray(value)) value.forEach((v, i) => checkValues(v, `${path}[${i}]`));
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) checkValues(v, `${path}.${key}`);
  }
}
