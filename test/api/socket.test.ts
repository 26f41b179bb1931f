import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { anApi } from './support.js';

void describe('the API over a real socket', () => {
  void it('answers on an ephemeral port with request ids and lets an in-flight request finish on close', async (t) => {
    const api = await anApi('pglite');
    t.after(() => api.close().catch(() => undefined));
    const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
    const token = await api.tokenWith({ scopes: ['denials.read'] });
    const me = await fetch(`${address}/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    assert.match(me.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(((await me.json()) as { subject: string }).subject, 'tester');
    // Hold the (single-connection) embedded database so the next request waits inside its handler.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holding = api.db.transaction(() => held);
    const list = fetch(`${address}/denials?limit=5`, { headers: { authorization: `Bearer ${token}` } });
    await sleep(300);
    // Closing while the request is in flight: no new connections, but it still gets its answer.
    const closing = api.app.close();
    release();
    await holding;
    const r = await list;
    assert.equal(r.status, 200);
    await closing;
  });

  void it('reports a database that stopped answering as 503 DATABASE_UNAVAILABLE', async () => {
    const api = await anApi('pglite', { runJobs: false });
    await api.db.close();
    const down = await api.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(down.statusCode, 503);
    assert.equal(down.json<{ error: { code: string } }>().error.code, 'DATABASE_UNAVAILABLE');
    await api.app.close();
  });
});
