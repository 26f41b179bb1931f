import { ApiError } from '../../api/client';
import type { Outcome } from '../../api/types';

export interface Explanation {
  readonly tone: 'success' | 'failed' | 'skipped' | 'error';
  readonly title: string;
  readonly fix: string;
}

/**
 * The engine's refusals and outcomes in plain words, each with the fix an operator can apply
 * (the troubleshooting table of the manual trigger runbook).
 */
export function explainError(error: unknown): Explanation {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'NO_ELIGIBLE_HANDLER':
        return {
          tone: 'error',
          title: 'No correction handler covers this denial’s codes.',
          fix: 'Either the code is not supported — write the denial off or appeal it by hand — or a new handler is needed.',
        };
      case 'ALREADY_CORRECTED':
        return {
          tone: 'error',
          title:
            'This denial is already corrected: a handler already succeeded on it, and a second success would rebill the claim twice.',
          fix: 'Nothing to re-run. If the source data was wrong, correct it there and let the next denial drive a fresh correction.',
        };
      case 'INSUFFICIENT_SCOPE':
        return {
          tone: 'error',
          title: 'Your token may not do this.',
          fix: `It needs ${String(error.details.required ?? 'another scope')}.`,
        };
      case 'NOT_FOUND':
        return {
          tone: 'error',
          title: 'This denial does not exist for your tenant.',
          fix: 'Go back to the worklist.',
        };
      default:
        return {
          tone: 'error',
          title: error.message,
          fix: 'Try again; if it happens again, give the request id to whoever runs the server.',
        };
    }
  }
  return {
    tone: 'error',
    title: 'The server could not be reached.',
    fix: 'Check that reclaim serve is running, then try again.',
  };
}

export function explainOutcome(o: Outcome): Explanation {
  switch (o.status) {
    case 'SUCCESS':
      return {
        tone: 'success',
        title: `${o.handlerName} succeeded${o.rebilledClaimId ? `: corrected claim ${o.rebilledClaimId}` : ''}.`,
        fix: o.rebilledClaimId
          ? 'Download the corrected 837 below and send it to the payer.'
          : 'Nothing else to do here.',
      };
    case 'FAILED':
      return {
        tone: 'failed',
        title: `${o.handlerName} ran but failed${o.reason ? `: ${o.reason}` : ''}.`,
        fix: 'Read the failure reason in the History drawer, fix the input upstream, then Re-run (a failed attempt may always be re-run).',
      };
    case 'SKIPPED':
      if (o.priorAttempt)
        return {
          tone: 'skipped',
          title: `${o.handlerName} skipped: an earlier ${o.priorAttempt.status} attempt holds it.`,
          fix: 'Open the History drawer: if that attempt was SUCCESS, the data is already corrected. If you have since loaded the data it lacked, Re-run with Force retry.',
        };
      return {
        tone: 'skipped',
        title: `${o.handlerName} skipped${o.reason ? `: ${o.reason.replaceAll('_', ' ')}` : ''}.`,
        fix: 'The handler lacks data it needs (see its page). Load that data — for CO-4, a modifier rule — then Re-run with Force retry.',
      };
  }
}
