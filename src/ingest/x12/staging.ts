import type { Tx } from '../../db/db.js';
import { copyValue } from '../../db/copy-text.js';
import type { ReadClaim } from '../../x12/claims/model.js';
import type { RemitClaim, RemittanceHeader, RemittanceTrailer } from '../../x12/era/model.js';
import { payerKey } from '../../x12/era/model.js';
import type { X12Sink } from '../../x12/sink.js';
import type { X12Warning } from '../../x12/warning.js';
import { findDenial } from './denial-rule.js';
import { pgArray } from './pg-array.js';
import type { PostedRemittances } from './remittance.repository.js';

/**
 * Session-local tables a file is read into before anything reaches the real ones: posting is then
 * a handful of set-based statements (dedupe, id mapping, links), whatever the number of claims.
 */
export const STAGING_DDL = `
CREATE TEMP TABLE x12_stage_remittance (seq int, position int, payer_key text, trace_number text, payer_name text,
  payee_name text, payee_npi text, handling_code text, payment_cents bigint, payment_method text, payment_date date,
  production_date date) ON COMMIT DROP;
CREATE TEMP TABLE x12_stage_remit_claim (seq int, remit_seq int, occurrence int, position int, pcn text, status text,
  charge bigint, paid bigint, patient_share bigint, filing text, pccn text, facility text, frequency text,
  date_from date, date_to date, received date, is_denial boolean, denial_carcs text[], denial_rarcs text[],
  denied_cents bigint) ON COMMIT DROP;
CREATE TEMP TABLE x12_stage_remit_line (claim_seq int, line_number int, proc_qual text, proc_code text,
  modifiers text[], charge bigint, paid bigint, revenue text, units numeric, service_date date, line_control text)
  ON COMMIT DROP;
CREATE TEMP TABLE x12_stage_adjustment (ord int, claim_seq int, line_number int, group_code text, carc text,
  amount bigint, quantity numeric) ON COMMIT DROP;
CREATE TEMP TABLE x12_stage_remark (ord int, claim_seq int, line_number int, source text, code text) ON COMMIT DROP;
CREATE TEMP TABLE x12_stage_plb (remit_seq int, provider_id text, fiscal_date date, reason text, reference text,
  amount bigint) ON COMMIT DROP;
CREATE TEMP TABLE x12_stage_issue (position int, field text, issue text) ON COMMIT DROP;
CREATE TEMP TABLE x12_stage_claim (seq int, position int, pcn text, claim_type text, frequency text, facility text,
  charge bigint, payer_id text, payer_name text, pccn text, prior_auth text, billing_npi text, rendering_npi text,
  subscriber_id text, last_name text, first_name text, birth_date date, diagnoses text[], date_from date,
  date_to date) ON COMMIT DROP;
CREATE TEMP TABLE x12_stage_claim_line (claim_seq int, line_number int, proc_qual text, proc_code text,
  modifiers text[], revenue text, charge bigint, units numeric, unit_basis text, pos text, pointers text[],
  service_date date) ON COMMIT DROP;
`;

type Cell = string | number | boolean | null | undefined;

class Table {
  text = '';
  rows = 0;
  constructor(
    readonly name: string,
    readonly columns: readonly string[],
  ) {}
  add(cells: readonly Cell[]): void {
    let line = '';
    for (let i = 0; i < cells.length; i++) line += (i === 0 ? '' : '\t') + copyValue(cells[i]);
    this.text += line + '\n';
    this.rows++;
  }
}

/** What a file held, counted while staging. */
export interface StagedCounts extends Omit<PostedRemittances, 'denials'> {
  claims: number;
  claimLines: number;
  warnings: number;
}

/** Buffered rows are sent to the server once they reach this size (one COPY per table). */
const FLUSH_BYTES = 4 << 20;

/** Numbers the X12 allows in quantity fields; anything else is stored as missing. */
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** Gathers what the readers deliver into COPY payloads for the staging tables. */
export class X12Staging {
  readonly counts: StagedCounts = {
    remittances: 0,
    remitClaims: 0,
    remitLines: 0,
    adjustments: 0,
    remarks: 0,
    providerAdjustments: 0,
    claims: 0,
    claimLines: 0,
    warnings: 0,
  };
  private readonly tables = {
    remittance: new Table('x12_stage_remittance', [
      'seq',
      'position',
      'payer_key',
      'trace_number',
      'payer_name',
      'payee_name',
      'payee_npi',
      'handling_code',
      'payment_cents',
      'payment_method',
      'payment_date',
      'production_date',
    ]),
    remitClaim: new Table('x12_stage_remit_claim', [
      'seq',
      'remit_seq',
      'occurrence',
      'position',
      'pcn',
      'status',
      'charge',
      'paid',
      'patient_share',
      'filing',
      'pccn',
      'facility',
      'frequency',
      'date_from',
      'date_to',
      'received',
      'is_denial',
      'denial_carcs',
      'denial_rarcs',
      'denied_cents',
    ]),
    remitLine: new Table('x12_stage_remit_line', [
      'claim_seq',
      'line_number',
      'proc_qual',
      'proc_code',
      'modifiers',
      'charge',
      'paid',
      'revenue',
      'units',
      'service_date',
      'line_control',
    ]),
    adjustment: new Table('x12_stage_adjustment', [
      'ord',
      'claim_seq',
      'line_number',
      'group_code',
      'carc',
      'amount',
      'quantity',
    ]),
    remark: new Table('x12_stage_remark', ['ord', 'claim_seq', 'line_number', 'source', 'code']),
    plb: new Table('x12_stage_plb', [
      'remit_seq',
      'provider_id',
      'fiscal_date',
      'reason',
      'reference',
      'amount',
    ]),
    issue: new Table('x12_stage_issue', ['position', 'field', 'issue']),
    claim: new Table('x12_stage_claim', [
      'seq',
      'position',
      'pcn',
      'claim_type',
      'frequency',
      'facility',
      'charge',
      'payer_id',
      'payer_name',
      'pccn',
      'prior_auth',
      'billing_npi',
      'rendering_npi',
      'subscriber_id',
      'last_name',
      'first_name',
      'birth_date',
      'diagnoses',
      'date_from',
      'date_to',
    ]),
    claimLine: new Table('x12_stage_claim_line', [
      'claim_seq',
      'line_number',
      'proc_qual',
      'proc_code',
      'modifiers',
      'revenue',
      'charge',
      'units',
      'unit_basis',
      'pos',
      'pointers',
      'service_date',
    ]),
  };
  private remitSeq = 0;
  private claimSeq = 0;
  private ord = 0;
  /** Occurrences of each (CLP01, CLP07, CLP02) within the current 835 transaction. */
  private occurrences = new Map<string, number>();

  readonly sink: X12Sink = {
    remittance: () => {
      this.remitSeq++;
      this.occurrences = new Map();
    },
    remitClaim: (claim) => this.remitClaim(claim),
    remittanceEnd: (trailer) => this.remittanceEnd(trailer),
    claim: (claim) => this.claim(claim),
    warning: (w) => this.warning(w),
  };

  /** Whether enough is buffered to be worth a round trip. */
  get full(): boolean {
    return Object.values(this.tables).some((t) => t.text.length >= FLUSH_BYTES);
  }

  /** Sends everything buffered to the staging tables: one COPY per table that has rows. */
  async flush(tx: Tx): Promise<void> {
    for (const table of Object.values(this.tables)) {
      if (table.text.length === 0) continue;
      const text = table.text;
      table.text = '';
      await tx.copyIn(table.name, table.columns, text);
    }
  }

  private remittanceEnd(trailer: RemittanceTrailer): void {
    const h: RemittanceHeader = trailer.header;
    this.counts.remittances++;
    this.tables.remittance.add([
      this.remitSeq,
      h.position,
      payerKey(h),
      h.traceNumber ?? '',
      h.payer?.name,
      h.payee?.name,
      h.payee?.idQualifier === 'XX' ? h.payee.id : undefined,
      h.handlingCode,
      h.paymentCents,
      h.paymentMethod,
      h.paymentDate,
      h.productionDate,
    ]);
    for (const p of trailer.providerAdjustments) {
      this.counts.providerAdjustments++;
      this.tables.plb.add([
        this.remitSeq,
        p.providerId,
        p.fiscalPeriodDate,
        p.reason,
        p.reference,
        p.amountCents,
      ]);
    }
  }

  private remitClaim(c: RemitClaim): void {
    const seq = ++this.claimSeq;
    this.counts.remitClaims++;
    const key = `${c.patientControlNumber}\u0000${c.payerClaimControlNumber}\u0000${c.statusCode}`;
    const occurrence = (this.occurrences.get(key) ?? 0) + 1;
    this.occurrences.set(key, occurrence);
    const denial = findDenial(c);
    this.tables.remitClaim.add([
      seq,
      this.remitSeq,
      occurrence,
      c.position,
      c.patientControlNumber,
      c.statusCode,
      c.chargeCents,
      c.paidCents,
      c.patientResponsibilityCents,
      c.filingIndicator,
      c.payerClaimControlNumber,
      c.facilityCode,
      c.frequencyCode,
      c.serviceDateFrom,
      c.serviceDateTo,
      c.receivedDate,
      denial !== undefined,
      denial ? pgArray(denial.carcCodes) : null,
      denial ? pgArray(denial.rarcCodes) : null,
      denial?.deniedAmountCents,
    ]);
    for (const a of c.adjustments) this.adjustment(seq, null, a.group, a.reason, a.amountCents, a.quantity);
    for (const r of c.remarks) this.remark(seq, null, r.source, r.code);
    c.lines.forEach((line, i) => {
      const n = i + 1;
      this.counts.remitLines++;
      const p = line.procedure;
      this.tables.remitLine.add([
        seq,
        n,
        p?.qualifier,
        p?.code,
        pgArray(p?.modifiers ?? []),
        line.chargeCents,
        line.paidCents,
        line.revenueCode,
        numeric(line.unitsPaid),
        line.serviceDate,
        line.lineControlNumber,
      ]);
      for (const a of line.adjustments) this.adjustment(seq, n, a.group, a.reason, a.amountCents, a.quantity);
      for (const r of line.remarks) this.remark(seq, n, r.source, r.code);
    });
  }

  private adjustment(
    seq: number,
    line: number | null,
    group: string,
    carc: string,
    cents: number,
    qty: string | undefined,
  ) {
    this.counts.adjustments++;
    this.tables.adjustment.add([++this.ord, seq, line, group, carc, cents, numeric(qty)]);
  }

  private remark(seq: number, line: number | null, source: string, code: string) {
    this.counts.remarks++;
    this.tables.remark.add([++this.ord, seq, line, source, code]);
  }

  private claim(c: ReadClaim): void {
    const seq = ++this.claimSeq;
    this.counts.claims++;
    const person = c.patient ?? c.subscriber;
    this.tables.claim.add([
      seq,
      c.position,
      c.patientControlNumber,
      c.claimType,
      c.frequencyCode,
      c.facilityCode,
      c.chargeCents,
      c.payer.id,
      c.payer.name,
      c.payerClaimControlNumber,
      c.priorAuthorization,
      c.billingProvider.npi,
      c.renderingProvider?.npi,
      c.subscriber.id,
      person.lastName,
      person.firstName,
      person.birthDate,
      pgArray(c.diagnoses.map((d) => d.code)),
      c.serviceDateFrom,
      c.serviceDateTo,
    ]);
    // Lines are numbered by order: a resent LX number must not collide with the key (claim, line).
    c.lines.forEach((l, i) => {
      this.counts.claimLines++;
      this.tables.claimLine.add([
        seq,
        i + 1,
        l.procedureQualifier || 'HC',
        l.procedureCode,
        pgArray(l.modifiers),
        l.revenueCode,
        l.chargeCents,
        numeric(l.units),
        l.unitBasis,
        l.placeOfService,
        pgArray(l.diagnosisPointers),
        l.serviceDate,
      ]);
    });
  }

  private warning(w: X12Warning): void {
    this.counts.warnings++;
    this.tables.issue.add([w.segment, w.code, w.message]);
  }
}

function numeric(text: string | undefined): string | undefined {
  return text !== undefined && NUMERIC.test(text) ? text : undefined;
}
