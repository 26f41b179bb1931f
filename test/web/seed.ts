import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedDemoDenials } from '../../src/correction/demo-data.repository.js';
import type { Db } from '../../src/db/db.js';
import { loadLineFiles } from '../../src/kpi/load.js';
import { importReference } from '../../src/reference/import-reference.js';
import { readReferenceFile } from '../../src/reference/reference-file.js';
import { ingestX12File } from '../../src/ingest/x12/ingest-x12.js';
import { addTenant } from '../../src/tenant/tenant.service.js';
import { write835, type WriteRemitClaim } from '../../src/x12/era/writer.js';
import { tempDir } from '../support/temp.js';

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

/**
 * Makes every appeal for one account fail inside the database, as a broken constraint would: the
 * bulk job's batch holding it cannot be written, so the job records that batch's pairs FAILED
 * with the error as their reason and moves on.
 */
export async function failAppealsOf(db: Db, patientControlNumber: string): Promise<void> {
  if (!/^[A-Z0-9-]+$/.test(patientControlNumber)) throw new Error('an account number of the demo data');
  await db.exec(`
    CREATE OR REPLACE FUNCTION public.ui_fault_appeal_of() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM billing.denial
                 WHERE denial_id = NEW.denial_id AND patient_control_number = '${patientControlNumber}') THEN
        RAISE EXCEPTION 'appeal store unavailable' USING ERRCODE = 'P0001';
      END IF;
      RETURN NEW;
    END $$;
    DROP TRIGGER IF EXISTS ui_fault_appeal_of ON billing.appeal;
    CREATE TRIGGER ui_fault_appeal_of BEFORE INSERT ON billing.appeal FOR EACH ROW EXECUTE FUNCTION public.ui_fault_appeal_of();`);
}

/** The payer's answer to one demo claim after its correction: paid, or denied again (CO-50). */
export interface FollowUp {
  readonly account: string;
  readonly chargeCents: number;
  /** Paid this much; 0 with `deniedAgain`. */
  readonly paidCents: number;
  readonly deniedAgain: boolean;
  /** CLP09: 7 for the corrected claim of a rebill, 1 for an appealed original. */
  readonly frequencyCode: '1' | '7';
}

/**
 * `reclaim ingest` of a follow-up 835 from the demo payer, dated today: what links realised
 * recovery (or a denial again) to the attempts that corrected or appealed these claims.
 */
export async function ingestFollowUp(db: Db, tenantId: string, answers: readonly FollowUp[]): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const claims: WriteRemitClaim[] = answers.map((a, i) => {
    const adjustment = a.deniedAgain
      ? { group: 'CO', reason: '50', amountCents: a.chargeCents }
      : { group: 'CO', reason: '45', amountCents: a.chargeCents - a.paidCents };
    return {
      patientControlNumber: a.account,
      statusCode: a.deniedAgain ? '4' : '1',
      chargeCents: a.chargeCents,
      paidCents: a.paidCents,
      patientResponsibilityCents: 0,
      filingIndicator: 'CI',
      payerClaimControlNumber: `${a.account}-FU${i}`,
      facilityCode: '11',
      frequencyCode: a.frequencyCode,
      patient: { lastName: 'DEMO', firstName: 'PATIENT', memberId: `M${i}` },
      adjustments: [],
      remarks: [],
      lines: [
        {
          procedureCode: '99213',
          modifiers: a.frequencyCode === '7' ? ['SA'] : [],
          chargeCents: a.chargeCents,
          paidCents: a.paidCents,
          units: '1',
          serviceDate: today,
          adjustments: adjustment.amountCents > 0 ? [adjustment] : [],
          remarks: [],
        },
      ],
    };
  });
  const text = write835(
    [
      {
        // TRN03 is the payer's key: the demo denials' payer.
        payer: { name: 'Demo Health Plan', id: 'DEMO', taxId: 'DEMO' },
        payee: { name: 'DEMO CLINIC', npi: '1234567893' },
        traceNumber: `FU-${Date.now()}`,
        paymentDate: today,
        claims,
        providerAdjustments: [],
      },
    ],
    { senderId: 'DEMOPAYER', receiverId: 'DEMOCLINIC', controlNumber: 1, createdAt: `${today}T06:00` },
  );
  const path = join(tempDir('reclaim-ui-835-'), 'followup.835');
  writeFileSync(path, text);
  await db.transaction((tx) => ingestX12File(tx, path, { tenantId, sourceSystem: 'x12' }));
}
