import type { Db } from '../db/db.js';
import { ReclaimError } from '../errors.js';
import { lockDenial } from './attempt.repository.js';
import { handlers } from './handlers/index.js';
import {
  claimSlots,
  executeHeld,
  matchesFor,
  newClaimToken,
  type EngineOptions,
  type HandlerOutcome,
} from './engine.js';

export interface DenialCorrection {
  readonly denialId: number;
  readonly outcomes: HandlerOutcome[];
  readonly anySuccess: boolean;
}

/**
 * The manual trigger: runs every matching handler on one denial. Throws NOT_FOUND for an unknown
 * denial, NO_ELIGIBLE_HANDLER when no handler covers its codes, and ALREADY_CORRECTED when a
 * forced retry meets a handler that already succeeded (after running the others).
 */
export async function correctDenial(
  db: Db,
  denialId: number,
  options: EngineOptions,
): Promise<DenialCorrection> {
  const tenantId = options.envelope.tenantId;
  const token = newClaimToken();
  const claimed = await db.transaction(async (tx) => {
    const denial = await lockDenial(tx, tenantId, denialId, true);
    if (!denial) throw new ReclaimError('NOT_FOUND', `denial ${denialId} not found`, { denialId });
    if (matchesFor(denial.carcCodes, options).length === 0) {
      throw new ReclaimError(
        'NO_ELIGIBLE_HANDLER',
        `denial ${denialId}: no registered handler covers ${denial.carcCodes.join(', ') || 'its codes'}`,
        { denialId, carcCodes: denial.carcCodes },
      );
    }
    return claimSlots(tx, [denial], options, token);
  });
  const done = await executeHeld(db, claimed.held, options, token);
  const registry = options.registry ?? handlers;
  const order = (o: HandlerOutcome) => registry.findIndex((h) => h.name === o.handlerName);
  const outcomes = [...done.outcomes, ...claimed.early].sort((a, b) => order(a) - order(b));
  const first = claimed.refused[0];
  if (first) {
    throw new ReclaimError(
      'ALREADY_CORRECTED',
      `denial ${denialId}: ${first.handlerName} already succeeded (attempt ${first.attemptId}` +
        `${first.rebilledClaimId !== null ? `, rebilled claim ${first.rebilledClaimId}` : ''}); the data is already corrected`,
      { denialId, refused: claimed.refused, outcomes },
    );
  }
  return { denialId, outcomes, anySuccess: outcomes.some((o) => o.status === 'SUCCESS') };
}
