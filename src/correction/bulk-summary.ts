import type { Queryable } from '../db/db.js';
import { ReclaimError } from '../errors.js';
import { findJob } from '../jobs/job.repository.js';
import type { BulkSummary } from './bulk.js';
import { BulkJobInput } from './bulk-job.js';
import { countEventsOf, summariseAttemptsOf } from './run-log.repository.js';

/**
 * What a bulk job did, read back from the job and the attempt log (`reclaim correct --all`): the
 * sweep's summary, whose `attempts` count every handler run (a SKIPPED that wrote no row, because a
 * live attempt stood, included) while `byHandler` and `bySkipReason` count the attempts the job
 * wrote, plus `live_attempt` for the runs short-circuited by a live attempt.
 */
export interface BulkJobSummary extends BulkSummary {
  readonly dryRun: false;
  readonly jobId: string;
  readonly correlationId: string;
}

export async function bulkJobSummary(
  db: Queryable,
  tenantId: string,
  jobId: string,
): Promise<BulkJobSummary> {
  const job = await findJob(db, tenantId, jobId);
  if (!job) throw new ReclaimError('NOT_FOUND', `job ${jobId} not found`, { jobId });
  const { correlationId } = BulkJobInput.parse(job.input);
  const log = await summariseAttemptsOf(db, tenantId, correlationId);
  const byHandler: BulkSummary['byHandler'] = {};
  const bySkipReason: Record<string, number> = {};
  let recoveredAmountCents = 0;
  for (const r of log.rows) {
    const h = (byHandler[r.handlerName] ??= { SUCCESS: 0, FAILED: 0, SKIPPED: 0 });
    h[r.status] += r.n;
    if (r.status === 'SKIPPED' && r.reason) bySkipReason[r.reason] = (bySkipReason[r.reason] ?? 0) + r.n;
    recoveredAmountCents += r.recoveredAmountCents;
  }
  const attempts = { SUCCESS: 0, FAILED: 0, SKIPPED: 0, ...job.counts };
  const logged = Object.values(byHandler).reduce((n, t) => n + t.SKIPPED, 0);
  if (attempts.SKIPPED > logged) bySkipReason.live_attempt = attempts.SKIPPED - logged;
  return {
    dryRun: false,
    jobId,
    correlationId,
    denials: job.done,
    attempts,
    byHandler,
    bySkipReason,
    recoveredAmountCents,
    rebilledClaims: log.rebilledClaims,
    events: await countEventsOf(db, tenantId, correlationId),
  };
}
