import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';
import { reclaimInProcess } from '../support/cli.js';

const reclaim = reclaimInProcess;

for (const engine of ENGINES) {
  void describe(`reference commands on ${engine}`, () => {
    let server: TestDb | undefined;
    let home: string;
    const saved = { DATABASE_URL: process.env.DATABASE_URL, RECLAIM_HOME: process.env.RECLAIM_HOME };
    before(async () => {
      home = tempDir('reclaim-reference-cli-');
      process.env.RECLAIM_HOME = home;
      if (engine === 'postgres') {
        server = await freshDb('postgres');
        process.env.DATABASE_URL = server.url!;
      } else delete process.env.DATABASE_URL;
    });
    after(async () => {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      await server?.dispose();
    });

    void it('import: exit 0 with counts, exit 2 naming the bad row with nothing loaded; list shows the loads', async () => {
      const ok = await reclaim(
        'reference',
        'import',
        'payers',
        'samples/reference/payers.csv',
        '--by',
        'ops',
        '--json',
      );
      assert.equal(ok.code, 0, ok.err);
      const result = JSON.parse(ok.out) as { tenant: string; files: { status: string; added: number }[] };
      assert.equal(result.tenant, 'default');
      assert.deepEqual(
        result.files.map((f) => [f.status, f.added]),
        [['loaded', 3]],
      );

      const bad = join(home, 'rules.csv');
      writeFileSync(
        bad,
        'trigger_type,trigger_value,scope,modifier\nrendering_credential,NP,*,SA\npayer_id,P1,*,S\n',
      );
      const refused = await reclaim('reference', 'import', 'modifier-rules', bad);
      assert.equal(refused.code, 2);
      assert.match(
        refused.err,
        /^reclaim: nothing loaded: rules\.csv row 2: modifier must be two letters or digits\n$/,
      );
      const none = await reclaim('reference', 'list', 'modifier-rules');
      assert.equal(none.code, 0);
      assert.equal(none.out, 'no modifier-rules loaded for tenant default\n');

      const again = await reclaim('reference', 'import', 'payers', 'samples/reference/payers.csv');
      assert.equal(again.code, 0);
      assert.match(again.out, /payers\.csv: already loaded \(load 1\), nothing changed/);

      const list = await reclaim('reference', 'list', 'payers', '--json');
      assert.equal(list.code, 0);
      const loads = (
        JSON.parse(list.out) as { loads: { fileName: string; loadedBy: string; rowsAdded: number }[] }
      ).loads;
      assert.deepEqual(
        loads.map((l) => [l.fileName, l.loadedBy, l.rowsAdded]),
        [['payers.csv', 'ops', 3]],
      );

      const ghost = await reclaim('reference', 'list', 'payers', '--tenant', 'beta');
      assert.equal(ghost.code, 2, 'an unknown tenant is a usage error');
      assert.equal((await reclaim('tenant', 'add', 'beta', '--name', 'Beta')).code, 0);
      const other = await reclaim('reference', 'list', 'payers', '--tenant', 'beta');
      assert.equal(other.code, 0);
      assert.equal(other.out, 'no payers loaded for tenant beta\n');

      const unknownKind = await reclaim('reference', 'import', 'fees', 'samples/reference/payers.csv');
      assert.equal(unknownKind.code, 2);
      const missing = await reclaim('reference', 'import', 'payers', join(home, 'nope.csv'));
      assert.equal(missing.code, 2);
      assert.match(missing.err, /nope\.csv: cannot read the file/);
    });
  });
}
