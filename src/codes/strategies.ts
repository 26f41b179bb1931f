/** The correction strategies of the auto-correction playbook; the correction engine registers one handler per strategy. */
export const HANDLER_STRATEGIES = [
  'MODIFIER_CORRECTION',
  'MISSING_INFO_REBILL',
  'DUPLICATE_LINK',
  'TIMELY_FILING_APPEAL',
  'ADJUDICATION_APPEAL',
  'PATIENT_BILLING',
] as const;

export type HandlerStrategy = (typeof HANDLER_STRATEGIES)[number];

export function isHandlerStrategy(value: string): value is HandlerStrategy {
  return (HANDLER_STRATEGIES as readonly string[]).includes(value);
}
