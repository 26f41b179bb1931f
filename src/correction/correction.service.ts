import { z } from 'zod';
import { usd } from '../api/schemas/common.js';
import type {
  AutoCorrectionInfo,
  ExecuteResult,
  Outcome,
  PreviewResult,
} from '../api/schemas/auto-correction.js';
import type { HandlerList } from '../api/schemas/handlers.js';
import type { StatsQuery, StatsResponse } from '../api/schemas/stats.js';
import { audit, type Actor } from '../audit/audit.service.js';
import type { Db, Queryable } from '../db/db.js';
import { attemptView, requireDenial } from '../denial/denial.service.js';
import { ReclaimError } from '../errors.js';
import { validInput } from '../input.js';
import { listAttempts } from './attempt.repository.js';
import { writeClaims837 } from './claim-837.js';
import { correctDenial } from './correct-denial.js';
import { findLatestRebilledClaim } from './corrected-claim.repository.js';
import type { HandlerOutcome } from './engine.js';
import { envelopeFor } from './envelope.js';
import { handlers, matchHandlers } from './handlers/index.js';
import { previewDenial } from './preview.js';
import { successRate } from './success-rate.repository.js';

/** One denial through the engine: the CLI's `correct --denial` and the HTTP `execute`. */
export const ExecuteInput = z.object({
  denialId: z.number().int().positive(),
  forceRetry: z.boolean().default(false),
  orgId: z.string().min(1).optional(),
  correlationId: z.string().min(1).max(200).optional(),
});
export type ExecuteInput = z.infer<typeof ExecuteInput>;

/** Handlers matching a denial, its latest attempt and its full history. */
export async function autoCorrectionInfo(
  db: Queryable,
  tenantId: string,
  denialId: number,
): Promise<AutoCorrectionInfo> {
  const denial = await requireDenial(db, tenantId, denialId);
  const history = (await listAttempts(db, tenantId, denialId)).map(attemptView);
  return {
    denialId,
    handlers: matchHandlers(denial.carcCodes).map((m) => ({
      name: m.handler.name,
      carcs: [...m.handler.carcs],
      matchedCarc: m.carc,
      strategy: [...m.handler.strategies],
    })),
    priorAttempt: history.at(-1) ?? null,
    history,
  };
}

/**
 * Runs the matching handlers on one denial and audits it: in the engine's own transaction when
 * it wrote anything, else (nothing to write, refused) in a transaction of its own.
 */
export async function executeCorrection(
  db: Db,
  tenantId: string,
  raw: z.input<typeof ExecuteInput>,
  actor: Actor,
): Promise<ExecuteResult> {
  const input = validInput(ExecuteInput, raw);
  const envelope = envelopeFor(tenantId, { orgId: input.orgId, correlationId: input.correlationId });
  const record = (tx: Queryable, outcome: string) =>
    audit(tx, tenantId, actor, {
      action: 'denial.correct',
      targetIds: [input.denialId],
      outcome,
      correlationId: envelope.correlationId,
    });
  let auditedWithChange = false;
  try {
    const result = await correctDenial(db, input.denialId, {
      envelope,
      forceRetry: input.forceRetry,
      audit: async (tx, outcomes) => {
        auditedWithChange = true;
        await record(tx, outcomeSummary(outcomes));
      },
    });
    // A write that rolled back took its audit row with it; the FAILED attempts stand, so say so.
    const rolledBack = result.outcomes.some(
      (o) => o.status === 'FAILED' && o.reason?.startsWith('engine error'),
    );
    if (!auditedWithChange || rolledBack) await record(db, outcomeSummary(result.outcomes));
    return {
      denialId: result.denialId,
      anySuccess: result.anySuccess,
      correlationId: envelope.correlationId,
      outcomes: result.outcomes.map(outcomeView),
    };
  } catch (error) {
    if (error instanceof ReclaimError && !auditedWithChange && error.code !== 'NOT_FOUND')
      await record(db, `refused: ${error.code}`);
    throw error;
  }
}

/** What a run would do to one denial now, with the corrected-claim diff; writes nothing. */
export async function previewCorrection(db: Db, tenantId: string, denialId: number): Promise<PreviewResult> {
  const p = await previewDenial(db, denialId, { envelope: envelopeFor(tenantId) });
  return {
    denialId: p.denialId,
    claimId: p.claimId,
    handlers: p.handlers.map((h) => ({
      handlerName: h.handlerName,
      carcCode: h.carcCode,
      supportedCarcs: [...h.supportedCarcs],
      action: h.action,
      strategy: h.strategy,
      reason: h.reason,
      priorAttempt: h.priorAttempt,
    })),
    correctedClaim: p.correctedClaim
      ? {
          before: p.correctedClaim.before,
          after: p.correctedClaim.after,
          diff: {
            fields: p.correctedClaim.diff.fields,
            modifiers: p.correctedClaim.diff.modifiers,
          },
        }
      : null,
  } as PreviewResult;
}

/**
 * The success rate per CARC in the seed's shape: rows of the view with money in the envelope,
 * and meta with exactly totalAttempts, overallSuccessRate, totalRecoveredAmount. Money is
 * absent (not zero) unless the caller may see financial figures.
 */
export async function correctionStats(
  db: Queryable,
  tenantId: string,
  q: StatsQuery,
  view: { money: boolean },
): Promise<StatsResponse> {
  const report = await successRate(db, tenantId, q);
  return {
    data: report.rows.map((r) => ({
      carcCode: r.carcCode,
      attempts: r.attempts,
      successes: r.successes,
      failures: r.failures,
      skipped: r.skipped,
      successRate: r.successRate,
      ...(view.money
        ? {
            recoveredAmount: usd(r.recoveredAmountCents),
            realisedAmount: usd(r.realisedAmountCents),
            atStakeAmount: usd(r.atStakeCents),
            realisedShare: r.realisedShare,
            deniedAgain: r.deniedAgain,
          }
        : {}),
    })),
    meta: {
      totalAttempts: report.meta.totalAttempts,
      overallSuccessRate: report.meta.overallSuccessRate,
      ...(view.money
        ? {
            totalRecoveredAmount: usd(report.meta.totalRecoveredAmountCents),
            totalRealisedAmount: usd(report.meta.totalRealisedAmountCents),
            totalAtStakeAmount: usd(report.meta.totalAtStakeCents),
            overallRealisedShare: report.meta.overallRealisedShare,
            totalDeniedAgain: report.meta.totalDeniedAgain,
          }
        : {}),
    },
  };
}

/** Every registered handler and the codes it supports. */
export function listHandlers(): HandlerList {
  return {
    items: handlers.map((h) => ({
      name: h.name,
      carcs: [...h.carcs],
      strategies: [...h.strategies],
      needs: [...h.needs],
    })),
  };
}

/** The corrected claim the engine produced for a denial, as X12 837P text. */
export async function correctedClaim837(db: Queryable, tenantId: string, denialId: number): Promise<string> {
  await requireDenial(db, tenantId, denialId);
  const claimId = await findLatestRebilledClaim(db, tenantId, denialId);
  if (claimId === null)
    throw new ReclaimError('NOT_FOUND', `denial ${denialId} has no corrected claim`, { denialId });
  return writeClaims837(db, tenantId, [claimId]);
}

/** One line for the audit trail: how many handler runs ended how. */
export function outcomeSummary(outcomes: readonly Pick<HandlerOutcome, 'status'>[]): string {
  const n = { SUCCESS: 0, FAILED: 0, SKIPPED: 0 };
  for (const o of outcomes) n[o.status] += 1;
  return `SUCCESS ${n.SUCCESS} FAILED ${n.FAILED} SKIPPED ${n.SKIPPED}`;
}

export function outcomeView(o: HandlerOutcome): Outcome {
  return {
    handlerName: o.handlerName,
    carcCode: o.carcCode,
    status: o.status,
    attemptId: o.attemptId,
    strategy: o.strategy,
    reason: o.reason,
    rebilledClaimId: o.rebilledClaimId,
    recoveredAmount: usd(o.recoveredAmountCents),
    priorAttempt: o.priorAttempt ?? null,
  };
}
