import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ingestX12File } from '../../src/ingest/x12/ingest-x12.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';

const FILE = 'test/x12/fixtures/tigershark__835-example-2.txt';

for (const engine of ENGINES) {
  describe(`two ingests of one X12 file at once on ${engine}`, () => {
    let db: TestDb;
    before(async () => (db = await freshDb(engine)));
    after(() => db.dispose());

    it('the second waits for the first and finds the file ingested: no unique violation, stored once', async () => {
      const results = await Promise.all(
        [0, 1].map(() =>
          db.transaction((tx) => ingestX12File(tx, FILE, { tenantId: 'default', sourceSystem: 'x12' })),
        ),
      );
      assert.deepEqual(results.map((r) => r.status).sort(), ['already-ingested', 'ingested']);
      const files = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ingest.source_file');
      assert.equal(files[0]!.n, 1);
    });
  });
}
