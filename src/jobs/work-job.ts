import { setTimeout as sleep, setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { BULK_JOB_KIND, BulkJobInput, runBulkBatch } from '../correction/bulk-job.js';
import type { Db } from '../db/db.js';
import { log } from '../log.js';
import { failJob, finishJobIfComplete, type JobRow } from './job.repository.js';

export interface WorkJobOptions {
  /** Denials per transaction. */
  readonly batchSize: number;
  /** Checked between batches: stop (leaving the rest to whoever works the job next). */
  readonly stopped?: () => boolean;
  /** Called after each batch with the number of items it finished. */
  readonly onBatch?: (done: number) => void;
}

/**
 * Works on one job, a batch per transaction, until nothing is left that nobody holds: the loop of
 * a `serve` process's job runner and of `reclaim correct --all`, which queues its job and works it
 * itself. `complete`: the job is done (nothing left, by anyone); `did`: items this call finished.
 */
export async function workJob(
  db: Db,
  job: JobRow,
  options: WorkJobOptions,
): Promise<{ did: number; complete: boolean }> {
  if (job.kind !== BULK_JOB_KIND) {
    await failJob(db, job.id, `unknown job kind ${job.kind}`);
    return { did: 0, complete: true };
  }
  const parsed = BulkJobInput.safeParse(job.input);
  if (!parsed.success) {
    await failJob(db, job.id, 'job input does not match its kind');
    return { did: 0, complete: true };
  }
  const target = { id: job.id, tenantId: job.tenantId, input: parsed.data };
  let did = 0;
  while (!options.stopped?.()) {
    const n = await runBulkBatch(db, target, options.batchSize);
    if (n.done > 0) options.onBatch?.(n.done);
    did += n.done;
    // Nothing left, or only denials other engines hold right now: come back later.
    if (n.claimed === 0 || n.done === 0) break;
    // Between batches, let the process's timers and sockets run. On embedded PGlite a batch's
    // queries resolve as promise continuations only, so without this a whole job ran before
    // any request was read: the job page could not poll it, and every other request waited.
    await yieldToEventLoop();
  }
  if (options.stopped?.()) return { did, complete: false };
  const complete = await finishJobIfComplete(db, job.id);
  if (complete) log.info({ job: job.id }, 'job done');
  return { did, complete };
}

/**
 * Works on a job until it is done, however many others work on it too (`reclaim correct --all`
 * in its own process): while only items others hold are left, it waits for them.
 */
export async function workJobToEnd(db: Db, job: JobRow, options: WorkJobOptions): Promise<void> {
  for (;;) {
    const { did, complete } = await workJob(db, job, options);
    if (complete || options.stopped?.()) return;
    if (did === 0) await sleep(BUSY_WAIT_MS);
  }
}

/** How long to wait when every item left is held by another engine (its batch takes longer). */
const BUSY_WAIT_MS = 50;
