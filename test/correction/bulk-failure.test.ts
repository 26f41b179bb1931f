import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { correctAll } from '../../src/correction/bulk.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { aDenial, aPayer, aSubmission, attemptsOf, envelope } from './factories.js';

/** Makes the next `times` appeal inserts fail with `code`, as a concurrent engine or a fault would. */
async function failAppeals(db: TestDb, code: string, times: number): Promise<void> {
  await db.exec(`
    CREATE TABLE IF NOT EXISTS public.fault (left_to_fail int NOT NULL, code text NOT NULL);
    DELETE FROM public.fault;
    CREATE OR REPLACE FUNCTION public.fault_appeal() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE f record;
    BEGIN
      SELECT * INTO f FROM public.fault LIMIT 1;
      IF f.left_to_fail > 0 THEN
        -- A sequence keeps counting when the failing transaction rolls back; a table would not.
        PERFORM nextval('public.fault_seq');
        IF currval('public.fault_seq') <= f.left_to_fail THEN
          RAISE EXCEPTION 'injected fault' USING ERRCODE = f.code;
        END IF;
      END IF;
      RETURN NEW;
    END $$;
    DROP SEQUENCE IF EXISTS public.fault_seq;
    CREATE SEQUENCE public.fault_seq;
    DROP TRIGGER IF EXISTS fault_appeal ON billing.appeal;
    CREATE TRIGGER fault_appeal BEFORE INSERT ON billing.appeal FOR EACH ROW EXECUTE FUNCTION public.fault_appeal();`);
  await db.query('INSERT INTO public.fault VALUES ($1, $2)', [times, code]);
}

for (const engine of ENGINES) {
  void describe(`a bulk batch that cannot be written, on ${engine}`, () => {
    let db: TestDb;
    before(async () => {
      db = await freshDb(engine);
      // The appeal needs the payer's filing window to show its proof is dated inside it.
      await aPayer(db, 90);
    });
    after(() => db.dispose());

    void it('a deadlock or serialization failure runs the same batch again, and it succeeds', async () => {
      const d = await aDenial(db, { carc: 'CO-29', deniedOn: '2025-07-01' });
      await aSubmission(db, d.claimId!);
      await failAppeals(db, '40P01', 1);
      const s = await correctAll(db, { envelope: envelope() });
      assert.deepEqual(s.attempts, { SUCCESS: 1, FAILED: 0, SKIPPED: 0 });
      assert.deepEqual(
        (await attemptsOf(db, d.denialId)).map((a) => a.status),
        ['SUCCESS'],
      );
    });

    void it('any other error records the batch as FAILED attempts with the error, nothing else; the next run retries', async () => {
      const d = await aDenial(db, { carc: 'CO-29', deniedOn: '2025-07-01' });
      await aSubmission(db, d.claimId!);
      await failAppeals(db, 'P0001', 1);
      const s = await correctAll(db, { envelope: envelope() });
      assert.deepEqual(s.attempts, { SUCCESS: 0, FAILED: 1, SKIPPED: 0 });
      const [failed] = await attemptsOf(db, d.denialId);
      assert.deepEqual(
        [failed!.status, failed!.failure_reason],
        ['FAILED', 'engine error: P0001 injected fault'],
      );
      const appeals = await db.query('SELECT count(*)::int AS n FROM billing.appeal WHERE denial_id = $1', [
        d.denialId,
      ]);
      assert.deepEqual(appeals, [{ n: 0 }]);
      const again = await correctAll(db, { envelope: envelope() });
      assert.deepEqual(again.attempts, { SUCCESS: 1, FAILED: 0, SKIPPED: 0 });
      assert.deepEqual(
        (await attemptsOf(db, d.denialId)).map((a) => a.status),
        ['FAILED', 'SUCCESS'],
      );
    });
  });
}
