import { createHash } from 'node:crypto';
import { realpathSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { ReclaimError } from '../errors.js';
import { makeDirectory } from '../io/directories.js';
import { lockCommand } from './lock-command.js';

/**
 * One process at a time opens an embedded database: PGlite is one PostgreSQL backend with no
 * locking of its own, and two processes writing one data directory lost runs and, now and then,
 * left it unopenable.
 *
 * The lock is a listening Unix socket. On Linux it lives in the abstract namespace (its name starts
 * with a NUL byte; no file), named after the real path of RECLAIM_HOME: the kernel frees it when
 * its process dies, however it dies, so a killed run never leaves a stale lock. Elsewhere it is a
 * socket file in RECLAIM_HOME, taken over when nobody answers on it. The holder answers whoever
 * connects with who it is (command, pid, port), so the one who waits can say.
 */
export interface LockHolder {
  readonly pid: number;
  /** What holds it: `reclaim run`, `reclaim serve`, … */
  readonly command: string;
  readonly port?: number;
}

export interface HomeLock {
  /** Updates what the holder says about itself (a server once it listens: its port). */
  describe(update: Partial<Omit<LockHolder, 'pid'>>): void;
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long to wait for another holder, in ms. */
  readonly waitMs: number;
  /** Called once when the lock is held elsewhere and we start waiting. */
  readonly onWait?: (holder: LockHolder | null) => void;
}

/** Holds per home in this process: the commands of one process share the lock (tests run several). */
const held = new Map<string, { server: Server; me: { value: LockHolder }; count: number }>();

/** What this process says it is (the CLI sets it from its own module, without loading this one). */
export { setLockCommand } from './lock-command.js';

/** Updates what every lock this process holds says about it (a server, once it listens: its port). */
export function describeHeldLocks(update: Partial<Omit<LockHolder, 'pid'>>): void {
  for (const entry of held.values()) entry.me.value = { ...entry.me.value, ...update };
}

/** Waits for and takes the lock of `home`; a ReclaimError (exit 3) once `waitMs` has passed. */
export async function lockHome(home: string, options: LockOptions): Promise<HomeLock> {
  makeDirectory(home);
  const real = realpathSync(home);
  const address = socketAddress(real);
  let entry = held.get(real);
  if (!entry) {
    const me = { value: { pid: process.pid, command: lockCommand() } as LockHolder };
    const server = await acquire(real, address, me, options);
    entry = { server, me, count: 0 };
    held.set(real, entry);
  }
  entry.count++;
  const mine = entry;
  let released = false;
  return {
    describe(update) {
      mine.me.value = { ...mine.me.value, ...update };
    },
    async release() {
      if (released) return;
      released = true;
      if (--mine.count > 0) return;
      held.delete(real);
      await new Promise<void>((resolve) => mine.server.close(() => resolve()));
    },
  };
}

async function acquire(
  real: string,
  address: string,
  me: { value: LockHolder },
  options: LockOptions,
): Promise<Server> {
  const deadline = Date.now() + options.waitMs;
  let told = false;
  let holder: LockHolder | null = null;
  for (;;) {
    const server = await listen(address, me);
    if (server) return server;
    holder = await ask(address);
    if (holder === null && process.platform !== 'linux') {
      // A socket file nobody answers on: its process is gone.
      rmSync(address, { force: true });
      continue;
    }
    // A server holds the database for its lifetime: waiting for it is pointless.
    if (holder?.command === 'reclaim serve' || Date.now() >= deadline) break;
    if (!told) {
      told = true;
      options.onWait?.(holder);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new ReclaimError(
    'DATABASE_UNAVAILABLE',
    `the embedded database in ${real} is in use by ${describeHolder(holder)}; stop that process, or set DATABASE_URL to use a PostgreSQL server that several processes can share`,
    { home: real, ...(holder ? { holder } : {}) },
  );
}

export function describeHolder(holder: LockHolder | null): string {
  if (holder === null) return 'another process';
  return `${holder.command} (pid ${holder.pid}${holder.port === undefined ? '' : `, port ${holder.port}`})`;
}

function socketAddress(real: string): string {
  const hash = createHash('sha256').update(real).digest('hex').slice(0, 32);
  return process.platform === 'linux' ? `\0reclaim-${hash}` : join(real, '.lock.sock');
}

/** Listens on the address; null when someone else does. */
function listen(address: string, me: { value: LockHolder }): Promise<Server | null> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.end(JSON.stringify(me.value));
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(null);
      else reject(error);
    });
    server.listen(address, () => {
      // The lock must not keep a process alive that has nothing else to do.
      server.unref();
      resolve(server);
    });
  });
}

/** Asks the holder who it is; null when it does not answer (gone, or not one of ours). */
function ask(address: string): Promise<LockHolder | null> {
  return new Promise((resolve) => {
    let text = '';
    const socket = createConnection(address);
    const done = (holder: LockHolder | null) => {
      socket.destroy();
      resolve(holder);
    };
    socket.setTimeout(1000, () => done(null));
    socket.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.length > 4096) done(null);
    });
    socket.on('end', () => {
      try {
        const value = JSON.parse(text) as Partial<LockHolder>;
        done(
          typeof value.pid === 'number' && typeof value.command === 'string'
            ? {
                pid: value.pid,
                command: value.command,
                ...(typeof value.port === 'number' ? { port: value.port } : {}),
              }
            : null,
        );
      } catch {
        done(null);
      }
    });
    socket.on('error', () => done(null));
  });
}
