import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../auth/authenticate.js';
import { ErrorBody } from '../schemas/common.js';
import { Me } from '../schemas/me.js';
import type { RouteOptions } from './index.js';

/** `GET /me`: the caller as the token describes it. Any valid token may ask. */
export const meRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app) => {
  app.get(
    '/me',
    {
      config: { scope: '*' },
      schema: { tags: ['auth'], response: { 200: Me, 401: ErrorBody } },
    },
    async (req) => {
      const p = principalOf(req);
      return {
        tenant: p.tenant,
        tenantName: req.tenantName ?? p.tenant,
        subject: p.subject,
        scopes: [...p.scopes].sort(),
        expiresAt: new Date(p.expiresAt * 1000).toISOString(),
      };
    },
  );
};
