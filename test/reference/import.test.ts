import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ReclaimError } from '../../src/errors.js';
import { importReference } from '../../src/reference/import-reference.js';
import type { ReferenceKind } from '../../src/reference/kinds.js';
import { readReferenceFile } from '../../src/reference/reference-file.js';
import { findLoads } from '../../src/reference/reference.repository.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';

const SAMPLES = 'samples/reference';

/** Each kind: a good file, a file with bad rows (and where they are), and how to read the table. */
const CASES: {
  kind: ReferenceKind;
  good: string;
  bad: string;
  badRows: [number, string][];
  table: string;
  rows: number;
}[] = [
  {
    kind: 'payers',
    good: `${SAMPLES}/payers.csv`,
    bad: 'payer_id,name,timely_filing_days\nP1,Plan One,90\nP2,Plan Two,ninety\n,No Id,30\n',
    badRows: [
      [2, 'timely_filing_days'],
      [3, 'payer_id'],
    ],
    table: 'SELECT payer_id, name, timely_filing_days FROM billing.payer WHERE tenant_id = $1 ORDER BY 1',
    rows: 3,
  },
  {
    kind: 'modifier-rules',
    good: `${SAMPLES}/modifier-rules.csv`,
    bad: 'trigger_type,trigger_value,scope,modifier\nrendering_credential,NP,*,SA\nfacility_state,NY,*,GT\nrendering_credential,MD,*,XYZ\n',
    badRows: [
      [2, 'trigger_type'],
      [3, 'modifier'],
    ],
    table:
      'SELECT trigger_type, trigger_value, scope, modifier FROM rcm_reference.modifier_injection_rule WHERE tenant_id = $1 ORDER BY 1, 2, 3, 4',
    rows: 5,
  },
  {
    kind: 'authorizations',
    good: `${SAMPLES}/authorizations.csv`,
    bad:
      'subscriber_id,payer_id,procedure_code,valid_from,valid_to,authorization_number\n' +
      'M1,P1,,2025-01-01,2025-12-31,A1\nM2,P1,,2025-02-30,2025-12-31,A2\nM3,P1,,2025-06-01,2025-01-01,A3\n',
    badRows: [
      [2, 'valid_from'],
      [3, 'valid_to'],
    ],
    table:
      'SELECT subscriber_id, payer_id, procedure_code, valid_from, valid_to, authorization_number FROM billing.authorization WHERE tenant_id = $1 ORDER BY 1',
    rows: 3,
  },
  {
    kind: 'providers',
    good: `${SAMPLES}/providers.json`,
    bad: 'npi,credential,state\n1999999984,NP,CA\n1999999985,MD,CA\n1234567893,MD,California\n',
    badRows: [
      [2, 'npi'],
      [3, 'state'],
    ],
    table:
      'SELECT npi, name, credential, taxonomy, state FROM billing.provider WHERE tenant_id = $1 ORDER BY 1',
    rows: 3,
  },
];

for (const engine of ENGINES) {
  void describe(`reference import on ${engine}`, () => {
    let db: TestDb;
    const dir = tempDir('reclaim-reference-');
    before(async () => {
      db = await freshDb(engine);
    });
    after(() => db.dispose());

    const load = async (tenantId: string, kind: ReferenceKind, paths: string[]) => {
      const files = await Promise.all(paths.map((p) => readReferenceFile(p, kind)));
      return db.transaction((tx) => importReference(tx, { tenantId, kind, loadedBy: 'tester' }, files));
    };

    for (const c of CASES) {
      void it(`${c.kind}: loads a good file, refuses bad rows whole, re-imports as nothing, keeps tenants apart`, async () => {
        const badPath = join(dir, `${c.kind}-bad.csv`);
        writeFileSync(badPath, c.bad);
        // Bad rows first: the error names each one, and nothing at all is stored, not even the good row.
        await assert.rejects(
          () => load('alpha', c.kind, [badPath]),
          (error: ReclaimError) => {
            assert.equal(error.code, 'VALIDATION_FAILED');
            const problems = error.details.problems as { row: number; field: string }[];
            assert.deepEqual(
              problems.map((p) => [p.row, p.field]),
              c.badRows,
            );
            for (const [row, field] of c.badRows)
              assert.match(error.message, new RegExp(`row ${row}: ${field} `));
            return true;
          },
        );
        assert.deepEqual(await db.query(c.table, ['alpha']), []);

        const first = await load('alpha', c.kind, [c.good]);
        assert.equal(first.length, 1);
        assert.equal(first[0]!.status, 'loaded');
        assert.equal(first[0]!.added, c.rows);
        const stored = await db.query(c.table, ['alpha']);
        assert.equal(stored.length, c.rows);

        // The same file again, and the same rows in other bytes: nothing added or changed.
        const again = await load('alpha', c.kind, [c.good]);
        assert.equal(again[0]!.status, 'already-loaded');
        assert.equal(again[0]!.loadId, first[0]!.loadId);
        const copy = join(dir, `${c.kind}-copy${c.good.endsWith('.json') ? '.json' : '.csv'}`);
        writeFileSync(copy, (await import('node:fs')).readFileSync(c.good, 'utf8') + '\n');
        const other = await load('alpha', c.kind, [copy]);
        assert.deepEqual([other[0]!.status, other[0]!.added, other[0]!.changed], ['loaded', 0, 0]);
        assert.deepEqual(await db.query(c.table, ['alpha']), stored);

        // Who loaded what when.
        const loads = await findLoads(db, 'alpha', c.kind);
        assert.deepEqual(
          loads.map((l) => [l.fileName, l.loadedBy, l.rowsRead, l.rowsAdded]),
          [
            [c.good.split('/').pop(), 'tester', c.rows, c.rows],
            [copy.split('/').pop(), 'tester', c.rows, 0],
          ],
        );
        assert.match(loads[0]!.loadedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

        // A second tenant sees none of the first's rows, and loads its own.
        assert.deepEqual(await db.query(c.table, ['beta']), []);
        assert.deepEqual(await findLoads(db, 'beta', c.kind), []);
        const beta = await load('beta', c.kind, [c.good]);
        assert.equal(beta[0]!.added, c.rows);
        assert.deepEqual(await db.query(c.table, ['beta']), stored);
      });
    }

    void it('payers and providers: a changed row is updated and counted as changed', async () => {
      const path = join(dir, 'payers-v2.csv');
      writeFileSync(
        path,
        'payer_id,name,timely_filing_days\n87726,Sample Commercial Health Plan,120\nNEW1,New Plan,60\n',
      );
      const [r] = await load('alpha', 'payers', [path]);
      assert.deepEqual([r!.added, r!.changed], [1, 1]);
      const rows = await db.query<{ timely_filing_days: number }>(
        `SELECT timely_filing_days FROM billing.payer WHERE tenant_id = 'alpha' AND payer_id = '87726'`,
      );
      assert.equal(rows[0]!.timely_filing_days, 120);
    });

    void it('refuses a file with an unknown column or a broken shape, naming the file', async () => {
      const path = join(dir, 'rules-typo.csv');
      writeFileSync(path, 'trigger_type,trigger_value,scope,modifer\nrendering_credential,NP,*,SA\n');
      await assert.rejects(
        () => readReferenceFile(path, 'modifier-rules'),
        /rules-typo\.csv: unknown column modifer/,
      );
      const json = join(dir, 'payers.json');
      writeFileSync(json, '{"payer_id": "P1"}');
      await assert.rejects(
        () => readReferenceFile(json, 'payers'),
        /payers\.json: a JSON reference file is an array/,
      );
    });
  });
}
