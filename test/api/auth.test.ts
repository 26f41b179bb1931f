import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from '../support/databases.js';
import { anApi, badTokens, bearer, type TestApi } from './support.js';

for (const engine of ENGINES) {
  void describe(`API authentication on ${engine}`, () => {
    let api: TestApi;
    before(async () => {
      api = await anApi(engine, { dev: true });
    });
    after(() => api.close());

    void it('answers /healthz and /readyz without a token, each response with its request id', async () => {
      const health = await api.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(health.statusCode, 200);
      assert.deepEqual(health.json(), { status: 'ok' });
      assert.match(String(health.headers['x-request-id']), /^[0-9a-f-]{36}$/);
      const ready = await api.app.inject({ method: 'GET', url: '/readyz' });
      assert.deepEqual(ready.json(), { status: 'ready', database: engine });
    });

    void it('GET /me describes the token', async () => {
      const token = await api.tokenWith({ scopes: ['denials.read'], subject: 'ana' });
      const r = await api.app.inject({ method: 'GET', url: '/me', headers: bearer(token) });
      assert.equal(r.statusCode, 200);
      const me = r.json<{ tenant: string; tenantName: string; subject: string; scopes: string[] }>();
      assert.deepEqual(
        { tenant: me.tenant, tenantName: me.tenantName, subject: me.subject, scopes: me.scopes },
        { tenant: 'default', tenantName: 'Default tenant', subject: 'ana', scopes: ['denials.read'] },
      );
    });

    void it('refuses a missing, expired, wrong-key, wrong-algorithm, alg:none, exp-less or unknown-tenant token with 401', async () => {
      const none = await api.app.inject({ method: 'GET', url: '/me' });
      assert.equal(none.statusCode, 401);
      assert.equal(none.json<{ error: { code: string } }>().error.code, 'UNAUTHENTICATED');
      for (const [name, token] of Object.entries(await badTokens())) {
        const r = await api.app.inject({ method: 'GET', url: '/me', headers: bearer(token) });
        assert.equal(r.statusCode, 401, name);
        const body = r.json<{ error: { code: string; requestId: string } }>();
        assert.equal(body.error.code, 'UNAUTHENTICATED', name);
        assert.equal(body.error.requestId, r.headers['x-request-id'], name);
      }
    });

    void it('dev sign-in issues a token that works, and refuses an unknown tenant naming the field', async () => {
      const t = await api.app.inject({
        method: 'POST',
        url: '/dev/token',
        payload: { tenant: 'default', scopes: ['reports.read.operational'], subject: 'dev' },
      });
      assert.equal(t.statusCode, 200);
      const me = await api.app.inject({
        method: 'GET',
        url: '/me',
        headers: bearer(t.json<{ token: string }>().token),
      });
      assert.equal(me.statusCode, 200);
      const bad = await api.app.inject({
        method: 'POST',
        url: '/dev/token',
        payload: { tenant: 'ghost', scopes: [] },
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json<{ error: { details: { field: string } } }>().error.details.field, 'tenant');
      const tenants = await api.app.inject({ method: 'GET', url: '/dev/tenants' });
      assert.deepEqual(tenants.json(), { items: [{ id: 'default', name: 'Default tenant' }] });
    });

    void it('sets a same-origin content security policy and answers unknown routes with the error shape', async () => {
      const r = await api.app.inject({ method: 'GET', url: '/healthz' });
      const csp = String(r.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'/);
      assert.match(csp, /style-src 'self'/);
      const missing = await api.app.inject({ method: 'GET', url: '/nowhere' });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json<{ error: { code: string } }>().error.code, 'NOT_FOUND');
    });
  });
}

void describe('API without dev mode', () => {
  void it('has no /dev routes', async () => {
    const api = await anApi('pglite');
    try {
      const r = await api.app.inject({
        method: 'POST',
        url: '/dev/token',
        payload: { tenant: 'default', scopes: [] },
      });
      assert.equal(r.statusCode, 404);
      assert.equal((await api.app.inject({ method: 'GET', url: '/dev/tenants' })).statusCode, 404);
    } finally {
      await api.close();
    }
  });
});
