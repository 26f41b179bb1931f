import { seedDemoDenials } from '../../src/correction/demo-data.js';
import type { Db } from '../../src/db/db.js';
import { loadLineFiles } from '../../src/kpi/load.js';
import { importReference } from '../../src/reference/import-reference.js';
import { readReferenceFile } from '../../src/reference/reference-file.js';
import { addTenant } from '../../src/tenant/tenant.service.js';

/**
 * The browser tests' data, through the same services the CLI runs (`tenant add`, `demo seed`,
 * `reference import`): demo denials numbered TAG-1 … TAG-n whose number modulo 10 picks the case
 * (1: CO-4 that corrects; 3: CO-4 whose claim lacks the facility state; 7: CO-29 appeal; 4/5: CO-16).
 */
export async function seedTenants(db: Db): Promise<void> {
  await addTenant(db, { id: 'acme', name: 'Acme Clinic' });
  await addTenant(db, { id: 'other', name: 'Other Hospital' });
  await db.transaction((tx) => seedDemoDenials(tx, 'acme', 30, 'W'));
  await db.transaction((tx) => seedDemoDenials(tx, 'other', 10, 'X'));
  // `reclaim kpi denial-rate --lines`: hand-counted carrier lines (4 mature weeks, one without a
  // comparable line).
  await loadLineFiles(db, 'acme', ['test/fixtures/kpi/lines-hand.csv']);
}

/** `reclaim reference import providers samples/reference/providers.csv --tenant acme`. */
export async function importProviders(db: Db, tenantId: string): Promise<void> {
  const file = await readReferenceFile('samples/reference/providers.csv', 'providers');
  await db.transaction((tx) =>
    importReference(tx, { tenantId, kind: 'providers', loadedBy: 'browser test' }, [file]),
  );
}

/**
 * Makes the next appeal insert fail once inside the database, as a lost connection or a broken
 * constraint would: the engine records the attempt FAILED with the error as its reason.
 */
export async function failNextAppeal(db: Db): Promise<void> {
  await db.exec(`
    CREATE SEQUENCE IF NOT EXISTS public.ui_fault_seq;
    CREATE OR REPLACE FUNCTION public.ui_fault_appeal() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- A sequence keeps counting when the failing transaction rolls back; a table would not.
      IF nextval('public.ui_fault_seq') = 1 THEN
        RAISE EXCEPTION 'appeal store unavailable' USING ERRCODE = 'P0001';
      END IF;
      RETURN NEW;
    END $$;
    DROP TRIGGER IF EXISTS ui_fault_appeal ON billing.appeal;
    CREATE TRIGGER ui_fault_appeal BEFORE INSERT ON billing.appeal FOR EACH ROW EXECUTE FUNCTION public.ui_fault_appeal();`);
}
