/**
 * The locked denial-rate definition, as data for the report. The SQL in
 * migrations/052_kpi_views.sql is what counts; these lists describe it and tests hold the two equal.
 */
export const DEFINITION_VERSION = 'denial-rate-v1';

/** Processing-indicator codes in the numerator. */
export const DENIAL_CODES = ['C', 'D', 'I', 'L', 'N', 'O', 'P', 'Z'] as const;
/** Processing-indicator codes in the denominator. */
export const COMPARABLE_CODES = ['A', ...DENIAL_CODES] as const;
export const ADMIN_CODES = ['M', 'R'] as const;
export const BENEFITS_EXHAUSTED_CODE = 'B';
/** Secondary payer and the MSP cost-avoided codes of CLM-PRCSG-IND-CD. */
export const MSP_COB_CODES = [
  'S', 'G', 'H', 'J', 'K', 'Q', 'T', 'U', 'V', 'X', 'Y',
  '00', '12', '13', '14', '15', '16', '17', '18', '21', '22', '25', '26',
] as const; // prettier-ignore

/** A line is mature when its service date is at least this many days before the as-of date. */
export const MATURITY_DAYS = 60;

export const FORMULA =
  'denial_rate = count(is_denial_rate) / count(is_comparable), per complete service week';

export const EXCLUSIONS: readonly string[] = [
  `COB/MSP lines (is_msp_cob): processing indicator ${MSP_COB_CODES.join(', ')}, or a primary-payer code, or a primary-payer paid amount above 0; checked before any other code`,
  `Administrative lines: ${ADMIN_CODES.join(', ')}`,
  `Benefits exhausted (${BENEFITS_EXHAUSTED_CODE}), by default`,
  'Unknown or missing processing indicator (tracked weekly as unknown_prcsg_share)',
  `Immature lines (service date later than as-of - ${MATURITY_DAYS} days) and weeks that are not complete (any day of the week immature)`,
  'Lines without a service date (cannot be placed in a week)',
];
