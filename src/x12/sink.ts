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

export type EnvelopeLevel = 'transaction' | 'group' | 'interchange';

/** An envelope dropped in `reject` mode: where it was noticed, which envelope, and why. */
export interface X12Rejection {
  /** Segment index where the problem was noticed. */
  readonly segment: number;
  /** `claim`: only the 837 claim being read when its transaction broke off (never delivered). */
  readonly level: EnvelopeLevel | 'claim';
  /** Segment index of the ST, GS, ISA or CLM that opened what is rejected. */
  readonly position: number;
  readonly message: string;
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
  /** ISA, GS or ST read: what follows belongs to it until its trailer. */
  envelopeStart?(level: EnvelopeLevel, position: number): void;
  /** The envelope opened at `position` is dropped: forget what was delivered since it started. */
  rejected?(rejection: X12Rejection): void;
}

/** A reader of one transaction set: fed every segment after ST, then SE. */
export interface TransactionReader {
  segment(segment: import('./segment.js').Segment): void;
  end(se: import('./segment.js').Segment): void;
}
