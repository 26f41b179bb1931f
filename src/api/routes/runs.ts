import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listRuns, runDetail } from '../../resubmit/run.service.js';
import { principalOf } from '../auth/authenticate.js';
import { ErrorBody } from '../schemas/common.js';
import { RunDetail, RunList, RunListQuery, RunParams } from '../schemas/runs.js';
import type { RouteOptions } from './index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** Batch runs (`reclaim run`) and their outcome counts. */
export const runRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/runs',
    {
      config: { scope: 'reports.read.operational' },
      schema: { tags: ['runs'], querystring: RunListQuery, response: { 200: RunList, ...errors } },
    },
    async (req) => listRuns(db, principalOf(req).tenant, req.query),
  );
  app.get(
    '/runs/:id',
    {
      config: { scope: 'reports.read.operational' },
      schema: { tags: ['runs'], params: RunParams, response: { 200: RunDetail, ...errors } },
    },
    async (req) => runDetail(db, principalOf(req).tenant, req.params.id),
  );
};
