import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/db.js';
import type { ApiAuth } from '../app.js';
import { devRoutes } from './dev.js';
import { healthRoutes } from './health.js';
import { meRoutes } from './me.js';
import { openapiRoutes } from './openapi.js';
import { webRoutes } from './web.js';
import { workRoutes } from './work.js';

/** What every route plugin receives. */
export interface RouteOptions {
  readonly db: Db;
  readonly config: Config;
  readonly auth: ApiAuth;
  readonly runJobs: boolean;
}

/** Every resource's routes: one plugin per file. */
export const routes: FastifyPluginAsync<RouteOptions> = async (app, options) => {
  for (const plugin of [healthRoutes, openapiRoutes, meRoutes, devRoutes, workRoutes, webRoutes])
    await app.register(plugin, options);
};
