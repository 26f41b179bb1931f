import { startThread } from '../io/thread.js';
import type { Db, Queryable, Row } from './db.js';
import type { Reply, Request } from './pglite-thread.js';

type Pending = { resolve: (rows: unknown[]) => void; reject: (error: Error) => void };
type Send = (
  request: Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never,
) => Promise<unknown[]>;

/**
 * Embedded PostgreSQL on a worker thread. PGlite executes in the thread that calls it, so a bulk
 * load in the main thread stalls parsing; on its own thread the database works on the second core
 * while the main thread reads and decides. Same `Db` interface; transactions are BEGIN/COMMIT on
 * the single connection, serialised by the worker's queue.
 */
export async function openPgliteInWorker(dataDir: string): Promise<Db> {
  // The thread's own JavaScript makes little garbage (messages in, rows out; the database works in
  // WebAssembly memory): a young generation of 4 MB rather than the default 16 keeps it about 12 MB
  // smaller, for some more, shorter collections (a 20 MB 837: 27 scavenges instead of 11, and less
  // time collecting in all, 48 ms against 63).
  const worker = startThread(import.meta.url, 'pglite-thread', {
    workerData: { dataDir },
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
  const pending = new Map<number, Pending>();
  let next = 1;
  let failed: Error | null = null;

  const ready = new Promise<void>((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(), reject });
  });
  worker.on('message', (reply: Reply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.error)
      waiter.reject(
        Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {}),
      );
    else waiter.resolve(reply.rows ?? []);
  });
  const fail = (error: Error) => {
    failed = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the database thread exited (code ${code})`)));
  await ready;

  const send: Send = (request) => {
    if (failed) return Promise.reject(failed);
    const id = next++;
    // Bulk bytes move to the thread instead of being copied, when they have a buffer of their
    // own (a view into a larger or pooled buffer is copied: moving it would take the rest along,
    // and Node refuses to move its pool).
    const data = 'data' in request ? request.data : undefined;
    const transfer =
      data instanceof Uint8Array && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength
        ? [data.buffer as ArrayBuffer]
        : [];
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id }, transfer);
    });
  };
  const ops: Queryable = {
    query: async <T extends Row>(sql: string, params: readonly unknown[] = []) =>
      (await send({ op: 'query', sql, params })) as T[],
    exec: async (sql) => void (await send({ op: 'exec', sql })),
    copyIn: async (table, columns, data, options) =>
      void (await send({ op: 'copyIn', table, columns, data, ...(options ? { options } : {}) })),
  };
  return {
    engine: 'pglite',
    ...ops,
    async transaction(fn) {
      await ops.exec('BEGIN');
      try {
        const result = await fn(ops);
        await ops.exec('COMMIT');
        return result;
      } catch (error) {
        await ops.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    async close() {
      await send({ op: 'close' }).catch(() => undefined);
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
