import assert from 'node:assert/strict';
import { request } from 'node:http';
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

  void it(
    'waits on close for a handler whose client went away, so the database closes after it',
    { timeout: 20_000 },
    async (t) => {
      const api = await anApi('pglite', { runJobs: false });
      t.after(() => api.close().catch(() => undefined));
      const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
      const token = await api.tokenWith({ scopes: ['denials.read'] });
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const holding = api.db.transaction(() => held);
      // The client gives up while its request waits inside the handler (a benchmark's last requests,
      // a browser tab closed): the handler still runs to its end and needs the database.
      const url = new URL(`${address}/denials?limit=5`);
      const aborted = new Promise<string>((resolve) => {
        const req = request(url, { headers: { authorization: `Bearer ${token}` } });
        req.on('error', () => undefined);
        req.on('close', () => resolve('aborted'));
        req.end();
        setTimeout(() => req.destroy(), 300);
      });
      assert.equal(await aborted, 'aborted');
      await sleep(50);
      let closed = false;
      const closing = api.app.close().then(() => (closed = true));
      await sleep(300);
      assert.equal(closed, false, 'close waits for the handler still running');
      release();
      await holding;
      await closing;
      // The handler finished before close resolved: the database can close now, and it was not
      // pulled from under it (which would have logged an error and, for a correction, left PENDING).
      await api.db.close();
    },
  );

  void it('reports a database that stopped answering as 503 DATABASE_UNAVAILABLE', async () => {
    const api = await anApi('pglite', { runJobs: false });
    await api.db.close();
    const down = await api.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(down.statusCode, 503);
    assert.equal(down.json<{ error: { code: string } }>().error.code, 'DATABASE_UNAVAILABLE');
    await api.app.close();
  });
});
