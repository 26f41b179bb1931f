import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ingestX12File } from '../../src/ingest/x12/ingest-x12.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { fixturePath } from './support.js';

const OPTIONS = { tenantId: 'default', sourceSystem: 'x12' };

for (const engine of ENGINES) {
  describe(`835 denials classified through the decision table on ${engine}`, () => {
    let db: TestDb;
    before(async () => (db = await freshDb(engine)));
    after(() => db.dispose());

    it('fills category and retryable on every denial a file creates, and reports the counts', async () => {
      const emedny = await db.transaction((tx) =>
        ingestX12File(tx, fixturePath('keironstoddart__emedny_sample.txt'), OPTIONS),
      );
      const pyx12 = await db.transaction((tx) =>
        ingestX12File(tx, fixturePath('pyx12__835_mult_loops.txt'), OPTIONS),
      );
      // CO-251 (the attachment sent was incomplete) is missing documentation: a person sends it.
      assert.deepEqual(emedny.classified, { classified: 2, retryable: 0, nonRetryable: 2, manual: 0 });
      assert.deepEqual(pyx12.classified, { classified: 1, retryable: 1, nonRetryable: 0, manual: 0 });
      const denials = await db.query(
        `SELECT carc_codes, rarc_codes, category, retryable FROM billing.denial ORDER BY denial_id`,
      );
      assert.deepEqual(denials, [
        { carc_codes: ['CO-29'], rarc_codes: [], category: 'timely_filing', retryable: false },
        { carc_codes: ['CO-251'], rarc_codes: ['N206'], category: 'documentation', retryable: false },
        {
          carc_codes: ['CO-16', 'OA-A7'],
          rarc_codes: ['N14'],
          category: 'missing_information',
          retryable: true,
        },
      ]);
    });
  });
}
