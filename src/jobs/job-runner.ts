import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../db/db.js';
import { log } from '../log.js';
import { findUnfinishedJobs, type JobRow } from './job.repository.js';
import { workJob } from './work-job.js';

export interface JobRunnerOptions {
  /** How often to look for work when idle. */
  readonly pollMs?: number;
  /** Denials per transaction. */
  readonly batchSize?: number;
}

/**
 * Works on unfinished jobs in the background of a `serve` process. Any number of processes may
 * run one against the same database: items are claimed with SKIP LOCKED, so they share the work
 * and a process that dies leaves its uncommitted batch to the others. (pg-boss and
 * graphile-worker need a server connection of their own; this also runs on embedded PGlite.)
 */
export class JobRunner {
  private stopped = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private readonly pollMs: number;
  private readonly batchSize: number;

  constructor(
    private readonly db: Db,
    options: JobRunnerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.batchSize = options.batchSize ?? 100;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** New work was queued: look now rather than at the next poll. */
  kick(): void {
    this.wake?.();
  }

  /** Stops after the batch in progress (which commits or rolls back as a whole). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.kick();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let progressed = false;
      try {
        const jobs: JobRow[] = await findUnfinishedJobs(this.db, 10);
        for (const job of jobs) {
          if (this.stopped) break;
          if (await this.work(job)) progressed = true;
        }
      } catch (error) {
        log.error({ code: (error as { code?: string }).code }, 'job runner: will retry');
      }
      // Items other processes hold are not progress: wait for them (or new work) instead of spinning.
      if (!this.stopped && !progressed) await this.idle();
    }
  }

  private async idle(): Promise<void> {
    const ac = new AbortController();
    const woken = new Promise<void>((resolve) => (this.wake = resolve));
    await Promise.race([sleep(this.pollMs, undefined, { signal: ac.signal }).catch(() => undefined), woken]);
    ac.abort();
    this.wake = undefined;
  }

  /** Works on a job until nothing is left that nobody holds; true when it did anything. */
  private async work(job: JobRow): Promise<boolean> {
    const { did, complete } = await workJob(this.db, job, {
      batchSize: this.batchSize,
      stopped: () => this.stopped,
    });
    return did > 0 || complete;
  }
}
