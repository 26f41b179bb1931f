import type { Worker } from 'node:worker_threads';
import { ReclaimError, type ErrorCode } from '../errors.js';
import { startThread } from '../io/thread.js';
import type { FromThread, ToThread } from './batch-thread.js';
import { BatchDecider, type BatchJob, type BatchResult, type FileSpec } from './decide-batch.js';

const YOUNG_GENERATION_MB = 32;

/** Where the run sends batches to be decided; results come back through the callbacks, in any order. */
export interface Deciders {
  addFile(spec: FileSpec): void;
  /** The file was ingested before: its later batches need no COPY rows. */
  notStored(order: number): void;
  submit(job: BatchJob): void;
  close(): Promise<void>;
}

export interface DeciderEvents {
  result(result: BatchResult): void;
  /** `order`: the input whose batch failed, when it was a batch. */
  failed(error: Error, order?: number): void;
}

/** Decides in this thread, one batch after another (small inputs: no thread start-up). */
export class LocalDeciders implements Deciders {
  private readonly decider: BatchDecider;
  private queue = Promise.resolve();

  constructor(
    classifierThreshold: number | undefined,
    private readonly events: DeciderEvents,
  ) {
    this.decider = new BatchDecider(classifierThreshold);
  }

  addFile(spec: FileSpec): void {
    this.decider.addFile(spec);
  }

  notStored(order: number): void {
    this.decider.notStored(order);
  }

  submit(job: BatchJob): void {
    this.queue = this.queue.then(async () => {
      try {
        this.events.result(await this.decider.decide(job));
      } catch (error) {
        this.events.failed(error as Error, job.order);
      }
    });
  }

  close(): Promise<void> {
    return this.queue;
  }
}

/**
 * Decides on worker threads, the other cores. Each batch goes to the thread with the fewest batches
 * outstanding; every thread knows every file. The threads start (and load the classifier) as soon
 * as this is made, which the run does while its database opens.
 */
export class ThreadDeciders implements Deciders {
  private readonly threads: { worker: Worker; outstanding: number }[] = [];
  private closed = false;

  constructor(count: number, classifierThreshold: number | undefined, events: DeciderEvents) {
    for (let i = 0; i < count; i++) {
      const worker = startThread(import.meta.url, 'batch-thread', {
        workerData: { classifierThreshold },
        // A batch's garbage is short-lived, but its rows stay alive until the batch is decided,
        // and every young-generation collection copies them. At 16 MB a thread collected about
        // every other batch, 50 to 60 times a million rows; 32 MB halves that: about 8 % less wall
        // time on both engines (four alternating runs each), with no higher peak memory at 1 M
        // rows and 17 MB more at 5 M on the server.
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      });
      const thread = { worker, outstanding: 0 };
      worker.on('message', (message: FromThread) => {
        if (message.t === 'failed') {
          const error =
            message.code === undefined
              ? new Error(message.message)
              : new ReclaimError(message.code as ErrorCode, message.message);
          return events.failed(error, message.order);
        }
        thread.outstanding--;
        events.result(message.result);
      });
      worker.on('error', (error) => events.failed(error));
      worker.on('exit', (code) => {
        if (!this.closed) events.failed(new Error(`a batch thread stopped (exit code ${code})`));
      });
      this.threads.push(thread);
    }
  }

  addFile(spec: FileSpec): void {
    for (const { worker } of this.threads) worker.postMessage({ t: 'file', spec } satisfies ToThread);
  }

  notStored(order: number): void {
    for (const { worker } of this.threads) worker.postMessage({ t: 'notStored', order } satisfies ToThread);
  }

  submit(job: BatchJob): void {
    let best = this.threads[0]!;
    for (const thread of this.threads) if (thread.outstanding < best.outstanding) best = thread;
    best.outstanding++;
    best.worker.postMessage({ t: 'batch', job } satisfies ToThread);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map(({ worker }) => worker.terminate()));
  }
}
