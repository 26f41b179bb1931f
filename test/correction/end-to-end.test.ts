import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listAttempts } from '../../src/correction/attempt.repository.js';
import { autoCorrectIngested } from '../../src/correction/auto-correct.js';
import { writeClaims837 } from '../../src/correction/claim-837.js';
import { ingestX12File } from '../../src/ingest/x12/ingest-x12.js';
import type { Claim837 } from '../../src/x12/claims/model.js';
import { write837P } from '../../src/x12/claims/writer.js';
import { collectingSink, type ClaimSet } from '../../src/x12/document.js';
import { readX12Text } from '../../src/x12/read.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';

const EMEDNY = '../shared/data/public/x12-835/keironstoddart__emedny_sample.txt';

/** The claims the public 835 answers, as the provider would have sent them. */
function submittedClaim(pcn: string): Claim837 {
  const line = (n: number, code: string, cents: number) => ({
    lineNumber: n,
    procedureQualifier: 'HC',
    procedureCode: code,
    modifiers: [],
    revenueCode: undefined,
    chargeCents: cents,
    unitBasis: 'UN',
    units: '1',
    placeOfService: undefined,
    diagnosisPointers: ['1'],
    serviceDate: '2010-01-01',
    serviceDateTo: undefined,
    lineControlNumber: undefined,
  });
  return {
    claimType: 'professional',
    patientControlNumber: pcn,
    chargeCents: 3_400,
    facilityCode: '11',
    facilityQualifier: 'B',
    frequencyCode: '1',
    payerClaimControlNumber: undefined,
    priorAuthorization: undefined,
    diagnoses: [{ qualifier: 'ABK', code: 'H5203' }],
    billingProvider: {
      name: 'MAJOR MEDICAL PROVIDER',
      npi: '9999999995',
      address: { line1: '1 MAIN ST', city: 'ALBANY', state: 'NY', postalCode: '12237' },
      taxId: '000000000',
    },
    renderingProvider: undefined,
    payer: { name: 'NYSDOH', id: 'NYSDOH' },
    filingIndicator: 'MC',
    subscriber: {
      lastName: 'SUBMITTED LAST',
      firstName: 'SUBMITTED FIRST',
      id: 'LL88888L',
      birthDate: undefined,
      gender: undefined,
    },
    patient: undefined,
    serviceDateFrom: '2010-01-01',
    serviceDateTo: '2010-01-01',
    lines: [line(1, 'V2020', 1_200), line(2, 'V2103', 2_200)],
  };
}

const writerOptions = {
  senderId: 'MAJORMED',
  receiverId: 'EMEDNY',
  submitter: { name: 'MAJOR MEDICAL PROVIDER', contactName: 'BILLING', phone: '5185550100' },
  receiver: { name: 'EMEDNY' },
  controlNumber: 7,
  createdAt: '2010-01-01T06:00',
};

// The public eMedNY 835 denies one claim payment with CO-29 (timely filing). No public 835 carries
// CO-4, so the rebill path uses a copy of the same file with the CARC, account number and trace
// number changed (and nothing else).
for (const engine of ENGINES) {
  void describe(`end to end on ${engine}: public 835 → denials → engine → attempts, 837P, events, success rate`, () => {
    let db: TestDb;
    let dir: string;
    before(async () => {
      db = await freshDb(engine);
      dir = tempDir('reclaim-e2e-');
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await db.dispose();
    });

    void it('runs the engine on the denials each ingest creates', async () => {
      const claims = join(dir, 'claims.837');
      writeFileSync(
        claims,
        write837P([submittedClaim('PATIENT ACCOUNT NUMBER'), submittedClaim('ACCOUNT-CO4')], writerOptions),
      );
      const co4 = join(dir, 'emedny-co4.835');
      writeFileSync(
        co4,
        readFileSync(EMEDNY, 'utf8')
          .replaceAll('CAS*CO*29*', 'CAS*CO*4*')
          .replaceAll('CLP*PATIENT ACCOUNT NUMBER*2*34*0', 'CLP*ACCOUNT-CO4*2*34*0')
          .replace('TRN*1*10100000000*', 'TRN*1*10100000001*'),
      );
      const ingest = (path: string) =>
        db.transaction((tx) => ingestX12File(tx, path, { tenantId: 'default', sourceSystem: 'e2e' }));

      await ingest(claims);
      // What ingest does not carry: evidence the claim was sent, the resolved context, a modifier rule.
      await db.query(
        `INSERT INTO billing.claim_submission (tenant_id, claim_id, submitted_at, channel, reference)
         SELECT tenant_id, claim_id, '2010-01-01T06:00:00Z', 'edi', '000000007' FROM billing.claim`,
      );
      await db.query(
        `UPDATE billing.claim SET resolved_context_snapshot =
           '{"rendering_credential":"OD","facility_address_state":"NY","payer_id":"NYSDOH"}'`,
      );
      await db.query(
        `INSERT INTO rcm_reference.modifier_injection_rule (tenant_id, trigger_type, trigger_value, scope, modifier)
         VALUES ('default', 'facility_address_state', 'NY', 'V2*', 'RB')`,
      );
      // The payer's timely-filing window: the CO-29 appeal's proof must be dated inside it.
      await db.query(
        `INSERT INTO billing.payer (tenant_id, payer_id, timely_filing_days) VALUES ('default', 'NYSDOH', 365)
         ON CONFLICT (tenant_id, payer_id) DO UPDATE SET timely_filing_days = 365`,
      );

      const public835 = await ingest(EMEDNY);
      assert.equal(public835.inserted?.denials, 2);
      const first = await autoCorrectIngested(db, 'default', public835.fileId);
      assert.deepEqual([first.denials, first.attempts], [1, { SUCCESS: 1, FAILED: 0, SKIPPED: 0 }]);
      assert.deepEqual(Object.keys(first.byHandler), ['Co29TimelyFilingHandler']);

      const derived = await ingest(co4);
      const second = await autoCorrectIngested(db, 'default', derived.fileId);
      assert.deepEqual(
        [second.denials, second.attempts, second.rebilledClaims, second.events],
        [1, { SUCCESS: 1, FAILED: 0, SKIPPED: 0 }, 1, 2],
      );

      // Attempts: one per (denial, handler), correlated with the file that raised the denial.
      const denials = await db.query<{
        denial_id: number;
        carc_codes: string[];
        status: string;
        payer_claim_control_number: string;
      }>(
        `SELECT denial_id, carc_codes, status, payer_claim_control_number FROM billing.denial ORDER BY denial_id`,
      );
      assert.deepEqual(
        denials.map((d) => [d.carc_codes, d.status]),
        [
          [['CO-29'], 'APPEALED'],
          [['CO-251'], 'OPEN'],
          [['CO-4'], 'CORRECTED'],
          [['CO-251'], 'OPEN'],
        ],
      );
      const co29 = await listAttempts(db, 'default', denials[0]!.denial_id);
      assert.deepEqual(
        co29.map((a) => [a.handlerName, a.status, a.strategy, a.correlationId]),
        [['Co29TimelyFilingHandler', 'SUCCESS', 'TIMELY_FILING_APPEAL', `source-file:${public835.fileId}`]],
      );
      const [appeal] = await db.query<{ proof: { firstEvidence: string; submissions: unknown[] } }>(
        'SELECT proof FROM billing.appeal',
      );
      assert.equal(appeal!.proof.firstEvidence, '2010-01-01');
      const rebill = (await listAttempts(db, 'default', denials[2]!.denial_id))[0]!;
      assert.deepEqual(
        [rebill.handlerName, rebill.status, rebill.recoveredAmountCents],
        ['Co4ModifierHandler', 'SUCCESS', 3_400],
      );

      // The corrected claim as an 837P: frequency 7, REF*F8 with the payer's CLP07, RB on both V-codes.
      const text = await writeClaims837(db, 'default', [rebill.rebilledClaimId!], {
        ...writerOptions,
        controlNumber: 8,
        createdAt: '2010-02-01T09:00',
      });
      const { sink, document } = collectingSink();
      readX12Text(text, sink);
      const corrected = (document().transactions[0] as ClaimSet).claims[0]!;
      assert.deepEqual(
        [
          corrected.patientControlNumber,
          corrected.frequencyCode,
          corrected.payerClaimControlNumber,
          corrected.lines.map((l) => `${l.procedureCode}:${l.modifiers.join(':')}`),
        ],
        ['ACCOUNT-CO4', '7', '1000220000000020', ['V2020:RB', 'V2103:RB']],
      );

      // Events in the outbox, carrying the envelope of the file.
      const events = await db.query<{
        event_type: string;
        correlation_id: string;
        payload: { data: { rebilledClaimId: number } };
      }>('SELECT event_type, correlation_id, payload FROM billing.outbox_event ORDER BY seq');
      assert.deepEqual(
        events.map((e) => [e.event_type, e.correlation_id, e.payload.data.rebilledClaimId]),
        [
          ['claim.rebilled', `source-file:${derived.fileId}`, rebill.rebilledClaimId],
          ['claim.corrected', `source-file:${derived.fileId}`, rebill.rebilledClaimId],
        ],
      );

      const rates = await db.query(
        'SELECT carc_code, attempts, successes, success_rate, recovered_amount_cents FROM billing.v_auto_correction_success_rate ORDER BY carc_code',
      );
      assert.deepEqual(rates, [
        { carc_code: 'CO-29', attempts: 1, successes: 1, success_rate: 1, recovered_amount_cents: 0 },
        { carc_code: 'CO-4', attempts: 1, successes: 1, success_rate: 1, recovered_amount_cents: 3_400 },
      ]);

      // Ingesting the same public file again adds nothing, and a rerun of the trigger does nothing.
      assert.equal((await ingest(EMEDNY)).status, 'already-ingested');
      assert.equal((await autoCorrectIngested(db, 'default', public835.fileId)).denials, 0);
    });
  });
}
