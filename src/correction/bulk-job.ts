import { z } from 'zod';
import { audit, type Actor } from '../audit/audit.service.js';
import type { Db, Tx } from '../db/db.js';
import { findOwnDenialIds } from '../denial/denial-page.repository.js';
import { claimJobItems, recordJobProgress } from '../jobs/job.repository.js';
import { log } from '../log.js';
import {
  claimSlots,
  newClaimToken,
  recordBatchFailure,
  writeOutcomes,
  type EngineOptions,
  type HandlerOutcome,
} from './engine.js';
import { lockDenials } from './denial-lock.repository.js';
import type { Envelope } from './types.js';
import { outcomeSummary } from './correction.service.js';

/** What a bulk-correction job keeps in `billing.job.input`: whoever works the job runs it so. */
export const BulkJobInput = z.object({
  correlationId: z.string(),
  forceRetry: z.boolean(),
  actor: z.string(),
  channel: z.enum(['http', 'cli']),
  requestId: z.string().nullable(),
  /** Only handlers covering this code run (the cohort's `carc`). */
  carc: z.string().optional(),
  orgId: z.string().optional(),
  /** PENDING attempts older than this are taken over (`correct --all --stale-after`). */
  staleAfterMs: z.number().int().min(0).optional(),
});
export type BulkJobInput = z.infer<typeof BulkJobInput>;

export const BULK_JOB_KIND = 'denials.bulk_correct';

/** PostgreSQL errors where running the batch again may succeed: serialization, deadlock, unique. */
const RETRYABLE: ReadonlySet<string> = new Set(['40001', '40P01', '23505', 'SLOT_LOST']);
const MAX_TRIES = 3;

export interface BulkJob {
  readonly id: string;
  readonly tenantId: string;
  readonly input: BulkJobInput;
}

/**
 * One batch of a bulk job: claims up to `size` items nobody holds, runs the engine on their
 * denials and records their outcomes, the job's progress and the audit record in ONE transaction.
 * Denials another engine holds (another job, a `correct --denial`) are passed over and their
 * items left for a later batch, so overlapping jobs share the work instead of queueing behind
 * each other. `claimed` 0: nothing left that nobody holds; `done` 0 with items claimed: every one
 * of them was busy.
 */
export async function runBulkBatch(
  db: Db,
  job: BulkJob,
  size: number,
): Promise<{ claimed: number; done: number }> {
  const options = engineOptions(job);
  const actor: Actor = { actor: job.input.actor, channel: job.input.channel, requestId: job.input.requestId };
  for (let tries = 1; ; tries++) {
    let ids: number[] = [];
    try {
      return await db.transaction(async (tx) => {
        ids = await claimJobItems(tx, job.id, size);
        if (ids.length === 0) return { claimed: 0, done: 0 };
        const { settled, outcomes } = await correctFree(tx, job.tenantId, ids, options);
        if (settled.length > 0) await finishBatch(tx, job, settled, outcomes, actor);
        return { claimed: ids.length, done: settled.length };
      });
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (ids.length === 0) throw error;
      if (RETRYABLE.has(code) && tries < MAX_TRIES) continue;
      // The batch cannot be written: its pairs become FAILED attempts (retryable later) and its
      // items are done, so the job moves on instead of meeting the same error for ever.
      log.error({ job: job.id, denials: ids.length, code }, 'bulk job batch failed');
      return db.transaction(async (tx) => {
        const again = await claimJobItems(tx, job.id, size);
        const mine = again.filter((id) => ids.includes(id));
        const locked = await lockDenials(tx, job.tenantId, mine, { skipLocked: true });
        const settled = locked.map((d) => d.denialId);
        const token = newClaimToken();
        const held = (await claimSlots(tx, locked, options, token, 'locked')).held;
        const failed = await recordBatchFailure(tx, held, options, token, error);
        if (settled.length > 0) await finishBatch(tx, job, settled, failed.outcomes, actor);
        return { claimed: again.length, done: settled.length };
      });
    }
  }
}

function engineOptions(job: BulkJob): EngineOptions {
  const envelope: Envelope = {
    tenantId: job.tenantId,
    orgId: job.input.orgId ?? null,
    correlationId: job.input.correlationId,
  };
  return {
    envelope,
    forceRetry: job.input.forceRetry,
    ...(job.input.carc !== undefined ? { carc: job.input.carc } : {}),
    ...(job.input.staleAfterMs !== undefined ? { staleAfterMs: job.input.staleAfterMs } : {}),
  };
}

/**
 * The engine on the denials of these items that nobody else holds. `settled`: the items this
 * batch finishes (its locked denials, and any denial no longer there).
 */
async function correctFree(
  tx: Tx,
  tenantId: string,
  ids: readonly number[],
  options: EngineOptions,
): Promise<{ settled: number[]; outcomes: HandlerOutcome[] }> {
  const token = newClaimToken();
  const locked = await lockDenials(tx, tenantId, ids, { skipLocked: true });
  const lockedIds = new Set(locked.map((d) => d.denialId));
  const passed = ids.filter((id) => !lockedIds.has(id));
  const busy = new Set(passed.length > 0 ? await findOwnDenialIds(tx, tenantId, passed) : []);
  const claimed = await claimSlots(tx, locked, options, token, 'locked');
  const done = await writeOutcomes(tx, claimed.held, options, token);
  return {
    settled: ids.filter((id) => !busy.has(id)),
    outcomes: [...claimed.early, ...done.outcomes],
  };
}

async function finishBatch(
  tx: Tx,
  job: BulkJob,
  ids: readonly number[],
  outcomes: readonly HandlerOutcome[],
  actor: Actor,
): Promise<void> {
  const counts = { SUCCESS: 0, FAILED: 0, SKIPPED: 0 };
  for (const o of outcomes) counts[o.status] += 1;
  const failures = outcomes
    .filter((o) => o.status === 'FAILED')
    .map((o) => ({ denialId: o.denialId, reason: o.reason ?? 'failed' }));
  await recordJobProgress(tx, job.id, ids, counts, failures);
  await audit(tx, job.tenantId, actor, {
    action: 'denials.bulk_correct',
    targetIds: ids,
    outcome: outcomeSummary(outcomes),
    correlationId: job.input.correlationId,
  });
}
