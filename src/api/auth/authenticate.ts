import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/db.js';
import { ReclaimError } from '../../errors.js';
import { findTenant } from '../../tenant/tenant.repository.js';
import type { Scope } from '../schemas/common.js';
import type { Principal } from './principal.js';
import type { Verifier } from './verifier.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The scope a route requires ('*': any valid token); a route without one is public (health,
     * OpenAPI, dev sign-in).
     */
    scope?: Scope | '*';
  }
  interface FastifyRequest {
    /** Set for every route that declares a scope. */
    principal: Principal | null;
    /** The tenant's display name (for /me). */
    tenantName: string | null;
  }
}

/**
 * Checks the bearer token of every scoped route before its body is read: 401 without a valid
 * token or for a tenant we do not know, 403 when the scope is missing. Tenants are never deleted,
 * so a known tenant is remembered for the life of the process.
 */
export function authenticate(app: FastifyInstance, db: Db, verifier: Verifier): void {
  const known = new Map<string, string>();
  app.decorateRequest('principal', null);
  app.decorateRequest('tenantName', null);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const scope = req.routeOptions.config.scope;
    if (!scope) return;
    const header = req.headers.authorization;
    const match = /^Bearer ([^\s]+)$/i.exec(header ?? '');
    if (!match) throw new ReclaimError('UNAUTHENTICATED', 'a bearer token is required');
    const principal = await verifier.verify(match[1]!);
    let name = known.get(principal.tenant);
    if (name === undefined) {
      const tenant = await findTenant(db, principal.tenant);
      if (!tenant) throw new ReclaimError('UNAUTHENTICATED', 'the token names an unknown tenant');
      known.set(tenant.id, (name = tenant.name));
    }
    if (scope !== '*' && !principal.scopes.has(scope))
      throw new ReclaimError('INSUFFICIENT_SCOPE', `this route requires scope ${scope}`, { required: scope });
    req.principal = principal;
    req.tenantName = name;
  });
}

/** The principal of a scoped route (the hook guarantees it). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new ReclaimError('UNAUTHENTICATED', 'a bearer token is required');
  return req.principal;
}

/** The audit trail's "who" for a request: the token subject, with the request id. */
export function actorOf(req: FastifyRequest): { actor: string; channel: 'http'; requestId: string } {
  return { actor: principalOf(req).subject, channel: 'http', requestId: req.id };
}
