import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parseFlags } from '../flags.js';
import { runAction } from '../context.js';
import type { RegisterCommand } from './command.js';

const flags = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(3000),
  host: z.string().min(1).default('127.0.0.1'),
  dev: z.boolean().optional(),
  rateLimit: z.coerce.number().int().min(1).max(1_000_000_000).default(600),
  dbPool: z.coerce.number().int().min(1).max(200).default(10),
});

export const registerServe: RegisterCommand = (program, io, setExit) => {
  program
    .command('serve')
    .description('serve the HTTP API (and the web app under /ui/) until SIGINT or SIGTERM')
    .option('--port <n>', 'TCP port (0: any free port)', '3000')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--dev', 'development: generate a signing secret for this process and enable POST /dev/token')
    .option('--rate-limit <n>', 'mutating requests per minute per token subject', '600')
    .option('--db-pool <n>', 'connections to the PostgreSQL server', '10')
    .action(async (raw: Record<string, unknown>) => {
      setExit(
        await runAction(
          io,
          async (ctx) => {
            const f = parseFlags('serve', flags, raw);
            const { verifierFor, hs256Verifier } = await import('../../api/auth/verifier.js');
            const devSecret = f.dev ? randomBytes(32).toString('base64url') : undefined;
            // Without --dev a key must be configured: checked before the database is opened.
            const verifier = devSecret ? hs256Verifier(devSecret) : verifierFor(ctx.config.jwt);
            const db = await ctx.db({ poolSize: f.dbPool, bufferPool: 'large' });
            const { buildApp } = await import('../../api/app.js');
            const { pino } = await import('pino');
            const app = await buildApp({
              db,
              config: ctx.config,
              auth: { verifier, ...(devSecret ? { devSecret } : {}) },
              logger: pino({ level: ctx.config.logLevel, base: undefined }),
              rateLimitPerMinute: f.rateLimit,
            });
            const address = await app.listen({ port: f.port, host: f.host });
            // A command started beside the server is told which process holds the database.
            (await import('../../db/home-lock.js')).describeHeldLocks({
              port:
                app.server.address() && typeof app.server.address() === 'object'
                  ? (app.server.address() as { port: number }).port
                  : f.port,
            });
            io.out(`reclaim: serving on ${address} (${db.engine})`);
            if (devSecret)
              io.out(
                `reclaim: dev mode: sign in at ${address}/ui/ or POST ${address}/dev/token {"tenant":"default","scopes":["denials.read"]}`,
              );
            await new Promise<void>((resolve) => {
              const stop = () => resolve();
              process.once('SIGINT', stop);
              process.once('SIGTERM', stop);
            });
            // In-flight requests finish; the database closes after (runAction).
            await app.close();
            io.out('reclaim: stopped');
          },
          { tenant: false },
        ),
      );
    });
};
