// The worker side of `db-worker.ts`: owns one database (PGlite, or one connection to a server)
// and runs what the main thread sends, one message at a time, in order.
import { parentPort, workerData } from 'node:worker_threads';
import type { CopyOptions, Db } from './db.js';

/** What the thread opens. */
export type ThreadTarget = { engine: 'pglite'; dataDir: string } | { engine: 'postgres'; url: string };

export type Request =
  | { id: number; op: 'query'; sql: string; params: readonly unknown[] }
  | { id: number; op: 'exec'; sql: string }
  | {
      id: number;
      op: 'copyIn';
      table: string;
      columns: readonly string[];
      data: string | Uint8Array;
      options?: CopyOptions;
    }
  | { id: number; op: 'close' };

export type Reply = { id: number; rows?: unknown[]; error?: { message: string; code?: string } };

const port = parentPort;
if (!port) throw new Error('db-thread runs as a worker thread');

// This thread serves bulk work (see db-worker.ts). Each engine's driver is loaded only when used.
const target = workerData as ThreadTarget;
const db: Db =
  target.engine === 'pglite'
    ? await (await import('./pglite.js')).openPglite(target.dataDir)
    : await (await import('./postgres.js')).openPostgresConnection(target.url);
let queue = Promise.resolve();

port.on('message', (request: Request) => {
  queue = queue.then(async () => {
    try {
      switch (request.op) {
        case 'query':
          port.postMessage({
            id: request.id,
            rows: await db.query(request.sql, request.params),
          } satisfies Reply);
          return;
        case 'exec':
          await db.exec(request.sql);
          break;
        case 'copyIn':
          await db.copyIn(request.table, request.columns, request.data, request.options);
          break;
        case 'close':
          await db.close();
          break;
      }
      port.postMessage({ id: request.id } satisfies Reply);
    } catch (error) {
      const e = error as Error & { code?: string };
      port.postMessage({
        id: request.id,
        error: { message: e.message, ...(e.code ? { code: e.code } : {}) },
      } satisfies Reply);
    }
  });
});
port.postMessage({ id: 0 } satisfies Reply);
