import type { ClaimTransaction, ReadClaim } from './claims/model.js';
import type { RemitClaim, RemittanceHeader, RemittanceTrailer } from './era/model.js';
import type { X12Warning } from './warning.js';

/** Identity of one transaction set (ST … SE) and of the interchange around it. */
export interface TransactionInfo {
  readonly setId: string;
  readonly controlNumber: string;
  readonly version: string | undefined;
  /** Segment index of ST. */
  readonly position: number;
  readonly segmentCount: number;
  readonly interchangeControlNumber: string | undefined;
  readonly senderId: string | undefined;
}

/**
 * Where readers deliver what they read, as soon as each piece is complete, so that nothing
 * larger than one claim has to be held in memory. Every callback is optional.
 */
export interface X12Sink {
  remittance?(header: RemittanceHeader): void;
  remitClaim?(claim: RemitClaim, header: RemittanceHeader): void;
  remittanceEnd?(trailer: RemittanceTrailer): void;
  claimTransaction?(transaction: ClaimTransaction): void;
  claim?(claim: ReadClaim, transaction: ClaimTransaction): void;
  transactionEnd?(info: TransactionInfo): void;
  warning?(warning: X12Warning): void;
}

/** A reader of one transaction set: fed every segment after ST, then SE. */
export interface TransactionReader {
  segment(segment: import('./segment.js').Segment): void;
  end(se: import('./segment.js').Segment): void;
}
