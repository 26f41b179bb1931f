import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listHandlers } from '../../correction/correction.service.js';
import { ErrorBody } from '../schemas/common.js';
import { HandlerList } from '../schemas/handlers.js';
import type { RouteOptions } from './index.js';

/** The registered correction handlers and the codes each supports. */
export const handlerRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app) => {
  app.get(
    '/handlers',
    {
      config: { scope: 'denials.read' },
      schema: { tags: ['auto-correction'], response: { 200: HandlerList, 401: ErrorBody, 403: ErrorBody } },
    },
    async () => listHandlers(),
  );
};
