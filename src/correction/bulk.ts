import type { Db } from '../db/db.js';
import { findLiveAttempts, lockNextDenials, type LockedDenial } from './attempt.repository.js';
import {
  claimSlots,
  DEFAULT_STALE_AFTER_MS,
  recordBatchFailure,
  writeOutcomes,
  type Held,
  gatePairs,
  newClaimToken,
  planDenials,
  type EngineOptions,
  type HandlerOutcome,
} from './engine.js';
import { effectOf } from './decide.js';
import { coveredCarcs, handlers } from './handlers/index.js';

/** PostgreSQL errors where running the batch again may succeed: serialization, deadlock, unique. */
const RETRYABLE: ReadonlySet<string> = new Set(['40001', '40P01', '23505']);
const MAX_TRIES = 3;

export interface BulkOptions extends EngineOptions {
  /** Decide and count, write nothing. */
  readonly dryRun?: boolean;
  readonly batchSize?: number;
  /** Only the denials an ingest of this file created (the `claim.denied` trigger). */
  readonly sourceFileId?: number;
  /** Called after each batch with the number of denials done so far. */
  readonly onProgress?: (denialsDone: number) => void;
}

type Tally = { SUCCESS: number; FAILED: number; SKIPPED: number };

export interface BulkSummary {
  readonly dryRun: boolean;
  readonly denials: number;
  readonly attempts: Tally;
  readonly byHandler: Record<string, Tally>;
  readonly bySkipReason: Record<string, number>;
  readonly recoveredAmountCents: number;
  readonly rebilledClaims: number;
  readonly events: number;
}

function carcsOf(options: EngineOptions): string[] {
  return options.carc ? [options.carc] : coveredCarcs(options.registry ?? handlers);
}

/**
 * The sweep: applies the engine to every open denial with a covered code and work left, a batch
 * at a time, in this process, with no job (what `ingest --auto-correct` runs over one file's
 * denials; `correct --all` is a bulk job, bulk.service.ts). Several processes may run this at
 * once: each batch locks its denials with SKIP LOCKED and takes its attempt slots before running
 * anything.
 */
export async function correctAll(db: Db, options: BulkOptions): Promise<BulkSummary> {
  const batchSize = options.batchSize ?? 1000;
  const summary = emptySummary(options.dryRun ?? false);
  let after = 0;
  let tries = 0;
  for (;;) {
    const token = newClaimToken();
    // Kept outside the transaction so that a batch that fails to write can still be recorded.
    let locked: LockedDenial[] = [];
    let windowEnd: number | null = null;
    let held: Held[] = [];
    let step: { outcomes: HandlerOutcome[]; events: number; rebilled: number };
    try {
      step = await db.transaction(async (tx) => {
        ({ denials: locked, windowEnd } = await lockNextDenials(tx, {
          tenantId: options.envelope.tenantId,
          carcs: carcsOf(options),
          afterDenialId: after,
          limit: batchSize,
          staleAfterMs: options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS,
          lock: !options.dryRun,
          sourceFileId: options.sourceFileId,
          retrySkipped: options.forceRetry ?? false,
        }));
        if (options.dryRun) return { outcomes: await project(tx, locked, options), events: 0, rebilled: 0 };
        // One transaction per batch: the denials' row locks are the attempt slots, so a crash
        // leaves nothing half done and a rerun picks the same denials up again.
        const claimed = await claimSlots(tx, locked, options, token, 'locked');
        held = claimed.held;
        const done = await writeOutcomes(tx, held, options, token);
        return {
          outcomes: [...claimed.early, ...done.outcomes],
          events: done.events,
          rebilled: done.rebilledClaimIds.length,
        };
      });
    } catch (error) {
      if (held.length === 0) throw error;
      // A conflict with a concurrent engine (serialization, deadlock, a claim version taken
      // meanwhile) is worth the same batch again before its pairs are recorded as FAILED.
      if (RETRYABLE.has((error as { code?: string }).code ?? '') && ++tries < MAX_TRIES) continue;
      step = {
        outcomes: (await recordBatchFailure(db, held, options, token, error)).outcomes,
        events: 0,
        rebilled: 0,
      };
    }
    tries = 0;
    if (windowEnd === null) break;
    after = windowEnd;
    tally(summary, step.outcomes);
    summary.events += step.events;
    summary.rebilledClaims += step.rebilled;
    summary.denials += locked.length;
    options.onProgress?.(summary.denials);
  }
  return summary;
}

/**
 * Dry run: what a run would do now, with no slot taken and nothing written. Pairs a live attempt
 * short-circuits are SKIPPED (`already_attempted`, `in_progress`) as in the run, and a forced pair
 * whose SUCCESS stands is left out as the run leaves it; the handlers decide the rest.
 */
export async function project(
  tx: Parameters<typeof planDenials>[0],
  denials: { denialId: number; carcCodes: string[] }[],
  options: EngineOptions,
): Promise<HandlerOutcome[]> {
  const live = await findLiveAttempts(
    tx,
    denials.map((d) => d.denialId),
    options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS,
  );
  const { fresh, reclaim, early } = gatePairs(denials, live, options);
  const pairs = [...fresh, ...reclaim.map(({ denialId, match }) => ({ denialId, match }))];
  const plans = await planDenials(tx, options.envelope.tenantId, pairs, options.policy);
  const out: HandlerOutcome[] = [...early];
  for (const plan of plans.values()) {
    let firstRebill = true;
    for (const v of plan.verdicts) {
      const e = effectOf(v, plan, firstRebill);
      if (e.rebilled) firstRebill = false;
      out.push({
        denialId: plan.ctx.denial.denialId,
        handlerName: v.match.handler.name,
        carcCode: v.match.carc,
        status: e.status,
        attemptId: null,
        strategy: e.strategy,
        reason: e.reason,
        rebilledClaimId: null,
        recoveredAmountCents: e.recoveredAmountCents,
      });
    }
  }
  return out;
}

function emptySummary(
  dryRun: boolean,
): BulkSummary & { denials: number; events: number; rebilledClaims: number; recoveredAmountCents: number } {
  return {
    dryRun,
    denials: 0,
    attempts: { SUCCESS: 0, FAILED: 0, SKIPPED: 0 },
    byHandler: {},
    bySkipReason: {},
    recoveredAmountCents: 0,
    rebilledClaims: 0,
    events: 0,
  };
}

function tally(summary: ReturnType<typeof emptySummary>, outcomes: readonly HandlerOutcome[]): void {
  for (const o of outcomes) {
    summary.attempts[o.status] += 1;
    const h = (summary.byHandler[o.handlerName] ??= { SUCCESS: 0, FAILED: 0, SKIPPED: 0 });
    h[o.status] += 1;
    if (o.status === 'SKIPPED' && o.reason)
      summary.bySkipReason[o.reason] = (summary.bySkipReason[o.reason] ?? 0) + 1;
    summary.recoveredAmountCents += o.recoveredAmountCents;
  }
}
