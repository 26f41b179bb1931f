// One database reached through both doors: `reclaim …` run in this process (as the CLI tests do)
// and the HTTP app (`app.inject`), so a test can give both the same input and compare.
import { buildApp, type App } from '../../src/api/app.js';
import { signToken } from '../../src/api/auth/sign.js';
import { hs256Verifier } from '../../src/api/auth/verifier.js';
import { SCOPES } from '../../src/api/schemas/common.js';
import { loadConfig } from '../../src/config/config.js';
import type { Db, Engine } from '../../src/db/db.js';
import { openDatabase } from '../../src/db/open.js';
import { freshDb, type TestDb } from './databases.js';
import { tempDir } from './temp.js';
import { reclaimInProcess } from './cli.js';

const SECRET = 'test-secret-that-is-long-enough-0123456789';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export interface TwoDoors {
  /** `reclaim …` in this process against the database. */
  reclaim(...args: string[]): Promise<CliRun>;
  /**
   * The HTTP app over the same database, with a token of every scope, while `use` runs. On the
   * embedded database the app holds it (as `serve` would), so no command runs meanwhile.
   */
  withApp<T>(use: (app: App, token: string) => Promise<T>): Promise<T>;
  /** The working directory of the test (the embedded database's RECLAIM_HOME, files). */
  readonly home: string;
  dispose(): Promise<void>;
}

const KEYS = ['DATABASE_URL', 'RECLAIM_HOME', 'RECLAIM_TENANT', 'NATS_URL'] as const;

/**
 * PGlite: an embedded database in a temporary RECLAIM_HOME, opened by each command in turn and
 * by the app in between. The server: a fresh database of the test's own.
 */
export async function twoDoors(engine: Engine): Promise<TwoDoors> {
  const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  const home = tempDir('reclaim-doors-');
  const server: TestDb | undefined = engine === 'postgres' ? await freshDb('postgres') : undefined;
  process.env.RECLAIM_HOME = home;
  if (server) process.env.DATABASE_URL = server.url!;
  else delete process.env.DATABASE_URL;
  delete process.env.RECLAIM_TENANT;
  delete process.env.NATS_URL;
  return {
    home,
    reclaim: reclaimInProcess,
    async withApp(use) {
      const config = loadConfig({});
      const db: Db = server ?? (await openDatabase({ ...config, home, databaseUrl: undefined }));
      const app = await buildApp({ db, config, auth: { verifier: hs256Verifier(SECRET) }, runJobs: false });
      try {
        const token = await signToken(SECRET, {
          tenant: 'default',
          scopes: SCOPES,
          subject: 'tester',
          ttlSeconds: 300,
        });
        return await use(app, token);
      } finally {
        await app.close();
        if (!server) await db.close();
      }
    },
    async dispose() {
      await server?.dispose();
      for (const k of KEYS)
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
    },
  };
}
