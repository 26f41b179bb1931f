/** What a reader noticed but read through: reported in the data-quality report, never thrown. */
export interface X12Warning {
  /** 1-based index of the segment the warning is about. */
  readonly segment: number;
  readonly code: X12WarningCode;
  readonly message: string;
}

export type X12WarningCode =
  | 'SEGMENT_COUNT_MISMATCH'
  | 'CONTROL_NUMBER_MISMATCH'
  | 'CLAIM_UNBALANCED'
  | 'LINE_UNBALANCED'
  | 'PAYMENT_UNBALANCED'
  | 'INVALID_AMOUNT'
  | 'INVALID_DATE'
  | 'UNSUPPORTED_TRANSACTION'
  | 'UNEXPECTED_SEGMENT'
  | 'MISSING_TRAILER';
