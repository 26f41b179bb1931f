import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireTenant } from '../../tenant/require-tenant.js';
import { allTenants } from '../../tenant/tenant.service.js';
import { signToken } from '../auth/sign.js';
import { ErrorBody } from '../schemas/common.js';
import { DevTenants, DevTokenRequest, DevTokenResponse } from '../schemas/me.js';
import type { RouteOptions } from './index.js';

/** Dev sign-in lasts a working day. */
const DEV_TOKEN_TTL_SECONDS = 8 * 3600;

/**
 * `serve --dev` only: one-click sign-in for the web app. Tokens are signed with the secret the
 * process generated at start, so they die with it. Without --dev these routes do not exist (404).
 */
export const devRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db, auth }) => {
  const secret = auth.devSecret;
  if (!secret) return;
  app.post(
    '/dev/token',
    {
      schema: {
        tags: ['dev'],
        description: 'Only under `reclaim serve --dev`.',
        body: DevTokenRequest,
        response: { 200: DevTokenResponse, 400: ErrorBody },
      },
    },
    async (req) => {
      await requireTenant(db, req.body.tenant);
      const token = await signToken(secret, { ...req.body, ttlSeconds: DEV_TOKEN_TTL_SECONDS });
      return { token };
    },
  );
  app.get(
    '/dev/tenants',
    {
      schema: {
        tags: ['dev'],
        description: 'Only under `reclaim serve --dev`.',
        response: { 200: DevTenants },
      },
    },
    async () => ({ items: await allTenants(db) }),
  );
};
