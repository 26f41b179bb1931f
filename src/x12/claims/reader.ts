import { components, type Segment } from '../segment.js';
import type { TransactionReader, X12Sink } from '../sink.js';
import { present, toCents, toDateRange, toIsoDate } from '../values.js';
import {
  DIAGNOSIS_QUALIFIERS,
  type ClaimLine,
  type ClaimTransaction,
  type Diagnosis,
  type Member,
  type BillingProvider,
  type Provider,
  type ReadClaim,
} from './model.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Where in the 837 hierarchy the reader is: it decides what an NM1, REF or DTP belongs to. */
type Loop = 'header' | 'billing' | 'subscriber' | 'patient' | 'claim' | 'other-payer' | 'line';

const EMPTY_BILLING: BillingProvider = {
  name: undefined,
  npi: undefined,
  address: undefined,
  taxId: undefined,
};
const EMPTY_MEMBER: Member = {
  lastName: undefined,
  firstName: undefined,
  id: undefined,
  birthDate: undefined,
  gender: undefined,
};

/**
 * Reads one 837 transaction (professional 005010X222, institutional 005010X223, and their 4010
 * predecessors), delivering each claim to the sink when the next claim, HL or SE begins.
 */
export class ClaimReader implements TransactionReader {
  private readonly transaction: ClaimTransaction;
  private loop: Loop = 'header';
  private billing: Mutable<BillingProvider> = { ...EMPTY_BILLING };
  private subscriber: Mutable<Member> = { ...EMPTY_MEMBER };
  private patient: Mutable<Member> | undefined;
  private payer: { name: string | undefined; id: string | undefined } = { name: undefined, id: undefined };
  private filingIndicator: string | undefined;
  private claim: Mutable<ReadClaim> | undefined;
  private lines: Mutable<ClaimLine>[] = [];
  private line: Mutable<ClaimLine> | undefined;
  private lineNumber = 0;
  private attending: Provider | undefined;
  /** Whether N3/N4/REF still belong to the billing provider's name loop (2010AA). */
  private inBillingName = false;

  constructor(
    st: Segment,
    version: string | undefined,
    private readonly sink: X12Sink,
  ) {
    const v = present(st.elements[3]) ?? version ?? '';
    const institutional = v.includes('X223') || v.includes('X096');
    this.transaction = {
      position: st.index,
      controlNumber: st.elements[2] ?? '',
      version: present(v),
      claimType: institutional ? 'institutional' : 'professional',
    };
    sink.claimTransaction?.(this.transaction);
  }

  segment(seg: Segment): void {
    const e = seg.elements;
    switch (e[0] ?? '') {
      case 'HL':
        this.inBillingName = false;
        this.finishClaim();
        if (e[3] === '20') {
          this.loop = 'billing';
          this.billing = { ...EMPTY_BILLING };
        } else if (e[3] === '22') {
          this.loop = 'subscriber';
          this.subscriber = { ...EMPTY_MEMBER };
          this.patient = undefined;
          this.payer = { name: undefined, id: undefined };
          this.filingIndicator = undefined;
        } else if (e[3] === '23') {
          this.loop = 'patient';
          this.patient = { ...EMPTY_MEMBER };
        }
        return;
      case 'SBR':
        this.inBillingName = false;
        if (this.claim) this.loop = 'other-payer';
        else this.filingIndicator = present(e[9]);
        return;
      case 'NM1':
        return this.nm1(seg);
      case 'DMG': {
        const member =
          this.loop === 'patient' ? this.patient : this.loop === 'subscriber' ? this.subscriber : undefined;
        if (member && e[1] === 'D8') {
          member.birthDate = toIsoDate(e[2]);
          member.gender = present(e[3]);
        }
        return;
      }
      case 'N3':
        if (this.inBillingName)
          this.billing.address = {
            line1: e[1] ?? '',
            city: undefined,
            state: undefined,
            postalCode: undefined,
          };
        return;
      case 'N4':
        if (this.inBillingName && this.billing.address) {
          this.billing.address = {
            ...this.billing.address,
            city: present(e[1]),
            state: present(e[2]),
            postalCode: present(e[3]),
          };
        }
        return;
      case 'CLM':
        return this.clm(seg);
      case 'REF':
        return this.ref(seg);
      case 'HI':
        return this.hi(seg);
      case 'DTP':
        return this.dtp(seg);
      case 'LX':
        if (!this.claim) return;
        this.finishLine();
        this.loop = 'line';
        this.lineNumber = Number(e[1]) || this.lines.length + 1;
        return;
      case 'SV1':
        return this.sv1(seg);
      case 'SV2':
        return this.sv2(seg);
      default:
        return;
    }
  }

  end(_se: Segment): void {
    this.finishClaim();
  }

  private nm1(seg: Segment): void {
    this.inBillingName = false;
    const e = seg.elements;
    const entity = e[1];
    const name = present(e[3]);
    const id = present(e[9]);
    if (this.loop === 'billing' && entity === '85') {
      this.billing = { ...EMPTY_BILLING, name, npi: e[8] === 'XX' ? id : undefined };
      this.inBillingName = true;
      return;
    } else if (this.loop === 'subscriber' && entity === 'IL') {
      Object.assign(this.subscriber, { lastName: name, firstName: present(e[4]), id });
    } else if (this.loop === 'subscriber' && entity === 'PR') {
      this.payer = { name, id };
    } else if (this.loop === 'patient' && entity === 'QC' && this.patient) {
      Object.assign(this.patient, { lastName: name, firstName: present(e[4]), id });
    } else if (this.claim && this.loop === 'claim' && (entity === '82' || entity === '71')) {
      const provider = { name, npi: e[8] === 'XX' ? id : undefined };
      if (entity === '82') this.claim.renderingProvider = provider;
      else this.attending = provider;
    } else if (this.claim && this.loop === 'claim') {
      // Referring, service-facility and supervising providers: not part of the claim model.
    }
  }

  private clm(seg: Segment): void {
    this.finishClaim();
    const e = seg.elements;
    const [facilityCode, facilityQualifier, frequencyCode] = components(e[5], seg.delimiters);
    this.loop = 'claim';
    this.claim = {
      position: seg.index,
      claimType:
        this.transaction.version === undefined && facilityQualifier === 'A'
          ? 'institutional'
          : this.transaction.claimType,
      patientControlNumber: e[1] ?? '',
      chargeCents: toCents(e[2]) ?? 0,
      facilityCode: present(facilityCode),
      facilityQualifier: present(facilityQualifier),
      frequencyCode: present(frequencyCode) ?? '1',
      payerClaimControlNumber: undefined,
      priorAuthorization: undefined,
      diagnoses: [],
      billingProvider: { ...this.billing },
      renderingProvider: undefined,
      payer: { ...this.payer },
      filingIndicator: this.filingIndicator,
      subscriber: { ...this.subscriber },
      patient: this.patient ? { ...this.patient } : undefined,
      serviceDateFrom: undefined,
      serviceDateTo: undefined,
      lines: [],
    };
  }

  private ref(seg: Segment): void {
    const e = seg.elements;
    if (this.inBillingName && (e[1] === 'EI' || e[1] === 'SY')) this.billing.taxId = present(e[2]);
    if (this.loop === 'claim' && this.claim) {
      if (e[1] === 'F8') this.claim.payerClaimControlNumber = present(e[2]);
      else if (e[1] === 'G1') this.claim.priorAuthorization = present(e[2]);
    } else if (this.loop === 'line' && this.line && e[1] === '6R') {
      this.line.lineControlNumber = present(e[2]);
    }
  }

  private hi(seg: Segment): void {
    if (!this.claim || this.loop !== 'claim') return;
    const diagnoses = this.claim.diagnoses as Diagnosis[];
    for (let i = 1; i < seg.elements.length; i++) {
      const [qualifier, code] = components(seg.elements[i], seg.delimiters);
      if (qualifier && code && DIAGNOSIS_QUALIFIERS.has(qualifier)) diagnoses.push({ qualifier, code });
    }
  }

  private dtp(seg: Segment): void {
    const e = seg.elements;
    const { from, to } = toDateRange(e[2], e[3]);
    if (this.loop === 'line' && this.line && e[1] === '472') {
      this.line.serviceDate = from;
      this.line.serviceDateTo = to;
    } else if (this.loop === 'claim' && this.claim && (e[1] === '434' || e[1] === '472')) {
      this.claim.serviceDateFrom = from;
      this.claim.serviceDateTo = to;
    }
  }

  private sv1(seg: Segment): void {
    if (!this.claim) return;
    this.finishLine();
    const e = seg.elements;
    const [qualifier, code, ...modifiers] = components(e[1], seg.delimiters);
    this.line = {
      lineNumber: this.lineNumber || this.lines.length + 1,
      procedureQualifier: qualifier ?? '',
      procedureCode: code ?? '',
      modifiers: modifiers.slice(0, 4).filter((m) => m.length > 0),
      revenueCode: undefined,
      chargeCents: toCents(e[2]) ?? 0,
      unitBasis: present(e[3]),
      units: present(e[4]),
      placeOfService: present(e[5]),
      diagnosisPointers: components(e[7], seg.delimiters),
      serviceDate: undefined,
      serviceDateTo: undefined,
      lineControlNumber: undefined,
    };
  }

  private sv2(seg: Segment): void {
    if (!this.claim) return;
    this.finishLine();
    const e = seg.elements;
    const [qualifier, code, ...modifiers] = components(e[2], seg.delimiters);
    this.line = {
      lineNumber: this.lineNumber || this.lines.length + 1,
      procedureQualifier: qualifier ?? '',
      procedureCode: code ?? '',
      modifiers: modifiers.slice(0, 4).filter((m) => m.length > 0),
      revenueCode: present(e[1]),
      chargeCents: toCents(e[3]) ?? 0,
      unitBasis: present(e[4]),
      units: present(e[5]),
      placeOfService: undefined,
      diagnosisPointers: [],
      serviceDate: undefined,
      serviceDateTo: undefined,
      lineControlNumber: undefined,
    };
  }

  private finishLine(): void {
    if (this.line) this.lines.push(this.line);
    this.line = undefined;
  }

  private finishClaim(): void {
    const claim = this.claim;
    if (!claim) return;
    this.finishLine();
    claim.lines = this.lines;
    if (!claim.renderingProvider && this.attending) claim.renderingProvider = this.attending;
    if (claim.serviceDateFrom === undefined) {
      for (const line of this.lines) {
        const from = line.serviceDate;
        const to = line.serviceDateTo ?? from;
        if (from !== undefined && (claim.serviceDateFrom === undefined || from < claim.serviceDateFrom))
          claim.serviceDateFrom = from;
        if (to !== undefined && (claim.serviceDateTo === undefined || to > claim.serviceDateTo))
          claim.serviceDateTo = to;
      }
    }
    this.claim = undefined;
    this.lines = [];
    this.lineNumber = 0;
    this.attending = undefined;
    this.loop = this.patient ? 'patient' : 'subscriber';
    this.sink.claim?.(claim, this.transaction);
  }
}
