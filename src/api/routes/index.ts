import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/db.js';
import type { ApiAuth } from '../app.js';
import type { JobRunner } from '../../jobs/job-runner.js';
import { auditRoutes } from './audit.js';
import { autoCorrectionRoutes } from './auto-correction.js';
import { denialRoutes } from './denials.js';
import { devRoutes } from './dev.js';
import { handlerRoutes } from './handlers.js';
import { jobRoutes } from './jobs.js';
import { reportRoutes } from './reports.js';
import { runRoutes } from './runs.js';
import { healthRoutes } from './health.js';
import { meRoutes } from './me.js';
import { openapiRoutes } from './openapi.js';
import { recoveryBriefRoutes } from './recovery-brief.js';
import { webRoutes } from './web.js';
import { workRoutes } from './work.js';

/** What every route plugin receives. */
export interface RouteOptions {
  readonly db: Db;
  readonly config: Config;
  readonly auth: ApiAuth;
  /** Mutating requests per minute per token subject. */
  readonly rateLimitPerMinute: number;
  /** The background job runner of this process, when it runs one. */
  readonly jobs: JobRunner | null;
}

/** Every resource's routes: one plugin per file. */
export const routes: FastifyPluginAsync<RouteOptions> = async (app, options) => {
  for (const plugin of [
    healthRoutes,
    openapiRoutes,
    meRoutes,
    devRoutes,
    denialRoutes,
    autoCorrectionRoutes,
    jobRoutes,
    handlerRoutes,
    runRoutes,
    reportRoutes,
    auditRoutes,
    workRoutes,
    recoveryBriefRoutes,
    webRoutes,
  ])
    await app.register(plugin, options);
};
