import { startThread } from '../io/thread.js';
import { oneTransaction, type Db, type Queryable, type Row } from './db.js';
import type { Reply, Request, ThreadTarget } from './db-thread.js';

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
export function openPgliteInWorker(dataDir: string): Promise<Db> {
  return openInWorker({ engine: 'pglite', dataDir });
}

/**
 * One connection to a PostgreSQL server, driven from a worker thread, for bulk loads. The server
 * works in its own process either way, but a connection in the main thread hears that a COPY is
 * done, and starts the next, only when the main thread is between two pieces of reading: on a
 * 20 MB 835 the server sat idle 0.19 s between statements alone, of the 1.43 s its COPYs spanned.
 * On a thread of its own the connection answers at once, and `copyInMany` hands it a whole batch
 * (six alternated runs: a 20 MB 835 1.77 → 1.60 s, a 20 MB 837 1.68 → 1.57 s).
 */
export function openPostgresInWorker(url: string): Promise<Db> {
  return openInWorker({ engine: 'postgres', url });
}

async function openInWorker(target: ThreadTarget): Promise<Db> {
  // The thread's own JavaScript makes little garbage (messages in, rows out; the database works in
  // WebAssembly memory or in the server): a young generation of 4 MB rather than the default 16
  // keeps it about 12 MB smaller, for some more, shorter collections (a 20 MB 837 on PGlite: 27
  // scavenges instead of 11, and less time collecting in all, 48 ms against 63).
  const worker = startThread(import.meta.url, 'db-thread', {
    workerData: target,
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
    // All sent at once: the thread's queue runs them in order, each as soon as the last is done.
    copyInMany: async (loads) =>
      void (await Promise.all(
        loads.map(({ table, columns, data, options }) =>
          send({ op: 'copyIn', table, columns, data, ...(options ? { options } : {}) }),
        ),
      )),
  };
  return {
    engine: target.engine,
    ...ops,
    transaction: (fn) => oneTransaction(ops.exec, () => fn(ops)),
    async close() {
      await send({ op: 'close' }).catch(() => undefined);
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
