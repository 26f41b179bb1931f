import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorBody } from '../schemas/common.js';
import { Health, Ready } from '../schemas/health.js';
import { checkDatabase } from '../../db/health.js';
import type { RouteOptions } from './index.js';

/** Liveness (the process answers) and readiness (the database answers). Public. */
export const healthRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get('/healthz', { schema: { tags: ['health'], response: { 200: Health } } }, async () => ({
    status: 'ok' as const,
  }));
  app.get('/readyz', { schema: { tags: ['health'], response: { 200: Ready, 503: ErrorBody } } }, async () => {
    await checkDatabase(db);
    return { status: 'ready' as const, database: db.engine };
  });
};
