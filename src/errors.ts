/**
 * The closed vocabulary of errors Reclaim reports. Expected outcomes (a bad row, a SKIPPED handler)
 * are values, not errors; these are for when an operation as a whole cannot proceed.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'INPUT_NOT_FOUND'
  | 'INPUT_INVALID'
  | 'INVALID_X12'
  | 'UNKNOWN_PROFILE'
  | 'PROFILE_INVALID'
  | 'OUTPUT_NOT_WRITABLE'
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'NO_ELIGIBLE_HANDLER'
  | 'ALREADY_CORRECTED'
  | 'UNAUTHENTICATED'
  | 'INSUFFICIENT_SCOPE'
  | 'DATABASE_UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'INTERNAL';

export class ReclaimError extends Error {
  readonly code: ErrorCode;
  /** Extra machine-readable context (a file, a row, a field); never patient data. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ReclaimError';
    this.code = code;
    this.details = details;
  }
}

/** HTTP status for each error code: one exhaustive switch. */
export function httpStatus(code: ErrorCode): number {
  switch (code) {
    case 'INPUT_INVALID':
    case 'INVALID_X12':
    case 'PROFILE_INVALID':
    case 'VALIDATION_FAILED':
    case 'UNKNOWN_PROFILE':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'INSUFFICIENT_SCOPE':
      return 403;
    case 'NOT_FOUND':
    case 'INPUT_NOT_FOUND':
      return 404;
    case 'NO_ELIGIBLE_HANDLER':
    case 'ALREADY_CORRECTED':
      return 409;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'RATE_LIMITED':
      return 429;
    case 'DATABASE_UNAVAILABLE':
      return 503;
    case 'CONFIG_INVALID':
    case 'OUTPUT_NOT_WRITABLE':
    case 'INTERNAL':
      return 500;
  }
}

/** CLI exit code for each error code: 2 bad input or usage, 3 environment, 4 conflict, 1 anything else. */
export function exitCode(code: ErrorCode): number {
  switch (code) {
    case 'INPUT_NOT_FOUND':
    case 'INPUT_INVALID':
    case 'INVALID_X12':
    case 'UNKNOWN_PROFILE':
    case 'PROFILE_INVALID':
    case 'VALIDATION_FAILED':
    case 'NOT_FOUND':
    case 'PAYLOAD_TOO_LARGE':
      return 2;
    case 'CONFIG_INVALID':
    case 'OUTPUT_NOT_WRITABLE':
    case 'DATABASE_UNAVAILABLE':
    case 'UNAUTHENTICATED':
    case 'INSUFFICIENT_SCOPE':
    case 'RATE_LIMITED':
      return 3;
    case 'NO_ELIGIBLE_HANDLER':
    case 'ALREADY_CORRECTED':
      return 4;
    case 'INTERNAL':
      return 1;
  }
}
