// The worker side of `ThreadDeciders` (deciders.ts): decides the batches the run sends, in the
// order they arrive, and sends each result back with its buffers moved, not copied.
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { ReclaimError } from '../errors.js';
import {
  BatchDecider,
  transferList,
  type BatchJob,
  type BatchResult,
  type FileSpec,
} from './decide-batch.js';

/** Added to the thread's nice value: a lower priority than the run's other threads (see below). */
const DECIDER_NICENESS = 10;

/** Run → thread. */
export type ToThread =
  { t: 'file'; spec: FileSpec } | { t: 'notStored'; order: number } | { t: 'batch'; job: BatchJob };

/** Thread → run. */
export type FromThread =
  { t: 'result'; result: BatchResult } | { t: 'failed'; message: string; code?: string; order?: number };

const port = parentPort;
if (!port) throw new Error('batch-thread runs as a worker thread');

// Deciders are throughput work, and usually ahead: they yield the cores to what gates the rest of
// the run (the main thread's reading and merging, the database thread) whenever both want one.
// On Linux a nice value belongs to one thread (elsewhere it would slow the whole process, so it
// is left alone). Four alternating runs: about 4 % less wall time on both engines.
if (process.platform === 'linux') {
  try {
    setPriority(Math.min(19, getPriority() + DECIDER_NICENESS));
  } catch {
    // Not allowed here: the thread runs at the process's priority.
  }
}

const decider = new BatchDecider((workerData as { classifierThreshold?: number }).classifierThreshold);
// One message at a time, in order: a batch's rows are read asynchronously.
let queue = Promise.resolve();
port.on('message', (message: ToThread) => {
  queue = queue.then(async () => {
    try {
      if (message.t === 'file') return decider.addFile(message.spec);
      if (message.t === 'notStored') return decider.notStored(message.order);
      const result = await decider.decide(message.job);
      port.postMessage({ t: 'result', result } satisfies FromThread, transferList(result));
    } catch (error) {
      port.postMessage({
        t: 'failed',
        message: (error as Error).message,
        ...(error instanceof ReclaimError ? { code: error.code } : {}),
        ...(message.t === 'batch' ? { order: message.job.order } : {}),
      } satisfies FromThread);
    }
  });
});
