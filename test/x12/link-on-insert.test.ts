import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateCorpus } from '../../src/corpus/generate.js';
import { matchClaim, type CandidateClaim } from '../../src/ingest/x12/claim-match.js';
import { ingestX12File } from '../../src/ingest/x12/ingest-x12.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';
import { filesIn, ingestAll } from '../corpus/run-corpus.js';

const TENANT = 'default';

/** Every claim payment's link, by its natural key. */
async function links(db: TestDb): Promise<string[]> {
  const rows = await db.query<{ key: string }>(
    `SELECT rc.patient_control_number || '/' || rc.payer_claim_control_number || '/' || rc.status_code || '/'
              || rc.occurrence || ' -> ' || coalesce(c.patient_control_number || ' v' || c.version || ' ' || c.payer_id, 'none')
              || ' / denial ' || coalesce(d.claim_id = rc.claim_id OR (d.claim_id IS NULL AND rc.claim_id IS NULL), true) AS key
       FROM billing.remit_claim rc
       LEFT JOIN billing.claim c ON c.claim_id = rc.claim_id
       LEFT JOIN billing.denial d ON d.remit_claim_id = rc.remit_claim_id
      ORDER BY 1`,
  );
  return rows.map((r) => r.key);
}

for (const engine of ENGINES) {
  void describe(`claim payments linked as they are written, on ${engine}`, () => {
    let inOrder: TestDb;
    let reversed: TestDb;
    let dir: string;
    before(async () => {
      [inOrder, reversed] = await Promise.all([freshDb(engine), freshDb(engine)]);
      dir = tempDir('reclaim-link-');
      await generateCorpus(dir, { claims: 160, seed: 11, start: '2025-01-06' });
    });
    after(async () => {
      await inOrder.dispose();
      await reversed.dispose();
    });

    void it('an 835 after its 837s writes its payments and denials linked: nothing is rewritten, and the links are those linking decides', async () => {
      await ingestAll(inOrder, filesIn(dir, '837'), TENANT);
      let payments = 0;
      let reversals = 0;
      for (const path of filesIn(dir, '835')) {
        const updated = await inOrder.transaction(async (tx) => {
          // Rows updated in this transaction: the counters before and after the ingest (they also
          // hold earlier transactions' counts until the backend reports them).
          const counters = async () =>
            (
              await tx.query<{ payments: number; denials: number }>(
                `SELECT pg_stat_get_xact_tuples_updated('billing.remit_claim'::regclass)::int AS payments,
                        pg_stat_get_xact_tuples_updated('billing.denial'::regclass)::int AS denials`,
              )
            )[0]!;
          const before = await counters();
          const result = await ingestX12File(tx, path, { tenantId: TENANT, sourceSystem: 'corpus' });
          payments += result.inserted?.remitClaims ?? 0;
          const after = await counters();
          // Linking after the file changed no link. A reversal (CLP02 = 22) is pointed at the
          // payment it takes back, an update of its own.
          const [file] = await tx.query<{ reversals: number }>(
            `SELECT count(*)::int AS reversals FROM billing.remit_claim WHERE source_file_id = $1 AND status_code = '22'`,
            [result.fileId],
          );
          return {
            payments: after.payments - before.payments,
            denials: after.denials - before.denials,
            reversals: file!.reversals,
          };
        });
        assert.deepEqual(
          updated,
          { payments: updated!.reversals, denials: 0, reversals: updated!.reversals },
          path,
        );
        reversals += updated!.reversals;
      }
      assert.ok(payments > 150, `${payments} claim payments`);
      assert.ok(reversals > 0 && reversals < payments / 10, `${reversals} reversals`);
      const [linked] = await inOrder.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM billing.remit_claim WHERE claim_id IS NOT NULL`,
      );
      assert.ok(linked!.n > 150, `${linked!.n} linked`);

      // The other order links by rewriting (the 837s arrive after their payments): the same links.
      await ingestAll(reversed, [...filesIn(dir, '835'), ...filesIn(dir, '837')], TENANT);
      assert.deepEqual(await links(inOrder), await links(reversed));
    });
  });
}

void describe('matchClaim', () => {
  const claim = (over: Partial<CandidateClaim>): CandidateClaim => ({
    claim_id: 1,
    version: 1,
    payer_id: 'P1',
    payer_name: 'ACME HEALTH',
    payer_responsibility: 'P',
    frequency_code: '1',
    total_charge_cents: 10_000,
    ...over,
  });
  const payment = {
    statusCode: '1',
    frequencyCode: undefined,
    chargeCents: 10_000,
    payerIds: ['P1'],
    payerName: 'Acme Health',
  };

  void it('ranks payer, then payer order, then frequency, then charge; the latest version among equals', () => {
    const secondary = claim({ claim_id: 2, payer_id: 'P2', payer_name: 'OTHER', payer_responsibility: 'S' });
    assert.equal(matchClaim(payment, [secondary, claim({})]), 1);
    // Payer matched by name (case aside) outranks everything below it.
    assert.equal(
      matchClaim(payment, [claim({ claim_id: 3, payer_id: null, total_charge_cents: 1 }), secondary]),
      3,
    );
    assert.equal(
      matchClaim({ ...payment, statusCode: '2' }, [
        claim({}),
        claim({ claim_id: 4, payer_responsibility: 'S' }),
      ]),
      4,
    );
    assert.equal(
      matchClaim({ ...payment, frequencyCode: '7' }, [
        claim({}),
        claim({ claim_id: 5, version: 2, frequency_code: '7' }),
      ]),
      5,
    );
    assert.equal(matchClaim(payment, [claim({ total_charge_cents: 9_000 }), claim({ claim_id: 6 })]), 6);
    assert.equal(
      matchClaim(payment, [
        claim({ version: 1 }),
        claim({ claim_id: 7, version: 3 }),
        claim({ claim_id: 8, version: 2 }),
      ]),
      7,
    );
  });

  void it('leaves a payment unlinked when the best-ranked claims belong to different payers, or there is none', () => {
    const elsewhere = { ...payment, payerIds: ['P9'], payerName: 'NOBODY' };
    assert.equal(
      matchClaim(elsewhere, [claim({}), claim({ claim_id: 2, payer_id: 'P2', payer_name: 'OTHER' })]),
      null,
    );
    assert.equal(matchClaim(payment, []), null);
  });
});
