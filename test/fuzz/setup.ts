import type { InjectOptions } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import { signToken } from '../../src/api/auth/sign.js';
import { hs256Verifier } from '../../src/api/auth/verifier.js';
import { SCOPES } from '../../src/api/schemas/common.js';
import { loadConfig } from '../../src/config/config.js';
import type { TestDb } from '../support/databases.js';
import type { FuzzApi } from './harness.js';

const SECRET = 'fuzz-secret-that-is-long-enough-0123456789';

/** The HTTP API over `db`, with every route the OpenAPI document lists and a token of every scope. */
export async function fuzzApi(db: TestDb): Promise<FuzzApi & { close(): Promise<void> }> {
  const app = await buildApp({
    db,
    config: loadConfig({}),
    auth: { verifier: hs256Verifier(SECRET) },
    runJobs: false,
  });
  const spec = JSON.parse((await app.inject({ method: 'GET', url: '/openapi.json' })).body) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const routes = Object.entries(spec.paths).flatMap(([url, methods]) =>
    Object.keys(methods)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => ({ method: m.toUpperCase(), url })),
  );
  const token = await signToken(SECRET, {
    tenant: 'default',
    scopes: SCOPES,
    subject: 'fuzz',
    ttlSeconds: 3600,
  });
  return {
    routes,
    token,
    inject: async (request) => {
      const r = await app.inject(request as unknown as InjectOptions);
      return { statusCode: r.statusCode, body: r.body };
    },
    close: () => app.close(),
  };
}
