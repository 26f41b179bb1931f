import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDemoDenials } from '../../src/correction/demo-data.repository.js';
import { addTenant } from '../../src/tenant/tenant.service.js';
import { ENGINES } from '../support/databases.js';
import { anApi, bearer, type TestApi } from './support.js';

interface Work {
  assignment: { assignee: string | null; ownerGroup: string | null; by: string; at: string } | null;
  notes: { id: number; text: string; author: string }[];
  events: { actor: string; action: string }[];
}

for (const engine of ENGINES) {
  void describe(`denial owner and notes over HTTP, on ${engine}`, () => {
    let api: TestApi;
    let id = 0;
    let otherId = 0;
    before(async () => {
      api = await anApi(engine);
      await addTenant(api.db, { id: 'other', name: 'Other' });
      await api.db.transaction((tx) => seedDemoDenials(tx, 'default', 3, 'A'));
      await api.db.transaction((tx) => seedDemoDenials(tx, 'other', 1, 'B'));
      const rows = await api.db.query<{ denial_id: number; tenant_id: string }>(
        `SELECT denial_id, tenant_id FROM billing.denial ORDER BY denial_id`,
      );
      id = rows.find((r) => r.tenant_id === 'default')!.denial_id;
      otherId = rows.find((r) => r.tenant_id === 'other')!.denial_id;
    });
    after(() => api.close());

    const call = async (method: 'GET' | 'POST', url: string, payload?: unknown, opts = {}) =>
      api.app.inject({ method, url, payload: payload as object, headers: bearer(await api.tokenWith(opts)) });

    void it('assigns a person and an owner group, keeps a field left out, and records who and when', async () => {
      const first = await call(
        'POST',
        `/denials/${id}/assignment`,
        { assignee: 'ana', group: 'Coding' },
        { subject: 'lead' },
      );
      assert.equal(first.statusCode, 200);
      assert.deepEqual(
        (({ assignee, ownerGroup, by }) => ({ assignee, ownerGroup, by }))(
          first.json<NonNullable<Work['assignment']>>(),
        ),
        { assignee: 'ana', ownerGroup: 'Coding', by: 'lead' },
      );
      const second = await call(
        'POST',
        `/denials/${id}/assignment`,
        { assignee: 'ben' },
        { subject: 'lead' },
      );
      assert.equal(second.json<NonNullable<Work['assignment']>>().ownerGroup, 'Coding');
      const note = await call(
        'POST',
        `/denials/${id}/notes`,
        { text: '  Payer asked for the op note.  ' },
        { subject: 'ben' },
      );
      assert.equal(note.statusCode, 201);
      const work = (await call('GET', `/denials/${id}/work`)).json<Work>();
      assert.deepEqual(
        [work.assignment?.assignee, work.assignment?.ownerGroup, work.notes.map((n) => [n.text, n.author])],
        ['ben', 'Coding', [['Payer asked for the op note.', 'ben']]],
      );
      assert.deepEqual(
        work.events.map((e) => `${e.actor} ${e.action}`),
        ['lead assigned it to ana in Coding', 'lead assigned it to ben in Coding', 'ben added a note'],
      );
      const audit = await api.db.query<{ actor: string; action: string; target_ids: number[] }>(
        `SELECT actor, action, target_ids::int[] AS target_ids FROM billing.audit_event WHERE tenant_id = 'default' ORDER BY audit_id`,
      );
      assert.deepEqual(
        audit.map((a) => [a.actor, a.action, a.target_ids]),
        [
          ['lead', 'denial.assign', [id]],
          ['lead', 'denial.assign', [id]],
          ['ben', 'denial.note', [id]],
        ],
      );
    });

    void it('clears the owner with nulls', async () => {
      const r = await call('POST', `/denials/${id}/assignment`, { assignee: null, group: null });
      assert.equal(r.statusCode, 200);
      assert.equal((await call('GET', `/denials/${id}/work`)).json<Work>().assignment, null);
    });

    void it('refuses an unknown owner group, an empty body and an empty note with 400 naming the field', async () => {
      const cases: [string, unknown, string][] = [
        ['assignment', { group: 'Nobody' }, 'group'],
        ['assignment', {}, 'assignee'],
        ['notes', { text: '   ' }, 'text'],
      ];
      for (const [path, body, field] of cases) {
        const r = await call('POST', `/denials/${id}/${path}`, body);
        assert.equal(r.statusCode, 400, JSON.stringify(body));
        const e = r.json<{ error: { code: string; details: { field?: string } } }>().error;
        assert.equal(e.code, 'VALIDATION_FAILED');
        assert.equal(e.details.field, field);
      }
    });

    void it('needs denials.update to change and denials.read to read', async () => {
      const r = await call('POST', `/denials/${id}/notes`, { text: 'x' }, { scopes: ['denials.read'] });
      assert.equal(r.statusCode, 403);
      assert.equal(
        r.json<{ error: { details: { required: string } } }>().error.details.required,
        'denials.update',
      );
      const g = await call('GET', `/denials/${id}/work`, undefined, { scopes: ['reports.read.operational'] });
      assert.equal(g.statusCode, 403);
    });

    void it("never reaches another tenant's denial: 404, and nothing written", async () => {
      for (const [method, path, body] of [
        ['GET', 'work', undefined],
        ['POST', 'assignment', { assignee: 'x' }],
        ['POST', 'notes', { text: 'x' }],
      ] as const) {
        const r = await call(method, `/denials/${otherId}/${path}`, body);
        assert.equal(r.statusCode, 404, path);
      }
      const rows = await api.db.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM billing.denial_note WHERE denial_id = $1)::int
              + (SELECT count(*) FROM billing.denial_assignment WHERE denial_id = $1)::int AS n`,
        [otherId],
      );
      assert.equal(rows[0]!.n, 0);
    });
  });
}
