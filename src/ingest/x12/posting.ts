import type { Tx } from '../../db/db.js';
import { copyValue } from '../../db/copy-text.js';
import type { ClaimTransaction, ReadClaim } from '../../x12/claims/model.js';
import type { RemitClaim, RemittanceHeader, RemittanceTrailer } from '../../x12/era/model.js';
import { payerKey } from '../../x12/era/model.js';
import { detached } from '../../x12/values.js';
import type { EnvelopeLevel, X12Rejection, X12Sink } from '../../x12/sink.js';
import type { X12Warning } from '../../x12/warning.js';
import { retryableColumn, type DenialClassificationCounts } from '../../classify/classify-denials.js';
import { classifyDenialCodes } from '../../codes/classify-codes.js';
import { contextSnapshotJson } from './claim-context.js';
import { matchClaim, type PaymentToMatch } from './claim-match.js';
import { CopyRows } from './copy-rows.js';
import { findDenial } from './denial-rule.js';
import { pgArray } from './pg-array.js';
import {
  copyPostedRows,
  existingClaimsOf,
  existingRemitClaimKeys,
  existingRemittances,
  insertResentSubmissions,
  redateRemittanceDenials,
  keepStatistics,
  updateRemittanceHeader,
  type ExistingClaim,
  type IdBases,
  type RemittanceOnFile,
  type ResentSubmission,
} from './posting.repository.js';

/** What a file held, counted while reading (kept envelopes only; warnings of every envelope). */
export interface ReadCounts {
  remittances: number;
  remitClaims: number;
  remitLines: number;
  adjustments: number;
  remarks: number;
  providerAdjustments: number;
  claims: number;
  claimLines: number;
  warnings: number;
}

/** What posting added: new rows only (what was already on file is the read count minus these). */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface PostedCounts {
  remittances: number;
  remitClaims: number;
  remitLines: number;
  adjustments: number;
  remarks: number;
  providerAdjustments: number;
  denials: number;
  claims: number;
  claimLines: number;
  submissions: number;
  classified: Mutable<DenialClassificationCounts>;
}

/** What the file's accounts are, for the linking statements that run after the rows are written. */
export interface PostedAccounts {
  /** CLP01 of claim payments read but already on file (their new rows are found by file id). */
  readonly resentRemitAccounts: readonly string[];
  /** CLM01 of claims read but already on file. */
  readonly resentClaimAccounts: readonly string[];
  /** Whether the file wrote claim payments with CLP02 = 22 (reversals to link). */
  readonly reversals: boolean;
}

type Cell = string | number | boolean | null | undefined;

/** Numbers the X12 allows in quantity fields; anything else is stored as missing. */
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/**
 * Rows read since the last batch was sent: a batch goes to the database once it holds this many
 * claims, claim payments, lines and adjustments together (about 250 KB of X12), while the next one is
 * read. Two batches at most are in memory, whatever the file's size.
 */
const BATCH_ROWS = 4_096;

type Event =
  | { kind: 'envelope'; level: EnvelopeLevel; position: number }
  | { kind: 'remittance'; header: RemittanceHeader }
  | { kind: 'remitClaim'; claim: RemitClaim; occurrence: number }
  | { kind: 'remittanceEnd'; trailer: RemittanceTrailer }
  | { kind: 'transaction'; transaction: ClaimTransaction }
  | { kind: 'claim'; claim: ReadClaim }
  | { kind: 'warning'; warning: X12Warning }
  | { kind: 'rejected'; rejection: X12Rejection };

/** The remittance whose claim payments are being posted. */
interface CurrentRemittance {
  readonly id: number;
  /** Created by this file at this transaction: its PLBs are written with it. */
  readonly fresh: boolean;
  /** The row as written (by this file or before it): payer key and dates for its denials. */
  readonly row: readonly Cell[];
  /** Keys of its claim payments already on file, when it was on file before (else undefined). */
  readonly known: Set<string> | undefined;
  /**
   * Its payer as claims are matched against it (`payer_ids`, payer name), when this file wrote it;
   * a remittance on file before leaves its payments' links to `linkPayments`.
   */
  readonly payer: RemittancePayer | undefined;
}

type RemittancePayer = Pick<PaymentToMatch, 'payerIds' | 'payerName'>;

/** What the posting of one file needs to know before it starts. */
export interface PosterSetup {
  readonly tenantId: string;
  readonly fileId: number;
  /** First ids this file may use; everything below was on file before it. */
  readonly bases: IdBases;
  /** Whether the tenant had any claim / remittance before this file (else nothing to look up). */
  readonly hadClaims: boolean;
  readonly hadRemittances: boolean;
  /**
   * Envelopes a first reading found rejected (`level@position`): their rows are never written
   * (see `X12Poster.needsSecondPass`). Empty on a first reading.
   */
  readonly rejected?: ReadonlySet<string>;
  /** Rows per batch (tests use small ones to cross batch boundaries often). */
  readonly batchRows?: number;
  /** Hold each batch's rows until it is sent, even when nothing has to be looked up. */
  readonly deferred?: boolean;
}

/**
 * Writes what the X12 readers deliver straight into the final tables with text COPY, batch by
 * batch while the file is read (one batch loading while the next is read). Ids of new claims,
 * claim payments, lines and remittances are assigned here from the bases reserved for the file
 * (the caller holds the tables' insert lock, so nobody else draws from those sequences meanwhile),
 * so children reference their parents without a round trip. Decisions that depend on what is
 * already on file (a remittance or claim payment posted before, a claim sent before, the account's
 * versions) are looked up once per batch, and only when the tenant had such rows before the file.
 *
 * Rejected envelopes: a first reading that meets one stops writing and says so
 * (`needsSecondPass`); the caller rolls back and reads the file again with the rejected
 * envelopes named, so that nothing of theirs is ever written or counted.
 */
export class X12Poster {
  readonly counts: ReadCounts = {
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
  readonly posted: PostedCounts = {
    remittances: 0,
    remitClaims: 0,
    remitLines: 0,
    adjustments: 0,
    remarks: 0,
    providerAdjustments: 0,
    denials: 0,
    claims: 0,
    claimLines: 0,
    submissions: 0,
    classified: { classified: 0, retryable: 0, nonRetryable: 0, manual: 0 },
  };
  /** Envelopes rejected while reading, in file order. */
  readonly rejections: X12Rejection[] = [];
  /** Claims (837) and claim payments (835) inside rejected envelopes. */
  rejectedClaims = 0;
  /**
   * Roll back and read again, with `rejectedEnvelopes` and `deferred`: a first reading met a
   * rejected envelope, or a remittance twice while it wrote rows as it read them.
   */
  needsSecondPass = false;
  /** Whether a second reading must hold its rows per batch (see `eager`). */
  needsDeferred = false;
  /** `level@position` of every envelope rejected (for the second reading). */
  readonly rejectedEnvelopes = new Set<string>();

  private readonly tables = {
    remittance: new CopyRows('billing.remittance', [
      'remittance_id',
      'tenant_id',
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
      'source_file_id',
      'source_position',
      'payer_ids',
    ]),
    remitClaim: new CopyRows('billing.remit_claim', [
      'remit_claim_id',
      'tenant_id',
      'remittance_id',
      'patient_control_number',
      'status_code',
      'charge_cents',
      'paid_cents',
      'patient_responsibility_cents',
      'claim_filing_indicator',
      'payer_claim_control_number',
      'facility_code',
      'frequency_code',
      'service_date_from',
      'service_date_to',
      'received_date',
      'source_position',
      'occurrence',
      'source_file_id',
      'claim_id',
    ]),
    remitLine: new CopyRows('billing.remit_line', [
      'remit_line_id',
      'tenant_id',
      'remit_claim_id',
      'line_number',
      'procedure_qualifier',
      'procedure_code',
      'modifiers',
      'charge_cents',
      'paid_cents',
      'revenue_code',
      'units_paid',
      'service_date',
      'line_control_number',
    ]),
    adjustment: new CopyRows('billing.remittance_adjustment', [
      'tenant_id',
      'remit_claim_id',
      'remit_line_id',
      'group_code',
      'carc',
      'amount_cents',
      'quantity',
    ]),
    remark: new CopyRows('billing.remittance_remark', [
      'tenant_id',
      'remit_claim_id',
      'remit_line_id',
      'source',
      'code',
    ]),
    denial: new CopyRows('billing.denial', [
      'tenant_id',
      'remit_claim_id',
      'patient_control_number',
      'payer_claim_control_number',
      'payer_key',
      'carc_codes',
      'rarc_codes',
      'denied_amount_cents',
      'denied_on',
      'kind',
      'category',
      'retryable',
      'claim_id',
    ]),
    plb: new CopyRows('billing.provider_adjustment', [
      'tenant_id',
      'remittance_id',
      'provider_id',
      'fiscal_period',
      'reason_code',
      'reference_id',
      'amount_cents',
    ]),
    claim: new CopyRows('billing.claim', [
      'claim_id',
      'tenant_id',
      'patient_control_number',
      'version',
      'replaces_claim_id',
      'claim_type',
      'frequency_code',
      'facility_code',
      'total_charge_cents',
      'payer_id',
      'payer_name',
      'payer_claim_control_number',
      'prior_authorization',
      'billing_npi',
      'rendering_npi',
      'subscriber_id',
      'patient_last_name',
      'patient_first_name',
      'patient_birth_date',
      'diagnosis_codes',
      'service_date_from',
      'service_date_to',
      'source_file_id',
      'source_position',
      'payer_responsibility',
      'other_payer_ids',
      'resolved_context_snapshot',
    ]),
    claimLine: new CopyRows('billing.claim_line', [
      'claim_id',
      'line_number',
      'procedure_qualifier',
      'procedure_code',
      'modifiers',
      'revenue_code',
      'charge_cents',
      'units',
      'unit_basis',
      'place_of_service',
      'diagnosis_pointers',
      'service_date',
      'teeth',
      'oral_cavity_areas',
    ]),
    submissionSource: new CopyRows('billing.claim_submission_source', [
      'tenant_id',
      'claim_id',
      'submitted_at',
      'reference',
      'transaction_control_number',
      'source_file_id',
      'source_position',
      'submitter_id',
      'receiver_id',
      'receiver_name',
    ]),
    submission: new CopyRows('billing.claim_submission', [
      'tenant_id',
      'claim_id',
      'submitted_at',
      'channel',
      'reference',
    ]),
    status: new CopyRows('billing.claim_status_history', [
      'tenant_id',
      'claim_id',
      'status',
      'status_at',
      'source',
    ]),
    issue: new CopyRows('ingest.data_quality_issue', ['tenant_id', 'file_id', 'position', 'field', 'issue']),
  };

  private readonly tenantId: string;
  private readonly fileId: number;
  private readonly hadClaims: boolean;
  private readonly hadRemittances: boolean;
  private readonly rejected: ReadonlySet<string>;
  private readonly batchRows: number;
  /**
   * Rows are encoded as they are read when nothing needs looking up (the tenant had neither claims
   * nor remittances before): the reader's objects then die young, and memory holds encoded rows
   * only. Otherwise each batch's objects wait for its lookups.
   */
  private readonly eager: boolean;
  /** First ids of this file; rows below them were on file before it. */
  private readonly bases: IdBases;
  /** Next id to use per table. */
  readonly next: { remittance: number; remitClaim: number; remitLine: number; claim: number };

  // Reading state (what the sink sees).
  private events: Event[] = [];
  private batchSize = 0;
  /** Occurrences of each (CLP01, CLP07, CLP02) within the current 835 transaction. */
  private occurrences = new Map<string, number>();
  /** The rejected envelope being skipped on a second reading (`level@position`). */
  private skipping: string | undefined;

  // Posting state (what has been decided, in file order).
  private remittance: CurrentRemittance | undefined;
  /** Remittances of this file by (payer key, TRN02): id and row as written. */
  private readonly remittancesOfFile = new Map<
    string,
    { id: number; row: readonly Cell[]; payer: RemittancePayer }
  >();
  /**
   * Claims of this file by identity (CLM01, payer, frequency, charge, REF*F8). Keys kept for the
   * rest of the file are `detached`: a template string is a tree of its parts, and a cut of the
   * file's text a view into its 64 KB chunk, either of which a map would keep whole.
   */
  private readonly claimsOfFile = new Map<string, number>();
  /** Claims of this file per account, for the versions of the next ones. */
  private readonly versionsOfFile = new Map<string, number>();
  /**
   * Submissions already written by this file: per claim, the transactions (`CurrentTransaction.key`)
   * it was submitted in; one string shared by the claims of a transaction, an array past one.
   */
  private readonly submissionsOfFile = new Map<number, string | string[]>();
  /** Submissions of claims that were on file before: written at the end, where one may exist. */
  private readonly resent: ResentSubmission[] = [];
  private readonly resentRemitAccounts = new Set<string>();
  private readonly resentClaimAccounts = new Set<string>();
  private reversals = false;
  private transaction: CurrentTransaction | undefined;
  /** Remittances whose header changed after their row was written: rewritten at the end. */
  private readonly changedRemittances: { id: number; row: readonly Cell[] }[] = [];
  private readonly verdicts = new Map<string, ReturnType<typeof retryableColumn>>();

  private inflight: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(setup: PosterSetup) {
    this.tenantId = setup.tenantId;
    this.fileId = setup.fileId;
    this.hadClaims = setup.hadClaims;
    this.hadRemittances = setup.hadRemittances;
    this.rejected = setup.rejected ?? new Set();
    this.batchRows = setup.batchRows ?? BATCH_ROWS;
    this.eager = !setup.deferred && !setup.hadClaims && !setup.hadRemittances;
    this.bases = setup.bases;
    this.next = { ...setup.bases };
  }

  readonly sink: X12Sink = {
    envelopeStart: (level, position) => {
      const key = `${level}@${position}`;
      if (this.skipping === undefined && this.rejected.has(key)) this.skipping = key;
      if (this.skipping === undefined) this.push({ kind: 'envelope', level, position });
    },
    remittance: (header) => {
      this.occurrences = new Map();
      if (this.skipping === undefined) this.push({ kind: 'remittance', header });
    },
    remitClaim: (claim) => {
      const key = `${claim.patientControlNumber}\u0000${claim.payerClaimControlNumber}\u0000${claim.statusCode}`;
      const occurrence = (this.occurrences.get(key) ?? 0) + 1;
      this.occurrences.set(key, occurrence);
      if (this.skipping !== undefined) this.rejectedClaims++;
      else
        this.push(
          { kind: 'remitClaim', claim, occurrence },
          1 + claim.lines.length + claim.adjustments.length,
        );
    },
    remittanceEnd: (trailer) => {
      if (this.skipping === undefined) this.push({ kind: 'remittanceEnd', trailer });
    },
    claimTransaction: (transaction) => {
      if (this.skipping === undefined) this.push({ kind: 'transaction', transaction });
    },
    claim: (claim) => {
      if (this.skipping !== undefined) this.rejectedClaims++;
      else this.push({ kind: 'claim', claim }, 1 + claim.lines.length);
    },
    warning: (warning) => this.push({ kind: 'warning', warning }),
    rejected: (rejection) => {
      this.rejections.push(rejection);
      this.push({ kind: 'rejected', rejection });
      if (rejection.level === 'claim') {
        this.rejectedClaims++;
        return;
      }
      const key = `${rejection.level}@${rejection.position}`;
      this.rejectedEnvelopes.add(key);
      if (this.skipping === key) this.skipping = undefined;
      else if (!this.rejected.has(key)) this.needsSecondPass = true;
    },
  };

  private push(event: Event, rows = 0): void {
    // A first reading that met a rejected envelope only gathers the rejections from then on.
    if (this.needsSecondPass) return;
    this.batchSize += rows;
    if (!this.eager) {
      this.events.push(event);
      return;
    }
    if (event.kind === 'remittance' && this.remittancesOfFile.has(remittanceKey(event.header)[2])) {
      // The same remittance twice in one file: its claim payments are checked against the
      // database, which this reading cannot wait for. Read again, holding rows per batch.
      this.needsSecondPass = true;
      this.needsDeferred = true;
      return;
    }
    this.apply(event, NO_CLAIMS);
  }

  /** Whether enough is read to send a batch. */
  get full(): boolean {
    return this.batchSize >= this.batchRows;
  }

  /**
   * Sends what was read since the last batch: waits for the batch in flight, then posts this one
   * without waiting for it, so reading goes on while the database loads.
   */
  async flush(tx: Tx): Promise<void> {
    await this.settled();
    if (this.needsSecondPass) return;
    this.batchSize = 0;
    if (this.eager) {
      this.inflight = this.send(tx).catch((error: unknown) => {
        this.failure ??= error;
      });
      return;
    }
    if (this.events.length === 0) return;
    const events = this.events;
    this.events = [];
    this.inflight = this.post(tx, events).catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  /** Waits for the batch in flight; a batch that failed fails here. */
  async settled(): Promise<void> {
    await this.inflight;
    if (this.failure !== undefined) throw this.failure;
  }

  /** After the last flush: what the linking statements need, and the rows written at the end. */
  async finish(tx: Tx): Promise<PostedAccounts> {
    await this.flush(tx);
    await this.settled();
    for (const r of this.changedRemittances) {
      // payer_key … production_date, source_position and payer_ids, as `remittanceRow` lays them out.
      await updateRemittanceHeader(tx, r.id, [...r.row.slice(2, 12), r.row[13], r.row[14]]);
      // Its denials were dated from the header as it was at the first claim payment.
      await redateRemittanceDenials(tx, r.id, this.fileId);
    }
    this.posted.submissions += await insertResentSubmissions(tx, this.tenantId, this.fileId, this.resent);
    await keepStatistics(tx, {
      remittances: this.posted.remitClaims > 0,
      claims: this.posted.remitClaims > 0 || (this.posted.claims > 0 && this.hadRemittances),
    });
    return {
      resentRemitAccounts: [...this.resentRemitAccounts],
      resentClaimAccounts: [...this.resentClaimAccounts],
      reversals: this.reversals,
    };
  }

  /** Posts one batch: looks up what it needs from the database, encodes, then one COPY per table. */
  private async post(tx: Tx, events: readonly Event[]): Promise<void> {
    const remittances = this.hadRemittances ? await this.lookUpRemittances(tx, events) : new Map();
    const claims = this.hadClaims ? await this.lookUpClaims(tx, events) : NO_CLAIMS;
    for (const event of events) {
      if (event.kind === 'remittance') await this.startRemittance(tx, event.header, remittances);
      else this.apply(event, claims);
    }
    await this.send(tx);
  }

  /** Encodes one event's rows (a remittance start only when it is new to the file and to the tenant). */
  private apply(event: Event, claims: ReadonlyMap<string, readonly ExistingClaim[]>): void {
    switch (event.kind) {
      case 'envelope':
        break;
      case 'remittance':
        this.newRemittance(event.header);
        break;
      case 'remitClaim':
        this.remitClaim(event.claim, event.occurrence, claims.get(event.claim.patientControlNumber));
        break;
      case 'remittanceEnd':
        this.endRemittance(event.trailer);
        break;
      case 'transaction':
        this.startTransaction(event.transaction);
        break;
      case 'claim':
        this.claim(event.claim, claims.get(event.claim.patientControlNumber) ?? []);
        break;
      case 'warning':
        this.counts.warnings++;
        this.tables.issue.add([
          this.tenantId,
          this.fileId,
          event.warning.segment,
          event.warning.code,
          event.warning.message,
        ]);
        break;
      case 'rejected':
        this.tables.issue.add([
          this.tenantId,
          this.fileId,
          event.rejection.segment,
          'ENVELOPE_REJECTED',
          event.rejection.message,
        ]);
        break;
    }
  }

  /**
   * One COPY per table that has rows, parents before children, all handed to the database at once
   * (`copyInMany`: a database thread starts each as soon as the one before is done). Everything
   * encoded so far is taken at once (rows encoded meanwhile wait for the next batch), as UTF-8
   * bytes.
   */
  private async send(tx: Tx): Promise<void> {
    const batch: [CopyRows, Buffer][] = [];
    for (const table of Object.values(this.tables)) if (!table.empty) batch.push([table, table.take()]);
    await copyPostedRows(tx, batch);
  }

  private async lookUpRemittances(tx: Tx, events: readonly Event[]): Promise<Map<string, RemittanceOnFile>> {
    const keys = new Map<string, [string, string]>();
    for (const e of events) {
      if (e.kind !== 'remittance') continue;
      const key = remittanceKey(e.header);
      if (!this.remittancesOfFile.has(key[2])) keys.set(key[2], [key[0], key[1]]);
    }
    if (keys.size === 0) return new Map();
    return existingRemittances(tx, this.tenantId, [...keys.values()], this.bases.remittance);
  }

  /**
   * The claims on file with the accounts of the batch's claims (a claim sent again, the account's
   * versions) and claim payments (the claim each answers), in one lookup.
   */
  private async lookUpClaims(
    tx: Tx,
    events: readonly Event[],
  ): Promise<ReadonlyMap<string, readonly ExistingClaim[]>> {
    const accounts = new Set<string>();
    for (const e of events)
      if (e.kind === 'claim' || e.kind === 'remitClaim') accounts.add(e.claim.patientControlNumber);
    if (accounts.size === 0) return NO_CLAIMS;
    return existingClaimsOf(tx, this.tenantId, [...accounts], this.bases.claim);
  }

  private async startRemittance(
    tx: Tx,
    header: RemittanceHeader,
    onFile: ReadonlyMap<string, RemittanceOnFile>,
  ): Promise<void> {
    const key = remittanceKey(header)[2];
    const ofFile = this.remittancesOfFile.get(key);
    const before = onFile.get(key);
    if (ofFile === undefined && before === undefined) return this.newRemittance(header);
    // The same remittance again (in another file, or twice in this one): its claim payments
    // already on file are skipped. What this batch encoded so far is sent first, so that the
    // database has all of them.
    await this.send(tx);
    if (ofFile) {
      this.remittance = {
        id: ofFile.id,
        fresh: false,
        row: ofFile.row,
        known: await existingRemitClaimKeys(tx, ofFile.id),
        payer: ofFile.payer,
      };
      return;
    }
    const b = before!;
    const row: Cell[] = [];
    row[2] = b.payer_key;
    row[10] = b.payment_date;
    row[11] = b.production_date;
    this.remittance = {
      id: b.remittance_id,
      fresh: false,
      row,
      known: await existingRemitClaimKeys(tx, b.remittance_id),
      payer: undefined,
    };
  }

  /** A remittance neither on file nor earlier in this file: its row is written now. */
  private newRemittance(header: RemittanceHeader): void {
    const id = this.next.remittance++;
    const row = this.remittanceRow(id, header);
    const payer = { payerIds: payerIds(header), payerName: header.payer?.name };
    this.remittancesOfFile.set(remittanceKey(header)[2], { id, row, payer });
    this.tables.remittance.add(row);
    this.posted.remittances++;
    this.remittance = { id, fresh: true, row, known: undefined, payer };
  }

  private endRemittance(trailer: RemittanceTrailer): void {
    const current = this.remittance;
    this.counts.remittances++;
    this.counts.providerAdjustments += trailer.providerAdjustments.length;
    if (!current) return;
    this.remittance = undefined;
    if (!current.fresh) return;
    const row = this.remittanceRow(current.id, trailer.header);
    if (row.some((cell, i) => cell !== current.row[i])) this.changedRemittances.push({ id: current.id, row });
    for (const p of trailer.providerAdjustments) {
      this.posted.providerAdjustments++;
      this.tables.plb.add([
        this.tenantId,
        current.id,
        p.providerId,
        p.fiscalPeriodDate,
        p.reason,
        p.reference,
        p.amountCents,
      ]);
    }
  }

  private remittanceRow(id: number, h: RemittanceHeader): Cell[] {
    return [
      id,
      this.tenantId,
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
      this.fileId,
      h.position,
      pgArray(payerIds(h)),
    ];
  }

  /** `candidates`: the claims on file with its account, when the tenant had claims before the file. */
  private remitClaim(
    c: RemitClaim,
    occurrence: number,
    candidates: readonly ExistingClaim[] | undefined,
  ): void {
    const lineCount = c.lines.length;
    this.counts.remitClaims++;
    this.counts.remitLines += lineCount;
    let adjustments = c.adjustments.length;
    let remarks = c.remarks.length;
    for (const line of c.lines) {
      adjustments += line.adjustments.length;
      remarks += line.remarks.length;
    }
    this.counts.adjustments += adjustments;
    this.counts.remarks += remarks;
    const remittance = this.remittance;
    if (!remittance) return;
    if (remittance.known) {
      const key = `${c.patientControlNumber}\u0000${c.payerClaimControlNumber}\u0000${c.statusCode}\u0000${occurrence}`;
      if (remittance.known.has(key)) {
        this.resentRemitAccounts.add(c.patientControlNumber);
        return;
      }
      remittance.known.add(key);
    }
    const id = this.next.remitClaim++;
    this.posted.remitClaims++;
    this.posted.remitLines += lineCount;
    this.posted.adjustments += adjustments;
    this.posted.remarks += remarks;
    if (c.statusCode === '22') this.reversals = true;
    const claimId =
      candidates && remittance.payer ? this.claimAnswered(c, remittance.payer, candidates) : null;
    this.tables.remitClaim.add([
      id,
      this.tenantId,
      remittance.id,
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
      c.position,
      occurrence,
      this.fileId,
      claimId,
    ]);
    // Adjustments and remarks in file order: the claim's, then each line's after it.
    for (const a of c.adjustments) this.adjustment(id, null, a.group, a.reason, a.amountCents, a.quantity);
    for (const r of c.remarks) this.tables.remark.add([this.tenantId, id, null, r.source, r.code]);
    c.lines.forEach((line, i) => {
      const lineId = this.next.remitLine++;
      const p = line.procedure;
      this.tables.remitLine.add([
        lineId,
        this.tenantId,
        id,
        i + 1,
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
      for (const a of line.adjustments)
        this.adjustment(id, lineId, a.group, a.reason, a.amountCents, a.quantity);
      for (const r of line.remarks) this.tables.remark.add([this.tenantId, id, lineId, r.source, r.code]);
    });
    const denial = findDenial(c);
    if (!denial) return;
    const verdict = this.classify(denial.carcCodes, denial.rarcCodes);
    const header = remittance.row;
    this.posted.denials++;
    const counts = this.posted.classified;
    counts.classified++;
    if (verdict.retryable === true) counts.retryable++;
    else if (verdict.retryable === false) counts.nonRetryable++;
    else counts.manual++;
    this.tables.denial.add([
      this.tenantId,
      id,
      c.patientControlNumber,
      c.payerClaimControlNumber,
      header[2],
      pgArray(denial.carcCodes),
      pgArray(denial.rarcCodes),
      denial.deniedAmountCents,
      header[10] ?? header[11],
      denial.kind,
      verdict.category,
      verdict.retryable,
      claimId,
    ]);
  }

  /** The claim on file a new claim payment answers (`matchClaim`), or null. */
  private claimAnswered(
    c: RemitClaim,
    payer: RemittancePayer,
    candidates: readonly ExistingClaim[],
  ): number | null {
    return matchClaim(
      { statusCode: c.statusCode, frequencyCode: c.frequencyCode, chargeCents: c.chargeCents, ...payer },
      candidates,
    );
  }

  private adjustment(
    claimId: number,
    lineId: number | null,
    group: string,
    carc: string,
    cents: number,
    qty: string | undefined,
  ): void {
    this.tables.adjustment.add([this.tenantId, claimId, lineId, group, carc, cents, numeric(qty)]);
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

  /**
   * One 837 transaction: when and by whom it was sent, for the submissions of its claims. The
   * reader fills it in after announcing it, so it is read at its first claim.
   */
  private startTransaction(t: ClaimTransaction): void {
    this.transaction = { t, submittedAt: undefined, read: false, key: '', rows: undefined };
  }

  private submittedAt(): string | undefined {
    const current = this.transaction;
    if (!current) return undefined;
    if (!current.read) {
      const t = current.t;
      const date = t.createdDate ?? t.groupDate;
      const time = t.createdDate ? t.createdTime : t.groupTime;
      const at = date === undefined ? undefined : `${date} ${time ?? '00:00:00'}+00`;
      current.submittedAt = at;
      current.read = true;
      if (at !== undefined) {
        const reference = t.interchangeControlNumber ?? '';
        current.key = detached(`${at}\u0000${reference}\u0000${t.controlNumber}`);
        // What the three rows of each submission say after the claim id, encoded once.
        const cells = (values: Cell[]) => values.map(copyValue).join('\t');
        current.rows = {
          tenant: copyValue(this.tenantId),
          source: cells([
            at,
            reference,
            t.controlNumber,
            this.fileId,
            t.position,
            t.submitterId,
            t.receiverId,
            t.receiverName,
          ]),
          submission: cells([at, 'edi', reference || null]),
          status: cells(['SUBMITTED', at, 'x12-837']),
        };
      }
    }
    return current.submittedAt;
  }

  /**
   * One 837 claim. Its identity is (CLM01, payer, frequency, charge, REF*F8): the first claim of
   * an identity not on file is new, numbered as its account's next version; a replacement or void
   * (frequency 7 or 8) points at the latest version on file before this file sent to the same
   * payer. Every claim, new or sent again, gets a submission per transaction.
   */
  private claim(c: ReadClaim, onFile: readonly ExistingClaim[]): void {
    this.counts.claims++;
    this.counts.claimLines += c.lines.length;
    const payer = c.payer.id ?? '';
    const pccn = c.payerClaimControlNumber ?? '';
    const identity = `${c.patientControlNumber}\u0000${payer}\u0000${c.frequencyCode}\u0000${c.chargeCents}\u0000${pccn}`;
    let claimId = this.claimsOfFile.get(identity);
    let before = false;
    if (claimId === undefined) {
      // The earliest version on file with the same identity is the claim sent again.
      let same: ExistingClaim | undefined;
      for (const e of onFile) {
        if (
          (e.payer_id ?? '') === payer &&
          e.frequency_code === c.frequencyCode &&
          e.total_charge_cents === c.chargeCents &&
          (e.payer_claim_control_number ?? '') === pccn &&
          (!same || e.version < same.version)
        )
          same = e;
      }
      if (same) {
        claimId = same.claim_id;
        before = true;
      }
    }
    if (claimId === undefined) claimId = this.newClaim(c, identity, payer, onFile);
    else this.resentClaimAccounts.add(c.patientControlNumber);
    this.submission(claimId, before);
  }

  private newClaim(c: ReadClaim, identity: string, payer: string, onFile: readonly ExistingClaim[]): number {
    const id = this.next.claim++;
    this.claimsOfFile.set(detached(identity), id);
    let latest = 0;
    let replaced: ExistingClaim | undefined;
    for (const e of onFile) {
      if (e.version > latest) latest = e.version;
      if ((e.payer_id ?? '') === payer && (!replaced || e.version > replaced.version)) replaced = e;
    }
    const ofFile = (this.versionsOfFile.get(c.patientControlNumber) ?? 0) + 1;
    this.versionsOfFile.set(c.patientControlNumber, ofFile);
    this.posted.claims++;
    this.posted.claimLines += c.lines.length;
    const person = c.patient ?? c.subscriber;
    this.tables.claim.add([
      id,
      this.tenantId,
      c.patientControlNumber,
      latest + ofFile,
      c.frequencyCode === '7' || c.frequencyCode === '8' ? replaced?.claim_id : undefined,
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
      this.fileId,
      c.position,
      c.payerResponsibility,
      pgArray(c.otherPayers.map((p) => p.id).filter((v): v is string => v !== undefined)),
      contextSnapshotJson(c),
    ]);
    // Lines are numbered by order: a resent LX number must not collide with the key (claim, line).
    c.lines.forEach((l, i) => {
      this.tables.claimLine.add([
        id,
        i + 1,
        l.procedureQualifier || 'HC',
        l.procedureCode ?? '',
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
    return id;
  }

  /** A submission of `claimId` in the current transaction, once per (claim, time, ISA13, ST02). */
  private submission(claimId: number, claimWasOnFile: boolean): void {
    const submittedAt = this.submittedAt();
    const current = this.transaction;
    if (!current || !submittedAt) return;
    const t = current.t;
    const reference = t.interchangeControlNumber ?? '';
    const key = current.key;
    const seen = this.submissionsOfFile.get(claimId);
    if (seen === key || (Array.isArray(seen) && seen.includes(key))) return;
    this.submissionsOfFile.set(
      claimId,
      seen === undefined ? key : Array.isArray(seen) ? [...seen, key] : [seen, key],
    );
    if (claimWasOnFile) {
      // It may have been recorded by an earlier file: decided by the database at the end.
      this.resent.push({
        claimId,
        submittedAt: submittedAt,
        reference,
        controlNumber: t.controlNumber,
        position: t.position,
        submitterId: t.submitterId,
        receiverId: t.receiverId,
        receiverName: t.receiverName,
      });
      return;
    }
    this.posted.submissions++;
    // The rows of `submissionSource`, `submission` and `status` in their columns' order.
    const rows = current.rows!;
    const head = `${rows.tenant}\t${claimId}\t`;
    this.tables.submissionSource.addEncoded(head + rows.source);
    this.tables.submission.addEncoded(head + rows.submission);
    this.tables.status.addEncoded(head + rows.status);
  }
}

const NO_CLAIMS: ReadonlyMap<string, readonly ExistingClaim[]> = new Map();

/** The 837 transaction whose claims are being posted (see `X12Poster.submittedAt`). */
interface CurrentTransaction {
  readonly t: ClaimTransaction;
  submittedAt: string | undefined;
  read: boolean;
  /** Submission time, ISA13 and ST02: what a submission of a claim is recorded once per. */
  key: string;
  /** The tenant, and each submission row's cells after the claim id, as COPY text. */
  rows: { tenant: string; source: string; submission: string; status: string } | undefined;
}

/** (payer key, TRN02, both as one map key). */
function remittanceKey(h: RemittanceHeader): [string, string, string] {
  const payer = payerKey(h);
  const trace = h.traceNumber ?? '';
  return [payer, trace, `${payer}\u0000${trace}`];
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
