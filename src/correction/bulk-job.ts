import { z } from 'zod';
import { audit, type Actor } from '../audit/audit.service.js';
import type { Db, Tx } from '../db/db.js';
import { claimJobItems, recordJobProgress } from '../jobs/job.repository.js';
import { log } from '../log.js';
import {
  claimSlots,
  newClaimToken,
  recordBatchFailure,
  writeOutcomes,
  type HandlerOutcome,
} from './engine.js';
import { lockDenials } from './denial-lock.repository.js';
import type { Envelope } from './types.js';
import { outcomeSummary } from './correction.service.js';

/** What a bulk-correction job keeps in `billing.job.input`. */
export const BulkJobInput = z.object({
  correlationId: z.string(),
  forceRetry: z.boolean(),
  actor: z.string(),
  channel: z.enum(['http', 'cli']),
  requestId: z.string().nullable(),
});
export type BulkJobInput = z.infer<typeof BulkJobInput>;

export const BULK_JOB_KIND = 'denials.bulk_correct';

/** PostgreSQL errors where running the batch again may succeed: serialization, deadlock, unique. */
const RETRYABLE: ReadonlySet<string> = new Set(['40001', '40P01', '23505', 'SLOT_LOST']);
const MAX_TRIES = 3;

/**
 * One batch of a bulk job: claims up to `size` items nobody holds, runs the engine on them and
 * records their outcomes, the job's progress and the audit record in ONE transaction. Returns how
 * many items it did (0: none left that nobody holds).
 */
export async function runBulkBatch(
  db: Db,
  job: { id: string; tenantId: string; input: BulkJobInput },
  size: number,
): Promise<number> {
  const envelope: Envelope = { tenantId: job.tenantId, orgId: null, correlationId: job.input.correlationId };
  const options = { envelope, forceRetry: job.input.forceRetry };
  const actor: Actor = { actor: job.input.actor, channel: job.input.channel, requestId: job.input.requestId };
  for (let tries = 1; ; tries++) {
    let ids: number[] = [];
    try {
      return await db.transaction(async (tx) => {
        ids = await claimJobItems(tx, job.id, size);
        if (ids.length === 0) return 0;
        const outcomes = await correctLocked(tx, job.tenantId, ids, options);
        await finishBatch(tx, job, ids, outcomes, actor);
        return ids.length;
      });
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (ids.length === 0 || (RETRYABLE.has(code) && tries < MAX_TRIES)) {
        if (ids.length === 0) throw error;
        continue;
      }
      // The batch cannot be written: its pairs become FAILED attempts (retryable later) and its
      // items are done, so the job moves on instead of meeting the same error for ever.
      log.error({ job: job.id, denials: ids.length, code }, 'bulk job batch failed');
      return db.transaction(async (tx) => {
        const again = await claimJobItems(tx, job.id, size);
        const mine = again.filter((id) => ids.includes(id));
        const locked = await lockDenials(tx, job.tenantId, mine);
        const token = newClaimToken();
        const held = (await claimSlots(tx, locked, options, token, 'locked')).held;
        const failed = await recordBatchFailure(tx, held, options, token, error);
        await finishBatch(tx, job, mine, failed.outcomes, actor);
        return mine.length;
      });
    }
  }
}

async function correctLocked(
  tx: Tx,
  tenantId: string,
  ids: readonly number[],
  options: { envelope: Envelope; forceRetry: boolean },
): Promise<HandlerOutcome[]> {
  const token = newClaimToken();
  const locked = await lockDenials(tx, tenantId, ids);
  const claimed = await claimSlots(tx, locked, options, token, 'locked');
  const done = await writeOutcomes(tx, claimed.held, options, token);
  return [...claimed.early, ...done.outcomes];
}

async function finishBatch(
  tx: Tx,
  job: { id: string; tenantId: string; input: BulkJobInput },
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
