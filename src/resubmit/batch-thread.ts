// The worker side of `ThreadDeciders` (deciders.ts): decides the batches the run sends, in the
// order they arrive, and sends each result back with its buffers moved, not copied.
import { parentPort, workerData } from 'node:worker_threads';
import { ReclaimError } from '../errors.js';
import {
  BatchDecider,
  transferList,
  type BatchJob,
  type BatchResult,
  type FileSpec,
} from './decide-batch.js';

/** Run → thread. */
export type ToThread = { t: 'file'; spec: FileSpec } | { t: 'batch'; job: BatchJob };

/** Thread → run. */
export type FromThread =
  { t: 'result'; result: BatchResult } | { t: 'failed'; message: string; code?: string; order?: number };

const port = parentPort;
if (!port) throw new Error('batch-thread runs as a worker thread');

const decider = new BatchDecider((workerData as { classifierThreshold?: number }).classifierThreshold);
// One message at a time, in order: a batch's rows are read asynchronously.
let queue = Promise.resolve();
port.on('message', (message: ToThread) => {
  queue = queue.then(async () => {
    try {
      if (message.t === 'file') return decider.addFile(message.spec);
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
