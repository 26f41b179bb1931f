import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listAudit } from '../../audit/audit.service.js';
import { principalOf } from '../auth/authenticate.js';
import { AuditList, AuditQuery } from '../schemas/audit.js';
import { ErrorBody } from '../schemas/common.js';
import type { RouteOptions } from './index.js';

/** The audit trail of the caller's tenant. */
export const auditRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/audit',
    {
      config: { scope: 'reports.read.operational' },
      schema: {
        tags: ['audit'],
        querystring: AuditQuery,
        response: { 200: AuditList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => listAudit(db, principalOf(req).tenant, req.query),
  );
};
