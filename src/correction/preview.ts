import type { Db } from '../db/db.js';
import { ReclaimError } from '../errors.js';
import { findLiveAttempts, lockDenial } from './attempt.repository.js';
import { diffClaim, type ClaimDiff, type ClaimFace } from './corrected-claim.js';
import { DEFAULT_STALE_AFTER_MS, matchesFor, planDenials, type EngineOptions } from './engine.js';
import type { Strategy } from './types.js';

/** What one matching handler would do now. */
export interface HandlerPreview {
  readonly handlerName: string;
  readonly carcCode: string;
  readonly supportedCarcs: readonly string[];
  /** rebill, write_off, appeal, patient_liability, skip — or error when the handler threw. */
  readonly action: string;
  readonly strategy: Strategy | null;
  readonly reason: string | null;
  /** A live attempt that would short-circuit a real run (unless forced). */
  readonly priorAttempt: {
    readonly attemptId: number;
    readonly status: string;
    readonly rebilledClaimId: number | null;
  } | null;
}

export interface DenialPreview {
  readonly denialId: number;
  readonly claimId: number | null;
  readonly handlers: readonly HandlerPreview[];
  /** The corrected claim the rebilling handlers would produce; null when none would rebill. */
  readonly correctedClaim: {
    readonly before: ClaimFace;
    readonly after: ClaimFace;
    readonly diff: ClaimDiff;
  } | null;
}

/**
 * The dry run of one denial: what each matching handler would decide and the corrected-claim diff
 * (CLM05-3 = 7, REF*F8, modifiers), read in one transaction that writes nothing. Handlers are pure
 * decisions over loaded data, so this is exactly what a run would do against the same data.
 */
export async function previewDenial(
  db: Db,
  denialId: number,
  options: EngineOptions,
): Promise<DenialPreview> {
  return db.transaction(async (tx) => {
    const denial = await lockDenial(tx, options.envelope.tenantId, denialId, false);
    if (!denial) throw new ReclaimError('NOT_FOUND', `denial ${denialId} not found`, { denialId });
    const matches = matchesFor(denial.carcCodes, options);
    if (matches.length === 0) {
      throw new ReclaimError(
        'NO_ELIGIBLE_HANDLER',
        `denial ${denialId}: no registered handler covers ${denial.carcCodes.join(', ')}`,
        {
          denialId,
          carcCodes: denial.carcCodes,
        },
      );
    }
    const live = await findLiveAttempts(tx, [denialId], options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
    const plan = (
      await planDenials(
        tx,
        options.envelope.tenantId,
        matches.map((match) => ({ denialId, match })),
        options.policy,
      )
    ).get(denialId)!;
    const handlers = plan.verdicts.map((v): HandlerPreview => {
      const d = v.decision;
      const prior = live.find((l) => l.handlerName === v.match.handler.name);
      return {
        handlerName: v.match.handler.name,
        carcCode: v.match.carc,
        supportedCarcs: v.match.handler.carcs,
        action: d.kind,
        strategy: d.kind === 'skip' || d.kind === 'error' ? null : d.strategy,
        reason: d.kind === 'skip' ? d.reason : d.kind === 'error' ? d.message : null,
        priorAttempt: prior
          ? { attemptId: prior.attemptId, status: prior.status, rebilledClaimId: prior.rebilledClaimId }
          : null,
      };
    });
    const cc = plan.correctedClaim;
    return {
      denialId,
      claimId: plan.ctx.claim?.claimId ?? null,
      handlers,
      correctedClaim: cc
        ? { before: cc.before, after: cc.after, diff: diffClaim(cc.before, cc.after) }
        : null,
    };
  });
}
