import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from './index.js';

/** The OpenAPI 3 document generated from the routes' zod schemas. Public. */
export const openapiRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app) => {
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
};
