import { components, type Segment } from '../segment.js';
import type { TransactionReader, X12Sink } from '../sink.js';
import { detached, present, toCents, toDateRange, toIsoDate, toTime } from '../values.js';
import { credentialOf } from './credential.js';
import {
  DIAGNOSIS_QUALIFIERS,
  type ClaimLine,
  type ClaimTransaction,
  type ClaimType,
  type DescribedProvider,
  type Diagnosis,
  type Member,
  type BillingProvider,
  type OtherPayer,
  type ReadClaim,
  type ServiceFacility,
  type Tooth,
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

/** What the envelope around a transaction says: the version (GS08), ISA13, GS04 and GS05. */
export interface EnvelopeContext {
  readonly version: string | undefined;
  readonly interchangeControlNumber: string | undefined;
  readonly groupDate: string | undefined;
  readonly groupTime: string | undefined;
}

/** The claim type an implementation guide names: X223/X096 institutional, X224/X097 dental. */
function claimTypeOf(version: string): ClaimType {
  if (version.includes('X223') || version.includes('X096')) return 'institutional';
  if (version.includes('X224') || version.includes('X097')) return 'dental';
  return 'professional';
}

/**
 * Reads one 837 transaction (professional 005010X222, institutional 005010X223, dental
 * 005010X224, and their 4010 predecessors), delivering each claim to the sink when the next
 * claim, HL or SE begins.
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
  private attending: DescribedProvider | undefined;
  private rendering: DescribedProvider | undefined;
  private facility: ServiceFacility | undefined;
  private otherPayers: OtherPayer[] = [];
  private payerResponsibility: string | undefined;
  private billingTaxonomy: string | undefined;
  /** Whether N3/N4/REF still belong to the billing provider's name loop (2010AA). */
  private inBillingName = false;
  /** The entity of the claim-level name loop (2310x) being read: PRV and N4 belong to it. */
  private claimEntity: string | undefined;

  constructor(
    st: Segment,
    envelope: EnvelopeContext,
    private readonly sink: X12Sink,
  ) {
    const v = present(st.elements[3]) ?? envelope.version ?? '';
    this.transaction = {
      position: st.index,
      controlNumber: st.elements[2] ?? '',
      version: present(v),
      claimType: claimTypeOf(v),
      createdDate: undefined,
      createdTime: undefined,
      submitterId: undefined,
      receiverId: undefined,
      receiverName: undefined,
      interchangeControlNumber: envelope.interchangeControlNumber,
      groupDate: envelope.groupDate,
      groupTime: envelope.groupTime,
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
          this.billingTaxonomy = undefined;
        } else if (e[3] === '22') {
          this.loop = 'subscriber';
          this.subscriber = { ...EMPTY_MEMBER };
          this.patient = undefined;
          this.payer = { name: undefined, id: undefined };
          this.filingIndicator = undefined;
          this.payerResponsibility = undefined;
        } else if (e[3] === '23') {
          this.loop = 'patient';
          this.patient = { ...EMPTY_MEMBER };
        }
        return;
      case 'BHT':
        this.transaction.createdDate = toIsoDate(e[4]);
        this.transaction.createdTime = toTime(e[5]);
        return;
      case 'SBR':
        this.inBillingName = false;
        this.claimEntity = undefined;
        if (this.claim) {
          this.loop = 'other-payer';
          this.otherPayers.push({ responsibility: present(e[1]), id: undefined, name: undefined });
        } else {
          this.filingIndicator = present(e[9]);
          this.payerResponsibility = present(e[1]);
        }
        return;
      case 'PRV':
        return this.prv(seg);
      case 'TOO':
        return this.too(seg);
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
        if (this.loop === 'claim' && this.claimEntity === '77' && this.facility) {
          this.facility = { ...this.facility, state: present(e[2]) };
        } else if (this.inBillingName && this.billing.address) {
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
      case 'SV3':
        return this.sv3(seg);
      default:
        return;
    }
  }

  end(_se: Segment): void {
    this.finishClaim();
  }

  /** Drops the claim being read (its transaction broke off); returns where its CLM was. */
  abandon(): number | undefined {
    const position = this.claim?.position;
    this.claim = undefined;
    this.line = undefined;
    this.lines = [];
    return position;
  }

  private nm1(seg: Segment): void {
    this.inBillingName = false;
    const e = seg.elements;
    const entity = e[1];
    const name = present(e[3]);
    const id = present(e[9]);
    if (this.loop === 'header') {
      if (entity === '41') this.transaction.submitterId = id;
      else if (entity === '40') {
        this.transaction.receiverId = id;
        this.transaction.receiverName = name;
      }
      return;
    }
    if (this.loop === 'claim') this.claimEntity = entity;
    if (this.loop === 'other-payer' && entity === 'PR') {
      const last = this.otherPayers.pop();
      if (last) this.otherPayers.push({ ...last, id, name });
      return;
    }
    if (this.loop === 'billing' && entity === '85') {
      this.billing = { ...EMPTY_BILLING, name, npi: e[8] === 'XX' ? id : undefined };
      this.inBillingName = true;
      return;
    } else if (this.loop === 'subscriber' && entity === 'IL') {
      Object.assign(this.subscriber, { lastName: name, firstName: present(e[4]), id });
    } else if (this.loop === 'subscriber' && entity === 'PR') {
      this.payer = { name, id: detached(id) };
    } else if (this.loop === 'patient' && entity === 'QC' && this.patient) {
      Object.assign(this.patient, { lastName: name, firstName: present(e[4]), id });
    } else if (this.claim && this.loop === 'claim' && (entity === '82' || entity === '71')) {
      const npi = e[8] === 'XX' ? id : undefined;
      const provider = { entity, name, npi, taxonomy: undefined, credential: credentialOf(present(e[7])) };
      if (entity === '82') this.rendering = provider;
      else this.attending = provider;
    } else if (this.claim && this.loop === 'claim' && entity === '77') {
      this.facility = { name, npi: e[8] === 'XX' ? id : undefined, state: undefined };
    }
  }

  /** PRV: the billing provider's taxonomy (2000A PRV*BI), or the claim-level provider's. */
  private prv(seg: Segment): void {
    const taxonomy = present(seg.elements[3]);
    if (this.loop === 'billing') this.billingTaxonomy = taxonomy;
    else if (this.loop === 'claim' && this.claimEntity === '82' && this.rendering)
      this.rendering = { ...this.rendering, taxonomy };
    else if (this.loop === 'claim' && this.claimEntity === '71' && this.attending)
      this.attending = { ...this.attending, taxonomy };
  }

  /** TOO (dental line): a tooth number and the surfaces treated on it. */
  private too(seg: Segment): void {
    if (this.loop !== 'line' || !this.line) return;
    const number = present(seg.elements[2]);
    if (number === undefined) return;
    const tooth: Tooth = { number, surfaces: components(seg.elements[3], seg.delimiters).filter((c) => c) };
    this.line.teeth = [...(this.line.teeth ?? []), tooth];
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
      // Posting keeps CLM01, the payer and REF*F8 as keys while the rest of the file is read.
      patientControlNumber: detached(e[1] ?? ''),
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
      payerResponsibility: this.payerResponsibility,
      otherPayers: [],
      billingTaxonomy: this.billingTaxonomy,
      rendering: undefined,
      serviceFacility: undefined,
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
      if (e[1] === 'F8') this.claim.payerClaimControlNumber = detached(present(e[2]));
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

  /** SV3 (dental): procedure, charge, place of service, oral cavity areas, units. */
  private sv3(seg: Segment): void {
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
      unitBasis: undefined,
      units: present(e[6]),
      placeOfService: present(e[3]),
      diagnosisPointers: components(e[7], seg.delimiters),
      serviceDate: undefined,
      serviceDateTo: undefined,
      lineControlNumber: undefined,
      oralCavityAreas: components(e[4], seg.delimiters).filter((c) => c.length > 0),
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
    claim.otherPayers = this.otherPayers;
    claim.serviceFacility = this.facility;
    claim.rendering = this.rendering ?? this.attending;
    const rendering = claim.rendering;
    if (rendering) claim.renderingProvider = { name: rendering.name, npi: rendering.npi };
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
    this.rendering = undefined;
    this.facility = undefined;
    this.otherPayers = [];
    this.claimEntity = undefined;
    this.loop = this.patient ? 'patient' : 'subscriber';
    this.sink.claim?.(claim, this.transaction);
  }
}
