import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from '../config/config.js';
import type { Db } from '../db/db.js';
import { authenticate } from './auth/authenticate.js';
import type { Verifier } from './auth/verifier.js';
import { installErrorHandler } from './error-handler.js';
import { JobRunner, type JobRunnerOptions } from '../jobs/job-runner.js';
import { routes } from './routes/index.js';

/** How requests are authenticated; `devSecret` only under `serve --dev` (enables /dev/*). */
export interface ApiAuth {
  readonly verifier: Verifier;
  readonly devSecret?: string;
}

export interface AppOptions {
  readonly db: Db;
  readonly config: Config;
  readonly auth: ApiAuth;
  /** A pino logger, or false (the default) for none. */
  readonly logger?: FastifyBaseLogger | false;
  /** Mutating requests per minute per token subject (default 600). */
  readonly rateLimitPerMinute?: number;
  /** Run queued background jobs in this process (default true), and how. */
  readonly runJobs?: boolean;
  readonly jobOptions?: JobRunnerOptions;
}

/** Request bodies are small JSON documents; anything larger is refused with 413. */
const BODY_LIMIT_BYTES = 256 * 1024;

export type App = FastifyInstance;

/** Every route an app registered (HEAD routes fastify adds by itself left out). */
interface RouteInfo {
  readonly method: string;
  readonly url: string;
  readonly scope: string | null;
  /** Left out of the OpenAPI document on purpose (the web app's static files). */
  readonly hidden: boolean;
}
const registered = new WeakMap<object, RouteInfo[]>();
export function registeredRoutes(app: App): readonly RouteInfo[] {
  return registered.get(app) ?? [];
}

/**
 * The HTTP API: one Fastify instance over the same services as the CLI. Routes are shells that
 * declare their zod schemas and scope (`config.scope`); authentication, errors and request ids are
 * handled here once.
 */
export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    forceCloseConnections: 'idle',
    // Fastify's own request log carries the URL with its query string (a search may hold an
    // account number); the hook below logs the route pattern instead.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  waitForHandlersOnClose(app);
  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        route: req.routeOptions.url ?? null,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  installErrorHandler(app);
  const routeList: RouteInfo[] = [];
  registered.set(app, routeList);
  // Scoped routes are documented as needing the bearer token (before swagger collects routes).
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      if (method !== 'HEAD')
        routeList.push({
          method,
          url: route.url,
          scope: route.config?.scope ?? null,
          hidden: (route.schema as { hide?: boolean } | undefined)?.hide === true,
        });
    const scope = route.config?.scope;
    if (!scope || !route.schema) return;
    route.schema = {
      ...route.schema,
      security: [{ bearer: [] }],
      description: [
        route.schema.description,
        scope === '*' ? 'Any valid token.' : `Requires scope \`${scope}\`.`,
      ]
        .filter(Boolean)
        .join(' '),
    };
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
  });
  await app.register(rateLimit, {
    global: false,
    max: options.rateLimitPerMinute ?? 600,
    timeWindow: 60_000,
    keyGenerator: (req) => req.principal?.subject ?? req.ip,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Reclaim API',
        version: '1.0.0',
        description: 'Denied-claim recovery: worklist, auto-correction, reports.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: jsonSchemaTransform,
  });
  authenticate(app, options.db, options.auth.verifier);
  const jobs = options.runJobs === false ? null : new JobRunner(options.db, options.jobOptions);
  if (jobs) {
    app.addHook('onReady', async () => jobs.start());
    // Before the database closes: the batch in progress commits or rolls back as a whole.
    app.addHook('onClose', async () => jobs.stop());
  }
  await app.register(routes, {
    db: options.db,
    config: options.config,
    auth: options.auth,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 600,
    jobs,
  });
  return app;
}

/** How long close waits for running handlers before it lets the database go anyway. */
const HANDLER_DRAIN_MS = 30_000;

/**
 * Close resolves once the sockets are gone, and a client that gave up (a benchmark's last
 * requests, a closed tab) takes its socket with it while its handler still runs; the database
 * would then close under that handler (a correction left PENDING, an error in the log). So every
 * request counts until its reply is sent, and close waits for the count to reach zero.
 */
function waitForHandlersOnClose(app: FastifyInstance): void {
  let running = 0;
  let drained: (() => void) | null = null;
  const finished = new WeakSet<object>();
  const finish = (req: object) => {
    if (finished.has(req)) return;
    finished.add(req);
    running--;
    if (running === 0) drained?.();
  };
  app.addHook('onRequest', async () => {
    running++;
  });
  app.addHook('onSend', async (req, _reply, payload) => {
    finish(req);
    return payload;
  });
  app.addHook('onResponse', async (req) => finish(req));
  app.addHook('onClose', async () => {
    if (running === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, HANDLER_DRAIN_MS);
      drained = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  });
}
