import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { usd } from '../api/schemas/common.js';
import type { z } from 'zod';
import type { BulkDryRun } from '../api/schemas/auto-correction.js';
import type { Job } from '../api/schemas/jobs.js';
import { audit, type Actor } from '../audit/audit.service.js';
import type { Db, Queryable } from '../db/db.js';
import { findOwnDenialIds } from '../denial/denial-page.repository.js';
import { ReclaimError } from '../errors.js';
import { validInput } from '../input.js';
import { findJob, insertJob, insertJobItems, type JobRow } from '../jobs/job.repository.js';
import { project } from './bulk.js';
import { bulkCohortWhere, findBulkCohortIds } from './bulk-cohort.repository.js';
import { BulkCorrectInput } from './bulk-input.js';
import { BULK_JOB_KIND, type BulkJobInput } from './bulk-job.js';
import { lockDenials } from './denial-lock.repository.js';
import { DEFAULT_STALE_AFTER_MS, type EngineOptions } from './engine.js';
import { envelopeFor } from './envelope.js';
import { coveredCarcs } from './handlers/index.js';

/** Denials read per step of a dry run. */
const DRY_RUN_STEP = 1000;

/** How the caller's own process will run the job (the CLI's knobs; HTTP uses the defaults). */
export interface BulkRunOptions {
  /** Take over PENDING attempts older than this (`correct --all --stale-after`). */
  readonly staleAfterMs?: number;
}

/**
 * A cohort through the engine, whoever asks (`POST /denials/auto-correction/bulk`, `reclaim
 * correct --all`). Dry run: what each handler would do now, nothing written. Otherwise a job is
 * queued (and audited) in one transaction; any `serve` process's job runner, or the CLI that
 * queued it, works it (`workJob`), and its progress is at GET /jobs/:id.
 */
export async function bulkCorrect(
  db: Db,
  tenantId: string,
  raw: z.input<typeof BulkCorrectInput>,
  actor: Actor,
  run: BulkRunOptions = {},
): Promise<{ dryRun: true; result: BulkDryRun } | { dryRun: false; job: Job }> {
  const input = validInput(BulkCorrectInput, raw);
  if ('ids' in input.filter) {
    const own = await findOwnDenialIds(db, tenantId, input.filter.ids);
    const missing = input.filter.ids.filter((id) => !own.includes(id));
    if (missing.length > 0)
      throw new ReclaimError('NOT_FOUND', `denial ${missing[0]} not found`, { denialId: missing[0] });
  }
  // `owner: me` is the caller.
  const filter: BulkCorrectInput['filter'] =
    'ids' in input.filter || input.filter.owner !== 'me'
      ? input.filter
      : { ...input.filter, owner: actor.actor };
  const carc = 'carc' in filter ? filter.carc : undefined;
  const cohort = bulkCohortWhere(
    tenantId,
    filter,
    input.withWorkLeft
      ? {
          staleAfterMs: run.staleAfterMs ?? DEFAULT_STALE_AFTER_MS,
          retrySkipped: input.forceRetry,
          carcs: coveredCarcs().filter((c) => carc === undefined || c === carc),
        }
      : null,
  );
  if (input.dryRun)
    return {
      dryRun: true,
      result: await dryRun(db, tenantId, cohort, {
        ...(carc !== undefined ? { carc } : {}),
        forceRetry: input.forceRetry,
        ...(run.staleAfterMs !== undefined ? { staleAfterMs: run.staleAfterMs } : {}),
      }),
    };
  const id = randomUUID();
  const jobInput: BulkJobInput = {
    correlationId: input.correlationId ?? randomUUID(),
    forceRetry: input.forceRetry,
    actor: actor.actor,
    channel: actor.channel,
    requestId: actor.requestId,
    ...(carc !== undefined ? { carc } : {}),
    ...(input.orgId !== undefined ? { orgId: input.orgId } : {}),
    ...(run.staleAfterMs !== undefined ? { staleAfterMs: run.staleAfterMs } : {}),
  };
  const job = await db.transaction(async (tx) => {
    await insertJob(tx, { id, tenantId, kind: BULK_JOB_KIND, input: jobInput, createdBy: actor.actor });
    const total = await insertJobItems(tx, id, cohort);
    await audit(tx, tenantId, actor, {
      action: 'denials.bulk_submit',
      targetIds: 'ids' in input.filter ? input.filter.ids : [],
      outcome: `queued job ${id} with ${total} denials`,
      correlationId: jobInput.correlationId,
    });
    return findJob(tx, tenantId, id);
  });
  return { dryRun: false, job: jobView(job!) };
}

/** A job of the tenant; another tenant's job is NOT_FOUND. */
export async function jobStatus(db: Queryable, tenantId: string, jobId: string): Promise<Job> {
  const job = await findJob(db, tenantId, jobId);
  if (!job) throw new ReclaimError('NOT_FOUND', `job ${jobId} not found`, { jobId });
  return jobView(job);
}

function jobView(j: JobRow): Job {
  return {
    id: j.id,
    kind: j.kind,
    itemKind: itemKindOf(j.input),
    status: j.status,
    total: j.total,
    done: j.done,
    counts: { SUCCESS: 0, FAILED: 0, SKIPPED: 0, ...j.counts },
    failures: j.failures.map((f) => ({ denialId: f.denialId, account: f.account ?? null, reason: f.reason })),
    createdAt: j.createdAt,
    finishedAt: j.finishedAt,
  };
}

/** The kind of work item a job's input records (`insertJobItems`); a job with no items has none. */
function itemKindOf(input: Record<string, unknown>): Job['itemKind'] {
  const kind = input.itemKind;
  return kind === 'denial' || kind === 'patient_liability' || kind === 'mixed' ? kind : null;
}

/** What the job would do now, step by step (`project`: the same gate and handlers as the job). */
async function dryRun(
  db: Db,
  tenantId: string,
  cohort: { sql: string; params: unknown[] },
  engine: Pick<EngineOptions, 'carc' | 'forceRetry' | 'staleAfterMs'>,
): Promise<BulkDryRun> {
  const result: BulkDryRun = {
    dryRun: true,
    denials: 0,
    attempts: { SUCCESS: 0, FAILED: 0, SKIPPED: 0 },
    byHandler: {},
    bySkipReason: {},
    projectedRecovery: usd(0),
  };
  const options: EngineOptions = { envelope: envelopeFor(tenantId), ...engine };
  let after = 0;
  for (;;) {
    const ids = await findBulkCohortIds(db, cohort, after, DRY_RUN_STEP);
    if (ids.length === 0) break;
    after = ids.at(-1)!;
    // A read-only transaction: the handlers decide over one consistent snapshot of each step.
    const outcomes = await db.transaction(async (tx) =>
      project(tx, await lockDenialsFree(tx, tenantId, ids), options),
    );
    result.denials += ids.length;
    for (const o of outcomes) {
      result.attempts[o.status] += 1;
      const h = (result.byHandler[o.handlerName] ??= { SUCCESS: 0, FAILED: 0, SKIPPED: 0 });
      h[o.status] += 1;
      if (o.status === 'SKIPPED' && o.reason)
        result.bySkipReason[o.reason] = (result.bySkipReason[o.reason] ?? 0) + 1;
      result.projectedRecovery.cents += o.recoveredAmountCents;
    }
    // Let the process's timers and sockets run between steps (on PGlite a step's queries resolve
    // as promise continuations only; see the job runner).
    await yieldToEventLoop();
  }
  return result;
}

/** The denials of a dry-run step, read without locking (a dry run must not block real runs). */
async function lockDenialsFree(tx: Queryable, tenantId: string, ids: readonly number[]) {
  return lockDenials(tx, tenantId, ids, { lock: false });
}
