import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RecoveryBrief } from '../../src/api/schemas/recovery-brief.js';
import { seedDemoDenials } from '../../src/correction/demo-data.repository.js';
import { buildBrief } from '../../src/recovery/brief.js';
import { renderExports } from '../../src/recovery/exports.js';
import { workqueueFromDatabase } from '../../src/recovery/from-database.js';
import { ENGINES } from '../support/databases.js';
import { anApi, bearer, type TestApi } from './support.js';

for (const engine of ENGINES) {
  void describe(`the weekly recovery brief over HTTP, on ${engine}`, () => {
    let api: TestApi;
    before(async () => {
      api = await anApi(engine);
      await api.db.transaction((tx) => seedDemoDenials(tx, 'default', 40, 'R'));
    });
    after(() => api.close());

    const get = async (url: string, scopes: Parameters<TestApi['tokenWith']>[0] = {}) =>
      api.app.inject({ method: 'GET', url, headers: bearer(await api.tokenWith(scopes)) });

    void it('gives the brief the CLI writes: focus, summary, bands, stability, workqueue with owners, guardrails', async () => {
      const r = await get('/reports/recovery/brief?workqueueSize=5');
      assert.equal(r.statusCode, 200);
      const b = r.json<RecoveryBrief>();
      const expected = buildBrief(await workqueueFromDatabase(api.db, 'default', undefined), 5);
      assert.equal(b.week, expected.currentWeekKey);
      assert.equal(b.openRows, 40);
      assert.deepEqual(
        b.summary.map((s) => [s.bucket, s.rows, s.priorityScore, s.deniedAmount?.cents]),
        expected.summary.map((s) => [s.bucket, s.rows, s.priorityScore, s.deniedAmountCents]),
      );
      assert.deepEqual(b.stability.top2Current, expected.stability.top2Current);
      assert.deepEqual(
        b.workqueue.map((w) => [w.claimRef, w.ownerGroup]),
        expected.workqueue.map((w) => [w.clmId, w.ownerGroup]),
      );
      assert.equal(b.workqueue.length, 5);
      assert.deepEqual(b.guardrails, expected.guardrails);
    });

    void it('leaves every amount out without reports.read.financial', async () => {
      const r = await get('/reports/recovery/brief', { scopes: ['reports.read.operational'] });
      assert.equal(r.statusCode, 200);
      assert.doesNotMatch(r.body, /"cents"/);
    });

    void it('serves each export as the CLI writes it, to financial readers only', async () => {
      const expected = renderExports(
        buildBrief(await workqueueFromDatabase(api.db, 'default', undefined), 25),
      );
      const name = 'denials_recovery_summary_v1.csv';
      const r = await get(`/reports/recovery/files/${name}`);
      assert.equal(r.statusCode, 200);
      assert.match(String(r.headers['content-type']), /^text\/csv/);
      assert.equal(r.headers['content-disposition'], `attachment; filename="${name}"`);
      assert.equal(r.body, expected[name]);
      const html = await get('/reports/recovery/files/denials_recovery_brief_v1.html');
      assert.match(html.body, /^<!doctype html>/i);
      assert.equal((await get('/reports/recovery/files/nope.csv')).statusCode, 404);
      const denied = await get(`/reports/recovery/files/${name}`, { scopes: ['reports.read.operational'] });
      assert.equal(denied.statusCode, 403);
    });
  });
}
