import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { aDenial } from './factories.js';

for (const engine of ENGINES) {
  void describe(`the attempt triggers on ${engine}`, () => {
    let db: TestDb;
    before(async () => (db = await freshDb(engine)));
    after(() => db.dispose());

    /**
     * Runs `sql` in a transaction and says how many denial rows it rewrote (through the triggers):
     * the count before and after it, since the "transaction" counter also holds earlier
     * transactions' counts until the backend reports them.
     */
    async function denialsRewrittenBy(sql: string, params: unknown[]): Promise<number> {
      return db.transaction(async (tx) => {
        const updated = async () =>
          (
            await tx.query<{ n: number }>(
              `SELECT pg_stat_get_xact_tuples_updated('billing.denial'::regclass)::int AS n`,
            )
          )[0]!.n;
        const before = await updated();
        await tx.query(sql, params);
        return (await updated()) - before;
      });
    }

    void it("a denial's latest outcome is rewritten only when it changes, not for realised money", async () => {
      const denials = [await aDenial(db, { carc: 'CO-4' }), await aDenial(db, { carc: 'CO-16' })];
      const ids = denials.map((d) => d.denialId);
      const rewritten = await denialsRewrittenBy(
        `INSERT INTO billing.auto_correction_attempt (tenant_id, correlation_id, denial_id, handler_name, carc_code, status, strategy, finished_at)
         SELECT 'default', 'triggers', d, 'H', 'CO-4', 'SUCCESS', 'MODIFIER_CORRECTION', now() FROM unnest($1::bigint[]) d`,
        [ids],
      );
      assert.equal(rewritten, 2);
      // What a follow-up 835 does: realised money on the attempts, nothing the worklist shows.
      assert.equal(
        await denialsRewrittenBy(
          `UPDATE billing.auto_correction_attempt SET realised_amount_cents = 900, first_cash_date = current_date
           WHERE denial_id = ANY($1::bigint[])`,
          [ids],
        ),
        0,
      );
      // An outcome that changes is written.
      assert.equal(
        await denialsRewrittenBy(
          `UPDATE billing.auto_correction_attempt SET status = 'FAILED' WHERE denial_id = $1`,
          [ids[0]],
        ),
        1,
      );
      const rows = await db.query<{ last_outcome: string }>(
        `SELECT last_outcome FROM billing.denial WHERE denial_id = ANY($1::bigint[]) ORDER BY denial_id`,
        [ids],
      );
      assert.deepEqual(
        rows.map((r) => r.last_outcome),
        ['FAILED', 'SUCCESS'],
      );
    });
  });
}
