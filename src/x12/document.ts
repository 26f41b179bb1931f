import type { ClaimTransaction, ReadClaim } from './claims/model.js';
import type { ProviderAdjustment, RemitClaim, RemittanceHeader } from './era/model.js';
import type { TransactionInfo, X12Sink } from './sink.js';
import type { X12Warning } from './warning.js';

/** One 835 transaction with everything it carried. */
export interface Remittance extends RemittanceHeader {
  readonly setId: '835';
  readonly claims: RemitClaim[];
  providerAdjustments: readonly ProviderAdjustment[];
}

/** One 837 transaction with its claims. */
export interface ClaimSet extends ClaimTransaction {
  readonly setId: '837';
  readonly claims: ReadClaim[];
}

/** A whole file read into memory: for tests and small files; large files stream through a sink. */
export interface X12Document {
  readonly transactions: (Remittance | ClaimSet)[];
  readonly warnings: X12Warning[];
  readonly segmentCount: number;
}

/** A sink that keeps everything, in file order. */
export function collectingSink(): { sink: X12Sink; document: () => Omit<X12Document, 'segmentCount'> } {
  const transactions: (Remittance | ClaimSet)[] = [];
  const warnings: X12Warning[] = [];
  let remittance: Remittance | undefined;
  let claimSet: ClaimSet | undefined;
  const sink: X12Sink = {
    remittance(header) {
      remittance = Object.assign(header, { setId: '835' as const, claims: [], providerAdjustments: [] });
      transactions.push(remittance);
    },
    remitClaim(claim) {
      remittance?.claims.push(claim);
    },
    remittanceEnd(trailer) {
      if (remittance) remittance.providerAdjustments = trailer.providerAdjustments;
      remittance = undefined;
    },
    claimTransaction(transaction) {
      claimSet = { ...transaction, setId: '837', claims: [] };
      transactions.push(claimSet);
    },
    claim(claim) {
      claimSet?.claims.push(claim);
    },
    transactionEnd(_info: TransactionInfo) {
      claimSet = undefined;
    },
    warning(warning) {
      warnings.push(warning);
    },
  };
  return { sink, document: () => ({ transactions, warnings }) };
}
