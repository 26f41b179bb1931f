import type { Tx } from '../../../src/db/db.js';
import { copyValue } from '../../../src/db/copy-text.js';
import type { ClaimTransaction, ReadClaim } from '../../../src/x12/claims/model.js';
import type { RemitClaim, RemittanceHeader, RemittanceTrailer } from '../../../src/x12/era/model.js';
import { payerKey } from '../../../src/x12/era/model.js';
import type { EnvelopeLevel, X12Rejection, X12Sink } from '../../../src/x12/sink.js';
import type { X12Warning } from '../../../src/x12/warning.js';
import { retryableColumn } from '../../../src/classify/classify-denials.js';
import { classifyDenialCodes } from '../../../src/codes/classify-codes.js';
import { contextSnapshot } from '../../../src/ingest/x12/claim-context.js';
import { findDenial } from '../../../src/ingest/x12/denial-rule.js';
import { pgArray } from '../../../src/ingest/x12/pg-array.js';
import type { PostedRemittances } from './remittance.repository.js';

/**
 * Session-local tables a file is read into before anything reaches the real ones: posting is then
 * a handful of set-based statements (dedupe, id mapping, links), whatever the number of claims.
 */
export const STAGING_DDL = `
CREATE TEMP TABLE x12_stage_remittance (seq int, position int, payer_key text, trace_number text, payer_name text,
  payee_name text, payee_npi text, handling_code text, payment_cents bigint, payment_method text, payment_date date,
  production_date date, payer_ids text[]) ON COMMIT DROP;
CREATE TEMP TABLE x12_stage_remit_claim (seq int, remit_seq int, occurrence int, position int, pcn text, status text,
  charge bigint, paid bigint, patient_share bigint, filing text, pccn text, facility text, frequency text,
  date_from date, date_to date, received date, is_denial boolean, denial_carcs text[], denial_rarcs text[],
  denied_cents bigint, denial_kind text, category text, retryable boolean) ON COMMIT DROP;
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
  date_to date, txn_seq int, payer_resp text, other_payer_ids text[], snapshot jsonb) ON COMMIT DROP;
CREATE TEMP TABLE x12_stage_claim_line (claim_seq int, line_number int, proc_qual text, proc_code text,
  modifiers text[], revenue text, charge bigint, units numeric, unit_basis text, pos text, pointers text[],
  service_date date, teeth jsonb, areas text[]) ON COMMIT DROP;
CREATE TEMP TABLE x12_stage_claim_txn (seq int, position int, control_number text, interchange text,
  submitted_at timestamptz, submitter_id text, receiver_id text, receiver_name text) ON COMMIT DROP;
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
export interface StagedCounts extends Omit<PostedRemittances, 'denials' | 'classified'> {
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
      'payer_ids',
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
      'denial_kind',
      'category',
      'retryable',
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
      'txn_seq',
      'payer_resp',
      'other_payer_ids',
      'snapshot',
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
      'teeth',
      'areas',
    ]),
    claimTxn: new Table('x12_stage_claim_txn', [
      'seq',
      'position',
      'control_number',
      'interchange',
      'submitted_at',
      'submitter_id',
      'receiver_id',
      'receiver_name',
    ]),
  };
  private remitSeq = 0;
  private claimSeq = 0;
  private txnSeq = 0;
  private ord = 0;
  /** Occurrences of each (CLP01, CLP07, CLP02) within the current 835 transaction. */
  private occurrences = new Map<string, number>();
  /** Where each open envelope started: what a rejection of it takes back. */
  private readonly marks = new Map<EnvelopeLevel, Mark>();
  /** Ranges of staged rows that belong to rejected envelopes, dropped before posting. */
  private readonly dropped: Mark[] = [];
  /** Envelopes rejected while reading, in file order. */
  readonly rejections: X12Rejection[] = [];
  /** Claims (837) and claim payments (835) inside rejected envelopes. */
  rejectedClaims = 0;

  readonly sink: X12Sink = {
    remittance: () => {
      this.remitSeq++;
      this.occurrences = new Map();
    },
    remitClaim: (claim) => this.remitClaim(claim),
    remittanceEnd: (trailer) => this.remittanceEnd(trailer),
    claimTransaction: (t) => this.claimTransaction(t),
    claim: (claim) => this.claim(claim),
    warning: (w) => this.warning(w),
    envelopeStart: (level) => this.marks.set(level, this.mark()),
    rejected: (r) => this.rejected(r),
  };

  private mark(): Mark {
    return {
      claimSeq: this.claimSeq,
      remitSeq: this.remitSeq,
      txnSeq: this.txnSeq,
      counts: { ...this.counts },
    };
  }

  /** Takes back what the rejected envelope staged: its rows are dropped and its counts undone. */
  private rejected(r: X12Rejection): void {
    this.rejections.push(r);
    this.tables.issue.add([r.segment, 'ENVELOPE_REJECTED', r.message]);
    if (r.level === 'claim') {
      this.rejectedClaims++;
      return;
    }
    const from = this.marks.get(r.level) ?? this.mark();
    this.dropped.push(from, this.mark());
    const before = from.counts;
    this.rejectedClaims += this.counts.claims - before.claims + this.counts.remitClaims - before.remitClaims;
    const warnings = this.counts.warnings;
    Object.assign(this.counts, before, { warnings });
  }

  /** Deletes the staged rows of rejected envelopes (call after the last flush). */
  async dropRejected(tx: Tx): Promise<void> {
    for (let i = 0; i < this.dropped.length; i += 2) {
      const from = this.dropped[i]!;
      const to = this.dropped[i + 1]!;
      const claims = [from.claimSeq, to.claimSeq];
      if (to.claimSeq > from.claimSeq) {
        for (const [table, column] of [
          ['x12_stage_claim_line', 'claim_seq'],
          ['x12_stage_remit_line', 'claim_seq'],
          ['x12_stage_adjustment', 'claim_seq'],
          ['x12_stage_remark', 'claim_seq'],
          ['x12_stage_claim', 'seq'],
          ['x12_stage_remit_claim', 'seq'],
        ] as const) {
          await tx.query(`DELETE FROM ${table} WHERE ${column} > $1 AND ${column} <= $2`, claims);
        }
      }
      if (to.remitSeq > from.remitSeq) {
        for (const table of ['x12_stage_remittance', 'x12_stage_plb'] as const) {
          const column = table === 'x12_stage_plb' ? 'remit_seq' : 'seq';
          await tx.query(`DELETE FROM ${table} WHERE ${column} > $1 AND ${column} <= $2`, [
            from.remitSeq,
            to.remitSeq,
          ]);
        }
      }
      if (to.txnSeq > from.txnSeq) {
        await tx.query('DELETE FROM x12_stage_claim_txn WHERE seq > $1 AND seq <= $2', [
          from.txnSeq,
          to.txnSeq,
        ]);
      }
    }
  }

  /** Whether enough is buffered to be worth a round trip. */
  get full(): boolean {
    return Object.values(this.tables).some((t) => t.text.length >= FLUSH_BYTES);
  }

  /**
   * Sends everything buffered to the staging tables, one COPY per table that has rows, without
   * waiting for it: reading goes on while the database loads. One batch is in flight at a time,
   * so memory holds at most two batches.
   */
  async flush(tx: Tx): Promise<void> {
    await this.settled();
    const batch: [Table, string][] = [];
    for (const table of Object.values(this.tables)) {
      if (table.text.length === 0) continue;
      batch.push([table, table.text]);
      table.text = '';
    }
    if (batch.length === 0) return;
    this.inflight = (async () => {
      for (const [table, text] of batch) await tx.copyIn(table.name, table.columns, text);
    })().catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  /** Waits for the batch in flight; a load that failed fails here. */
  async settled(): Promise<void> {
    await this.inflight;
    if (this.failure !== undefined) throw this.failure;
  }

  private inflight: Promise<void> = Promise.resolve();
  private failure: unknown;

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
      pgArray(payerIds(h)),
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
    const verdict = denial ? this.classify(denial.carcCodes, denial.rarcCodes) : undefined;
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
      denial?.kind,
      verdict?.category,
      verdict?.retryable,
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

  /**
   * Category and retryable verdict of a denial's codes through the decision table, once per
   * distinct set of codes (a file repeats a handful of them thousands of times).
   */
  private classify(carcs: readonly string[], rarcs: readonly string[]) {
    const key = `${carcs.join(',')}|${rarcs.join(',')}`;
    let verdict = this.verdicts.get(key);
    if (!verdict) {
      verdict = retryableColumn(classifyDenialCodes(carcs, rarcs));
      this.verdicts.set(key, verdict);
    }
    return verdict;
  }

  private readonly verdicts = new Map<string, ReturnType<typeof retryableColumn>>();

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
    this.writeTransaction();
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
      this.txnSeq,
      c.payerResponsibility,
      pgArray(c.otherPayers.map((p) => p.id).filter((id): id is string => id !== undefined)),
      JSON.stringify(contextSnapshot(c)),
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
        l.teeth && l.teeth.length > 0 ? JSON.stringify(l.teeth) : undefined,
        pgArray(l.oralCavityAreas ?? []),
      ]);
    });
  }

  /** One 837 transaction: when and by whom it was sent, for the submissions of its claims. */
  private claimTransaction(t: ClaimTransaction): void {
    const seq = ++this.txnSeq;
    // The claims of a transaction arrive after its header, so the row is written at the first one.
    this.pendingTxn = { seq, t };
  }

  private pendingTxn: { seq: number; t: ClaimTransaction } | undefined;

  private writeTransaction(): void {
    const pending = this.pendingTxn;
    if (!pending) return;
    this.pendingTxn = undefined;
    const t = pending.t;
    const date = t.createdDate ?? t.groupDate;
    const time = t.createdDate ? t.createdTime : t.groupTime;
    this.tables.claimTxn.add([
      pending.seq,
      t.position,
      t.controlNumber,
      t.interchangeControlNumber,
      date === undefined ? undefined : `${date} ${time ?? '00:00:00'}+00`,
      t.submitterId,
      t.receiverId,
      t.receiverName,
    ]);
  }

  private warning(w: X12Warning): void {
    this.counts.warnings++;
    this.tables.issue.add([w.segment, w.code, w.message]);
  }
}

interface Mark {
  readonly claimSeq: number;
  readonly remitSeq: number;
  readonly txnSeq: number;
  readonly counts: StagedCounts;
}

/** Every id the payer of a remittance goes by: TRN03 (and without its leading '1'), N1*PR N104, REF*2U. */
function payerIds(h: RemittanceHeader): string[] {
  const ids = new Set<string>();
  const trn = h.payerIdentifier;
  if (trn) {
    ids.add(trn);
    if (trn.length === 10 && trn.startsWith('1')) ids.add(trn.slice(1));
  }
  if (h.payer?.id) ids.add(h.payer.id);
  for (const r of h.references) if (r.qualifier === '2U' && r.value) ids.add(r.value);
  return [...ids];
}

function numeric(text: string | undefined): string | undefined {
  return text !== undefined && NUMERIC.test(text) ? text : undefined;
}
