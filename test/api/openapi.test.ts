import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { registeredRoutes } from '../../src/api/app.js';
import { aDenial } from '../correction/factories.js';
import { anApi, bearer, type TestApi } from './support.js';

void describe('OpenAPI document', () => {
  let api: TestApi;
  let doc: { paths: Record<string, Record<string, { security?: unknown }>> };
  let denialId: number;
  before(async () => {
    api = await anApi('pglite', { dev: true });
    denialId = (await aDenial(api.db, { carc: 'CO-4' })).denialId;
    const r = await api.app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(r.statusCode, 200);
    doc = r.json();
  });
  after(() => api.close());

  void it('is valid OpenAPI 3', async () => {
    const checked = await SwaggerParser.validate(structuredClone(doc) as never);
    assert.match(String((checked as { openapi?: string }).openapi), /^3\./);
  });

  void it('documents every registered route, and each scoped one as needing the bearer token', () => {
    const routes = registeredRoutes(api.app).filter((r) => !r.hidden);
    assert.deepEqual(
      registeredRoutes(api.app)
        .filter((r) => r.hidden && r.scope !== null)
        .map((r) => r.url),
      [],
      'only public routes (the web app, the document itself) may be left out',
    );
    assert.ok(routes.length >= 18, `only ${routes.length} routes registered`);
    for (const r of routes) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[path]?.[r.method.toLowerCase()];
      assert.ok(op, `${r.method} ${r.url} is not in the OpenAPI document`);
      if (r.scope) assert.deepEqual(op.security, [{ bearer: [] }], `${r.method} ${r.url}`);
    }
  });

  void it('every documented operation answers (no missing route, no server error)', async () => {
    const token = await api.tokenWith();
    const samples: Record<string, string> = { id: String(denialId) };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        let url = path.replace(/\{(\w+)\}/g, (_, name: string) => samples[name] ?? name);
        if (path.startsWith('/jobs/') || path.startsWith('/runs/'))
          url = path.replace('{id}', '00000000-0000-4000-8000-000000000000');
        const payload =
          path === '/dev/token'
            ? { tenant: 'default', scopes: ['denials.read'] }
            : path.endsWith('/bulk')
              ? { filter: { ids: [denialId] }, dryRun: true }
              : method === 'post'
                ? {}
                : undefined;
        const r = await api.app.inject({
          method: method.toUpperCase() as 'GET' | 'POST',
          url,
          headers: bearer(token),
          ...(payload !== undefined ? { payload } : {}),
        });
        assert.ok(r.statusCode < 500, `${method} ${url}: ${r.statusCode} ${r.body}`);
        if (r.statusCode === 404)
          assert.doesNotMatch(r.body, /no route/, `${method} ${url} is documented but not served`);
      }
    }
  });
});
