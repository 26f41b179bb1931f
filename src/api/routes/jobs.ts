import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { jobStatus } from '../../correction/bulk.service.js';
import { principalOf } from '../auth/authenticate.js';
import { ErrorBody } from '../schemas/common.js';
import { Job, JobParams } from '../schemas/jobs.js';
import type { RouteOptions } from './index.js';

/** A background job's progress and outcome counts. */
export const jobRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/jobs/:id',
    {
      config: { scope: 'denials.read' },
      schema: {
        tags: ['jobs'],
        params: JobParams,
        response: { 200: Job, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => jobStatus(db, principalOf(req).tenant, req.params.id),
  );
};
