import type { ReadClaim } from './claims/model.js';
import type { ProviderAdjustment, RemitClaim, RemittanceHeader, ServiceLine } from './era/model.js';
import type { TransactionInfo, X12Sink } from './sink.js';
import type { X12Warning } from './warning.js';

/** An 835 claim as `reclaim x12 parse --json` prints it; remarks are plain RARC codes. */
export function remitClaimJson(claim: RemitClaim): Record<string, unknown> {
  return {
    position: claim.position,
    patientControlNumber: claim.patientControlNumber,
    statusCode: claim.statusCode,
    chargeCents: claim.chargeCents,
    paidCents: claim.paidCents,
    patientResponsibilityCents: claim.patientResponsibilityCents,
    payerClaimControlNumber: claim.payerClaimControlNumber,
    filingIndicator: claim.filingIndicator,
    facilityCode: claim.facilityCode,
    frequencyCode: claim.frequencyCode,
    reversal: claim.reversal,
    patient: claim.patient,
    insured: claim.insured,
    correctedPatient: claim.correctedPatient,
    renderingProvider: claim.renderingProvider,
    serviceDateFrom: claim.serviceDateFrom,
    serviceDateTo: claim.serviceDateTo,
    receivedDate: claim.receivedDate,
    adjustments: claim.adjustments,
    remarks: claim.remarks.map((r) => r.code),
    remarkSources: claim.remarks,
    references: claim.references,
    amounts: claim.amounts,
    lines: claim.lines.map(lineJson),
  };
}

function lineJson(line: ServiceLine): Record<string, unknown> {
  return {
    position: line.position,
    procedure: line.procedure,
    chargeCents: line.chargeCents,
    paidCents: line.paidCents,
    revenueCode: line.revenueCode,
    unitsPaid: line.unitsPaid,
    submittedProcedure: line.submittedProcedure,
    unitsSubmitted: line.unitsSubmitted,
    serviceDate: line.serviceDate,
    serviceDateTo: line.serviceDateTo,
    lineControlNumber: line.lineControlNumber,
    adjustments: line.adjustments,
    remarks: line.remarks.map((r) => r.code),
    references: line.references,
    amounts: line.amounts,
  };
}

function headerJson(header: RemittanceHeader): Record<string, unknown> {
  return {
    setId: '835',
    position: header.position,
    controlNumber: header.controlNumber,
    version: header.version,
    payment: {
      handlingCode: header.handlingCode,
      amountCents: header.paymentCents,
      creditDebit: header.creditDebit,
      method: header.paymentMethod,
      date: header.paymentDate,
      traceNumber: header.traceNumber,
      payerIdentifier: header.payerIdentifier,
    },
    productionDate: header.productionDate,
    payer: header.payer,
    payee: header.payee,
    references: header.references,
  };
}

/** What the streaming writer counts as it goes, for the summary. */
export interface ParseTotals {
  transactions: number;
  remitClaims: number;
  claims: number;
  paidCents: number;
  warnings: number;
}

/** How many warnings are kept for printing; the rest are only counted. */
const WARNINGS_KEPT = 1000;

/**
 * A sink that writes the file as one JSON document while reading it (without `write`, it only
 * counts): each claim is printed as
 * soon as it is complete, so output of any size needs no more memory than one claim.
 */
export function jsonWriterSink(write: ((text: string) => void) | undefined): {
  sink: X12Sink;
  finish: (file: string, segments: number) => void;
  totals: ParseTotals;
  warnings: X12Warning[];
} {
  const totals: ParseTotals = { transactions: 0, remitClaims: 0, claims: 0, paidCents: 0, warnings: 0 };
  const warnings: X12Warning[] = [];
  let open: 'none' | '835' | '837' = 'none';
  let firstTransaction = true;
  let firstClaim = true;
  let plb: readonly ProviderAdjustment[] = [];
  const counting = write === undefined;
  const emit = write ?? (() => undefined);
  emit('{"transactions":[\n');
  const openTransaction = (head: Record<string, unknown>): void => {
    const text = JSON.stringify(head);
    emit(`${firstTransaction ? '' : ',\n'}${text.slice(0, -1)},"claims":[\n`);
    firstTransaction = false;
    firstClaim = true;
  };
  const claim = (value: Record<string, unknown>): void => {
    emit(`${firstClaim ? '' : ',\n'}${JSON.stringify(value)}`);
    firstClaim = false;
  };
  const sink: X12Sink = {
    remittance(header) {
      if (!counting) openTransaction(headerJson(header));
      open = '835';
    },
    remitClaim(c) {
      totals.remitClaims++;
      totals.paidCents += c.paidCents;
      if (!counting) claim(remitClaimJson(c));
    },
    remittanceEnd(trailer) {
      plb = trailer.providerAdjustments;
    },
    claimTransaction(t) {
      if (!counting) openTransaction({ setId: '837', ...t });
      open = '837';
    },
    claim(c: ReadClaim) {
      totals.claims++;
      if (!counting) claim({ ...c });
    },
    transactionEnd(info: TransactionInfo) {
      totals.transactions++;
      if (counting) return;
      if (open === 'none')
        openTransaction({ setId: info.setId, position: info.position, controlNumber: info.controlNumber });
      const tail = open === '835' ? `,"providerAdjustments":${JSON.stringify(plb)}` : '';
      emit(`\n]${tail},"segmentCount":${info.segmentCount}}`);
      open = 'none';
      plb = [];
    },
    warning(w) {
      totals.warnings++;
      if (warnings.length < WARNINGS_KEPT) warnings.push(w);
    },
  };
  const finish = (file: string, segments: number): void => {
    emit(
      `\n],"file":${JSON.stringify(file)},"segments":${segments},"warningCount":${totals.warnings},"warnings":${JSON.stringify(warnings)}}\n`,
    );
  };
  return { sink, finish, totals, warnings };
}
