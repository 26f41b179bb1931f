import { AsyncLocalStorage } from 'node:async_hooks';
import type { Config } from '../config/config.js';
import type { Db } from '../db/db.js';
import type { OpenOptions } from '../db/open.js';
import { exitCode, ReclaimError } from '../errors.js';
import { log } from '../log.js';

/** What every command action receives: configuration and, opened on first use, the database. */
export interface CommandContext {
  readonly config: Config;
  /** The database, opened on first use (the first caller's options apply). */
  db(options?: OpenOptions): Promise<Db>;
}

/** What the command line said beyond a command's own flags: `--tenant`. */
export interface Invocation {
  tenant?: string;
}

/** The invocation being run (one per `main` call, so in-process tests never share one). */
export const invocation = new AsyncLocalStorage<Invocation>();

/** Where a command writes: injectable so tests can capture output. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly isTty: boolean;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
  isTty: Boolean(process.stderr.isTTY),
};

/**
 * Runs a command action at the edge: loads configuration, opens the database lazily, closes it,
 * and turns errors into a one-line message and a meaningful exit code. A command that reads no
 * configuration and no database (`x12 parse`) passes `{ config: false }` and starts faster.
 */
export async function runAction(
  io: Io,
  action: (ctx: CommandContext) => Promise<number | void>,
  options: { config?: boolean; tenant?: boolean } = {},
): Promise<number> {
  let opened: Promise<Db> | undefined;
  try {
    const config = options.config === false ? undefined : await loadWithTenant();
    const configured = (): Config => {
      if (!config) throw new Error('this command runs without configuration');
      return config;
    };
    // The drivers load only when a command needs the database.
    // A command that works on a tenant's data first checks the tenant exists: an unknown one is
    // a one-line error (exit 2), never a foreign-key failure half-way through.
    const open = async (openOptions?: OpenOptions) => {
      const db = await (await import('../db/open.js')).openDatabase(configured(), openOptions);
      if (options.tenant !== false) {
        try {
          await (await import('../tenant/require-tenant.js')).requireTenant(db, configured().tenant);
        } catch (error) {
          await db.close();
          throw error;
        }
      }
      return db;
    };
    const ctx: CommandContext = {
      get config() {
        return configured();
      },
      db: (openOptions) => (opened ??= open({ onWait: (m) => io.err(`reclaim: ${m}`), ...openOptions })),
    };
    const code = await action(ctx);
    // Only a number is an exit code: an action that returns what io.out returned (a stream's
    // write gives true) must not become the process's exit code.
    return typeof code === 'number' ? code : 0;
  } catch (error) {
    if (error instanceof ReclaimError) {
      io.err(`reclaim: ${error.message}`);
      return exitCode(error.code);
    }
    log.error({ err: error }, 'unexpected error');
    io.err(`reclaim: unexpected error: ${(error as Error).message}`);
    return 1;
  } finally {
    if (opened) await opened.then((db) => db.close()).catch(() => undefined);
  }
}

/** Configuration, with the tenant `--tenant` names in place of RECLAIM_TENANT. */
async function loadWithTenant(): Promise<Config> {
  const config = (await import('../config/config.js')).loadConfig();
  const given = invocation.getStore()?.tenant;
  if (given === undefined) return config;
  const { TENANT_ID_PATTERN, TENANT_ID_RULE } = await import('../tenant/tenant-id.js');
  if (!TENANT_ID_PATTERN.test(given))
    throw new ReclaimError('VALIDATION_FAILED', `--tenant: ${TENANT_ID_RULE}`, { field: 'tenant' });
  return Object.freeze({ ...config, tenant: given });
}
