import { components, type Segment } from '../segment.js';
import type { TransactionReader, X12Sink } from '../sink.js';
import { detached, present, toCents, toIsoDate } from '../values.js';
import type { X12Warning } from '../warning.js';
import { checkClaimBalance, checkPaymentBalance } from './balance.js';
import type {
  Adjustment,
  Party,
  Person,
  Procedure,
  ProviderAdjustment,
  RemitClaim,
  RemittanceHeader,
  ServiceLine,
} from './model.js';

/**
 * Reads one 835 transaction (005010X221A1, and 004010X091) segment by segment, delivering each
 * claim to the sink as soon as the next one starts, so memory stays flat however many claims
 * a payment carries.
 */
export class RemittanceReader implements TransactionReader {
  private readonly header: RemittanceHeader;
  private headerSent = false;
  private claim: RemitClaim | undefined;
  private line: ServiceLine | undefined;
  private party: 'PR' | 'PE' | undefined;
  private readonly plb: ProviderAdjustment[] = [];
  private claimCount = 0;
  private claimPaidCents = 0;

  constructor(
    st: Segment,
    version: string | undefined,
    private readonly sink: X12Sink,
  ) {
    this.header = {
      position: st.index,
      controlNumber: st.elements[2] ?? '',
      version: present(st.elements[3]) ?? version,
      handlingCode: undefined,
      paymentCents: 0,
      creditDebit: undefined,
      paymentMethod: undefined,
      paymentDate: undefined,
      traceNumber: undefined,
      payerIdentifier: undefined,
      productionDate: undefined,
      payer: undefined,
      payee: undefined,
      references: [],
    };
  }

  segment(seg: Segment): void {
    const e = seg.elements;
    switch (e[0] ?? '') {
      case 'BPR':
        this.header.handlingCode = present(e[1]);
        this.header.paymentCents = this.cents(seg, 2) ?? 0;
        this.header.creditDebit = present(e[3]);
        this.header.paymentMethod = present(e[4]);
        this.header.paymentDate = this.date(seg, 16);
        return;
      case 'TRN':
        this.header.traceNumber = present(e[2]);
        this.header.payerIdentifier = present(e[3]);
        return;
      case 'DTM':
        return this.dtm(seg);
      case 'N1':
        return this.n1(seg);
      case 'REF':
        return this.ref(seg);
      case 'CLP':
        return this.clp(seg);
      case 'CAS':
        return this.cas(seg);
      case 'NM1':
        return this.nm1(seg);
      case 'MIA':
        return this.remarks(seg, 'MIA', [5, 20, 21, 22, 23]);
      case 'MOA':
        return this.remarks(seg, 'MOA', [3, 4, 5, 6, 7]);
      case 'AMT':
        return this.amt(seg);
      case 'SVC':
        return this.svc(seg);
      case 'LQ':
        if (this.line && e[1] === 'HE' && present(e[2]))
          this.line.remarks.push({ source: 'LQ', code: e[2] ?? '' });
        return;
      case 'PLB':
        return this.plbSegment(seg);
      default:
        // CUR, N3, N4, PER, RDM, LX, TS3, TS2, QTY and the rest carry nothing Reclaim stores.
        return;
    }
  }

  end(se: Segment): void {
    this.finishClaim();
    this.sendHeader();
    checkPaymentBalance(this.header, this.claimPaidCents, this.plb, se.index, (w) => this.warn(w));
    this.sink.remittanceEnd?.({
      header: this.header,
      providerAdjustments: this.plb,
      claimCount: this.claimCount,
      claimPaidCents: this.claimPaidCents,
    });
  }

  private clp(seg: Segment): void {
    this.finishClaim();
    this.sendHeader();
    const e = seg.elements;
    const statusCode = e[2] ?? '';
    this.claim = {
      position: seg.index,
      // Posting keeps these two as keys while the rest of the file is read.
      patientControlNumber: detached(e[1] ?? ''),
      statusCode,
      chargeCents: this.cents(seg, 3) ?? 0,
      paidCents: this.cents(seg, 4) ?? 0,
      patientResponsibilityCents: this.cents(seg, 5) ?? 0,
      filingIndicator: present(e[6]),
      payerClaimControlNumber: detached(e[7] ?? ''),
      facilityCode: present(e[8]),
      frequencyCode: present(e[9]),
      reversal: statusCode === '22',
      patient: undefined,
      insured: undefined,
      correctedPatient: undefined,
      renderingProvider: undefined,
      serviceDateFrom: undefined,
      serviceDateTo: undefined,
      receivedDate: undefined,
      adjustments: [],
      remarks: [],
      references: [],
      dates: [],
      amounts: [],
      lines: [],
    };
  }

  private svc(seg: Segment): void {
    const claim = this.claim;
    if (!claim) return this.orphan(seg);
    const e = seg.elements;
    this.line = {
      position: seg.index,
      procedure: procedure(components(e[1], seg.delimiters)),
      chargeCents: this.cents(seg, 2) ?? 0,
      paidCents: this.cents(seg, 3) ?? 0,
      revenueCode: present(e[4]),
      unitsPaid: present(e[5]),
      submittedProcedure: procedure(components(e[6], seg.delimiters)),
      unitsSubmitted: present(e[7]),
      serviceDate: undefined,
      serviceDateTo: undefined,
      lineControlNumber: undefined,
      adjustments: [],
      remarks: [],
      references: [],
      amounts: [],
    };
    claim.lines.push(this.line);
  }

  private cas(seg: Segment): void {
    const target = this.line ?? this.claim;
    if (!target) return this.orphan(seg);
    const e = seg.elements;
    const group = e[1] ?? '';
    for (let i = 2; i < e.length; i += 3) {
      const reason = present(e[i]);
      if (reason === undefined) continue;
      const adjustment: Adjustment = {
        group,
        reason,
        amountCents: this.cents(seg, i + 1) ?? 0,
        quantity: present(e[i + 2]),
      };
      target.adjustments.push(adjustment);
    }
  }

  private nm1(seg: Segment): void {
    const claim = this.claim;
    if (!claim || this.line) return;
    const e = seg.elements;
    const person: Person = {
      entity: e[1] ?? '',
      lastName: present(e[3]),
      firstName: present(e[4]),
      idQualifier: present(e[8]),
      id: present(e[9]),
    };
    if (e[1] === 'QC') claim.patient = person;
    else if (e[1] === 'IL') claim.insured = person;
    else if (e[1] === '74') claim.correctedPatient = person;
    else if (e[1] === '82') claim.renderingProvider = person;
  }

  private n1(seg: Segment): void {
    const e = seg.elements;
    const party: Party = { name: present(e[2]), idQualifier: present(e[3]), id: present(e[4]) };
    this.party = undefined;
    if (e[1] === 'PR') {
      this.header.payer = party;
      this.party = 'PR';
    } else if (e[1] === 'PE') {
      this.header.payee = party;
      this.party = 'PE';
    }
  }

  private ref(seg: Segment): void {
    const e = seg.elements;
    const reference = { qualifier: e[1] ?? '', value: e[2] ?? '' };
    if (this.line) {
      if (reference.qualifier === '6R') this.line.lineControlNumber = reference.value;
      this.line.references.push(reference);
    } else if (this.claim) this.claim.references.push(reference);
    else this.header.references.push(reference);
  }

  private dtm(seg: Segment): void {
    const e = seg.elements;
    const qualifier = e[1] ?? '';
    const date = this.date(seg, 2);
    if (this.line) {
      if (qualifier === '472' || qualifier === '150') this.line.serviceDate = date;
      if (qualifier === '472' || qualifier === '151') this.line.serviceDateTo = date;
    } else if (this.claim) {
      this.claim.dates.push({ qualifier, date });
      if (qualifier === '232') this.claim.serviceDateFrom = date;
      else if (qualifier === '233') this.claim.serviceDateTo = date;
      else if (qualifier === '050') this.claim.receivedDate = date;
    } else if (qualifier === '405') this.header.productionDate = date;
  }

  private amt(seg: Segment): void {
    const target = this.line ?? this.claim;
    if (!target) return;
    target.amounts.push({ qualifier: seg.elements[1] ?? '', amountCents: this.cents(seg, 2) ?? 0 });
  }

  private remarks(seg: Segment, source: 'MOA' | 'MIA', fields: readonly number[]): void {
    const claim = this.claim;
    if (!claim) return this.orphan(seg);
    for (const n of fields) {
      const code = present(seg.elements[n]);
      if (code !== undefined) claim.remarks.push({ source, code });
    }
  }

  private plbSegment(seg: Segment): void {
    this.finishClaim();
    const e = seg.elements;
    for (let i = 3; i + 1 < e.length; i += 2) {
      const [reason, reference] = components(e[i], seg.delimiters);
      if (!present(reason)) continue;
      this.plb.push({
        position: seg.index,
        providerId: e[1] ?? '',
        fiscalPeriodDate: this.date(seg, 2),
        reason: reason ?? '',
        reference: present(reference),
        amountCents: this.cents(seg, i + 1) ?? 0,
      });
    }
  }

  private finishClaim(): void {
    const claim = this.claim;
    if (!claim) return;
    this.line = undefined;
    this.claim = undefined;
    this.claimCount++;
    this.claimPaidCents += claim.paidCents;
    checkClaimBalance(claim, (w) => this.warn(w));
    this.sink.remitClaim?.(claim, this.header);
  }

  private sendHeader(): void {
    if (this.headerSent) return;
    this.headerSent = true;
    this.sink.remittance?.(this.header);
  }

  private cents(seg: Segment, n: number): number | undefined {
    const text = seg.elements[n];
    if (text === undefined || text.length === 0) return undefined;
    const cents = toCents(text);
    if (cents === undefined) {
      this.warn({
        segment: seg.index,
        code: 'INVALID_AMOUNT',
        message: `${seg.elements[0]}${pad(n)} is not an amount`,
      });
    }
    return cents;
  }

  private date(seg: Segment, n: number): string | undefined {
    const text = seg.elements[n];
    if (text === undefined || text.length === 0) return undefined;
    const date = toIsoDate(text);
    if (date === undefined) {
      this.warn({
        segment: seg.index,
        code: 'INVALID_DATE',
        message: `${seg.elements[0]}${pad(n)} is not a date`,
      });
    }
    return date;
  }

  private orphan(seg: Segment): void {
    this.warn({
      segment: seg.index,
      code: 'UNEXPECTED_SEGMENT',
      message: `${seg.elements[0]} outside a claim`,
    });
  }

  private warn(warning: X12Warning): void {
    this.sink.warning?.(warning);
  }
}

function procedure(parts: readonly string[]): Procedure | undefined {
  const qualifier = parts[0];
  const code = parts[1];
  if (!present(code) && !present(qualifier)) return undefined;
  // The first four non-empty modifiers, in a loop: this runs twice per service line.
  const modifiers: string[] = [];
  for (let i = 2; i < parts.length && modifiers.length < 4; i++) {
    const modifier = parts[i] ?? '';
    if (modifier.length > 0) modifiers.push(modifier);
  }
  return { qualifier: qualifier ?? '', code: code ?? '', modifiers };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
