import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ReclaimError } from '../../src/errors.js';
import { ingestX12File } from '../../src/ingest/x12/ingest-x12.js';
import { findDenialIdsOfFile } from '../../src/ingest/x12/remittance.repository.js';
import { write837P } from '../../src/x12/claims/writer.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { claimSets, fixture, fixturePath, readText } from './support.js';
import { tempDir } from '../support/temp.js';

const OPTIONS = { tenantId: 'default', sourceSystem: 'x12' };
const dir = tempDir('reclaim-x12-');
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A small 835 with the given CLP loops (each a list of segments), SE01 counted. */
function era(trace: string, claims: string[][], payment: string): string {
  const body = [
    `ST*835*0001`,
    `BPR*I*${payment}*C*CHK************20250701`,
    `TRN*1*${trace}*1999999999`,
    'N1*PR*ACME HEALTH',
    'N1*PE*CLINIC*XX*1234567890',
    'LX*1',
    ...claims.flat(),
  ];
  body.push(`SE*${body.length + 1}*0001`);
  const isa =
    'ISA*00*          *00*          *ZZ*ACME           *ZZ*CLINIC         *250701*1200*^*00501*000000001*0*P*:';
  return (
    [isa, 'GS*HP*ACME*CLINIC*20250701*1200*1*X*005010X221A1', ...body, 'GE*1*1', 'IEA*1*000000001'].join(
      '~\n',
    ) + '~\n'
  );
}

async function count(db: TestDb, table: string): Promise<number> {
  const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]?.n ?? -1;
}

async function counts(db: TestDb) {
  const tables = [
    'ingest.source_file',
    'billing.remittance',
    'billing.remit_claim',
    'billing.remit_line',
    'billing.remittance_adjustment',
    'billing.remittance_remark',
    'billing.provider_adjustment',
    'billing.denial',
    'billing.claim',
    'billing.claim_line',
  ];
  const out: Record<string, number> = {};
  for (const t of tables) out[t.split('.')[1] ?? t] = await count(db, t);
  return out;
}

for (const engine of ENGINES) {
  void describe(`X12 ingest on ${engine}`, () => {
    let db: TestDb;
    before(async () => (db = await freshDb(engine)));
    after(() => db.dispose());

    void it('stores an outright denial with its lines, CAS, LQ remarks and provenance', async () => {
      const result = await db.transaction((tx) =>
        ingestX12File(tx, fixturePath('pyx12__835_mult_loops.txt'), OPTIONS),
      );
      assert.equal(result.status, 'ingested');
      assert.equal(result.format, 'x12-835');
      assert.deepEqual(result.inserted, {
        remittances: 1,
        remitClaims: 1,
        remitLines: 3,
        adjustments: 3,
        remarks: 3,
        providerAdjustments: 0,
        denials: 1,
        claims: 0,
        claimLines: 0,
        submissions: 0,
        cobLinks: 0,
      });
      assert.deepEqual(
        await db.query(
          `SELECT format, file_name, size_bytes, rows_read, rows_accepted, rows_quarantined FROM ingest.source_file`,
        ),
        [
          {
            format: 'x12-835',
            file_name: 'pyx12__835_mult_loops.txt',
            size_bytes: 857,
            rows_read: 1,
            rows_accepted: 1,
            rows_quarantined: 0,
          },
        ],
      );
      assert.deepEqual(
        await db.query(
          `SELECT payer_key, trace_number, payer_name, payment_cents, handling_code, payment_date, production_date, source_position FROM billing.remittance`,
        ),
        [
          {
            payer_key: '1386000134',
            trace_number: '000000000',
            payer_name: 'PAYER',
            payment_cents: 0,
            handling_code: 'H',
            payment_date: '2004-10-28',
            production_date: '2013-09-01',
            source_position: 3,
          },
        ],
      );
      assert.deepEqual(
        await db.query(
          `SELECT patient_control_number, status_code, charge_cents, paid_cents, payer_claim_control_number, occurrence, source_position FROM billing.remit_claim`,
        ),
        [
          {
            patient_control_number: '2005555A',
            status_code: '4',
            charge_cents: 91539,
            paid_cents: 0,
            payer_claim_control_number: '4276512332',
            occurrence: 1,
            source_position: 15,
          },
        ],
      );
      assert.deepEqual(
        await db.query(`SELECT l.line_number, l.procedure_code, l.charge_cents, l.units_paid::text AS units, l.service_date, a.group_code, a.carc, a.amount_cents, r.code
                        FROM billing.remit_line l
                        JOIN billing.remittance_adjustment a ON a.remit_line_id = l.remit_line_id
                        JOIN billing.remittance_remark r ON r.remit_line_id = l.remit_line_id ORDER BY l.line_number`),
        [
          {
            line_number: 1,
            procedure_code: 'T1005',
            charge_cents: 50004,
            units: '68',
            service_date: '2003-11-29',
            group_code: 'CO',
            carc: '16',
            amount_cents: 50004,
            code: 'N14',
          },
          {
            line_number: 2,
            procedure_code: 'T1005',
            charge_cents: 12780,
            units: '16',
            service_date: '2003-10-30',
            group_code: 'OA',
            carc: 'A7',
            amount_cents: 12780,
            code: 'N14',
          },
          {
            line_number: 3,
            procedure_code: 'T1005',
            charge_cents: 28755,
            units: '36',
            service_date: '2003-10-31',
            group_code: 'OA',
            carc: 'A7',
            amount_cents: 28755,
            code: 'N14',
          },
        ],
      );
      assert.equal((await findDenialIdsOfFile(db, result.fileId)).length, 1);
      assert.deepEqual(
        await db.query(
          `SELECT patient_control_number, payer_key, carc_codes, rarc_codes, denied_amount_cents, status, denied_on FROM billing.denial`,
        ),
        [
          {
            patient_control_number: '2005555A',
            payer_key: '1386000134',
            carc_codes: ['CO-16', 'OA-A7'],
            rarc_codes: ['N14'],
            denied_amount_cents: 91539,
            status: 'OPEN',
            denied_on: '2004-10-28',
          },
        ],
      );
    });

    void it('ingesting the same file again adds nothing', async () => {
      const before = await counts(db);
      const result = await db.transaction((tx) =>
        ingestX12File(tx, fixturePath('pyx12__835_mult_loops.txt'), OPTIONS),
      );
      assert.equal(result.status, 'already-ingested');
      assert.deepEqual(await counts(db), before);
    });

    void it('leaves what it wrote findable: BRIN ranges summarised, the lookup and linking columns analysed', async () => {
      // Their BRIN indexes (migration 073) read every range not summarised yet, and the planner
      // uses them only when it knows remit_claim_id follows the table's order.
      const [fresh] = await db.query<Record<string, number>>(
        `SELECT brin_summarize_new_values('billing.remit_line_claim') AS lines,
                brin_summarize_new_values('billing.remittance_adjustment_claim') AS adjustments,
                brin_summarize_new_values('billing.remittance_remark_claim') AS remarks`,
      );
      assert.deepEqual(fresh, { lines: 0, adjustments: 0, remarks: 0 });
      const analysed = await db.query<{ tablename: string; attname: string }>(
        `SELECT tablename, attname FROM pg_stats WHERE schemaname = 'billing'
           AND ((attname = 'remit_claim_id' AND tablename IN ('remit_line', 'remittance_adjustment', 'remittance_remark'))
             OR (attname = 'patient_control_number' AND tablename IN ('remit_claim', 'denial')))
         ORDER BY 1`,
      );
      // PGlite runs no autovacuum: posting analyses what the lookups and linking after it plan on.
      assert.deepEqual(
        analysed.map((r) => `${r.tablename}.${r.attname}`),
        [
          'denial.patient_control_number',
          'remit_claim.patient_control_number',
          'remit_line.remit_claim_id',
          'remittance_adjustment.remit_claim_id',
          'remittance_remark.remit_claim_id',
        ],
      );
    });

    void it('the same payment arriving in another file (other bytes) adds no claim, line, adjustment or denial', async () => {
      const before = await counts(db);
      const reformatted = file('again.835', fixture('pyx12__835_mult_loops.txt').replaceAll('~\n', '~\r\n'));
      const result = await db.transaction((tx) => ingestX12File(tx, reformatted, OPTIONS));
      assert.equal(result.status, 'ingested');
      assert.deepEqual(result.inserted, {
        remittances: 0,
        remitClaims: 0,
        remitLines: 0,
        adjustments: 0,
        remarks: 0,
        providerAdjustments: 0,
        denials: 0,
        claims: 0,
        claimLines: 0,
        submissions: 0,
        cobLinks: 0,
      });
      assert.deepEqual(await counts(db), { ...before, source_file: (before.source_file ?? 0) + 1 });
    });

    void it('keeps nine claim payments that share CLP01, CLP07 and CLP02 in one check; contractual CO-131 is no denial, PR-3 is patient liability', async () => {
      const result = await db.transaction((tx) =>
        ingestX12File(tx, fixturePath('badx12__X221-multiple-claims-single-check.edi'), OPTIONS),
      );
      assert.equal(result.inserted?.remitClaims, 9);
      assert.equal(result.inserted?.adjustments, 39);
      assert.equal(result.inserted?.denials, 3);
      assert.deepEqual(
        await db.query(
          `SELECT d.kind, d.carc_codes, d.denied_amount_cents FROM billing.denial d
           JOIN billing.remit_claim rc USING (remit_claim_id) WHERE rc.patient_control_number = '7722337'
           ORDER BY d.denial_id`,
        ),
        [
          { kind: 'patient_liability', carc_codes: ['PR-3'], denied_amount_cents: 2400 },
          { kind: 'patient_liability', carc_codes: ['PR-3'], denied_amount_cents: 90200 },
          { kind: 'patient_liability', carc_codes: ['PR-3'], denied_amount_cents: 4420 },
        ],
      );
      const rows = await db.query<{ occurrence: number; paid_cents: number }>(
        `SELECT occurrence, paid_cents FROM billing.remit_claim WHERE patient_control_number = '7722337' ORDER BY remit_claim_id`,
      );
      assert.deepEqual(
        rows.map((r) => [r.occurrence, r.paid_cents]),
        [
          [1, 13200],
          [2, 7400],
          [3, 10800],
          [4, 1400],
          [5, 1680],
          [6, 13200],
          [7, 10800],
          [8, 8200],
          [9, 14400],
        ],
      );
    });

    void it('links a reversal (CLP02 22) to the payment it takes back, and finds line-level denials', async () => {
      const paid = ['CLP*PCN-9*1*100*80**12*ICN-1', 'CAS*CO*45*20'];
      await db.transaction((tx) => ingestX12File(tx, file('first.835', era('TR-1', [paid], '80')), OPTIONS));
      const reversal = ['CLP*PCN-9*22*-100*-80**12*ICN-1', 'CAS*CO*45*-20'];
      const redo = ['CLP*PCN-9*1*100*0**12*ICN-2', 'SVC*HC:99213*100*0', 'CAS*CO*4*100', 'LQ*HE*N519'];
      const result = await db.transaction((tx) =>
        ingestX12File(tx, file('second.835', era('TR-2', [reversal, redo], '-80')), OPTIONS),
      );
      assert.deepEqual(
        [result.read?.warnings, result.inserted?.remitClaims, result.inserted?.denials],
        [0, 2, 1],
      );
      const rows = await db.query(
        `SELECT r.payer_claim_control_number AS pccn, r.status_code, o.status_code AS reverses_status, o.payer_claim_control_number AS reverses_pccn
         FROM billing.remit_claim r LEFT JOIN billing.remit_claim o ON o.remit_claim_id = r.reverses_remit_claim_id
         WHERE r.patient_control_number = 'PCN-9' ORDER BY r.remit_claim_id`,
      );
      assert.deepEqual(rows, [
        { pccn: 'ICN-1', status_code: '1', reverses_status: null, reverses_pccn: null },
        { pccn: 'ICN-1', status_code: '22', reverses_status: '1', reverses_pccn: 'ICN-1' },
        { pccn: 'ICN-2', status_code: '1', reverses_status: null, reverses_pccn: null },
      ]);
      assert.deepEqual(
        await db.query(
          `SELECT carc_codes, rarc_codes, denied_amount_cents FROM billing.denial WHERE patient_control_number = 'PCN-9'`,
        ),
        [{ carc_codes: ['CO-4'], rarc_codes: ['N519'], denied_amount_cents: 10000 }],
      );
    });

    void it('stores 837 claims, links payments and denials to them, and a corrected claim as version 2', async () => {
      const submitted = fixturePath('linuxforhealth__837p_example11.837');
      const first = await db.transaction((tx) => ingestX12File(tx, submitted, OPTIONS));
      assert.deepEqual([first.format, first.inserted?.claims, first.inserted?.claimLines], ['x12-837', 1, 2]);
      const denied = ['CLP*ABC123-RI*4*28.75*0**12*PAYER-CCN-7', 'CAS*CO*4*28.75'];
      await db.transaction((tx) =>
        ingestX12File(tx, file('denied.835', era('TR-3', [denied], '0')), OPTIONS),
      );
      const claim = claimSets(readText(fixture('linuxforhealth__837p_example11.837')))[0]?.claims[0];
      assert.ok(claim);
      const corrected = write837P(
        [{ ...claim, frequencyCode: '7', payerClaimControlNumber: 'PAYER-CCN-7' }],
        {
          senderId: 'RECLAIM',
          receiverId: 'PAYER',
          submitter: { name: 'RECLAIM', contactName: 'OFFICE', phone: '5555550100' },
          receiver: { name: 'PAYER' },
          controlNumber: 2,
          createdAt: '2025-07-30T10:00',
        },
      );
      await db.transaction((tx) => ingestX12File(tx, file('corrected.837', corrected), OPTIONS));
      const again = await db.transaction((tx) =>
        ingestX12File(tx, file('corrected-again.837', corrected.replaceAll('~', '~\n')), OPTIONS),
      );
      assert.equal(again.inserted?.claims, 0);
      assert.deepEqual(
        await db.query(
          `SELECT c.version, c.frequency_code, c.payer_claim_control_number, c.replaces_claim_id IS NOT NULL AS replaces,
             c.total_charge_cents, c.billing_npi, c.rendering_npi, c.diagnosis_codes, c.service_date_from, c.patient_last_name,
             (SELECT array_agg(l.procedure_code || ':' || array_to_string(l.modifiers, ',') ORDER BY l.line_number) FROM billing.claim_line l WHERE l.claim_id = c.claim_id) AS lines
           FROM billing.claim c WHERE c.patient_control_number = 'ABC123-RI' ORDER BY c.version`,
        ),
        [
          {
            version: 1,
            frequency_code: '1',
            payer_claim_control_number: null,
            replaces: false,
            total_charge_cents: 2875,
            billing_npi: '1234567890',
            rendering_npi: '1122334455',
            diagnosis_codes: ['496', '25000'],
            service_date_from: '2005-05-14',
            patient_last_name: 'RING',
            lines: ['E0570:RR', 'A7003:NU'],
          },
          {
            version: 2,
            frequency_code: '7',
            payer_claim_control_number: 'PAYER-CCN-7',
            replaces: true,
            total_charge_cents: 2875,
            billing_npi: '1234567890',
            rendering_npi: '1122334455',
            diagnosis_codes: ['496', '25000'],
            service_date_from: '2005-05-14',
            patient_last_name: 'RING',
            lines: ['E0570:RR', 'A7003:NU'],
          },
        ],
      );
      assert.deepEqual(
        await db.query(
          `SELECT d.carc_codes, c.version FROM billing.denial d JOIN billing.claim c ON c.claim_id = d.claim_id WHERE d.patient_control_number = 'ABC123-RI'`,
        ),
        [{ carc_codes: ['CO-4'], version: 1 }],
      );
    });

    void it('records warnings (segment counts, balancing) as data-quality issues of the file', async () => {
      const result = await db.transaction((tx) =>
        ingestX12File(tx, fixturePath('keironstoddart__blue_cross_nc_sample.txt'), OPTIONS),
      );
      assert.deepEqual(
        await db.query(`SELECT position, field, issue FROM ingest.data_quality_issue WHERE file_id = $1`, [
          result.fileId,
        ]),
        [
          {
            position: 32,
            field: 'SEGMENT_COUNT_MISMATCH',
            issue: 'SE01 says 33 segments, the transaction has 32',
          },
        ],
      );
    });

    void it('refuses a truncated or malformed file with file and segment, and stores none of it', async () => {
      const before = await counts(db);
      const text = fixture('linuxforhealth__medicare-part-a.835');
      const cases: [string, string, RegExp][] = [
        [
          'cut.835',
          text.slice(0, text.indexOf('MOA***MA02') + 5),
          /^cut\.835: segment 27: truncated: last segment has no terminator$/,
        ],
        [
          'no-se.835',
          text.slice(0, text.indexOf('SE*28')),
          /^no-se\.835: segment 29: transaction set at segment 3 rejected: truncated: ST at segment 3 is never closed by SE$/,
        ],
        ['binary.835', '\u0000\u0001PK\u0003\u0004', /^binary\.835: segment 1: binary content/],
        ['short-isa.835', text.replace('*00501*', '*'), /^short-isa\.835: segment 1: ISA1\d is malformed/],
      ];
      for (const [name, content, message] of cases) {
        await assert.rejects(
          db.transaction((tx) => ingestX12File(tx, file(name, content), OPTIONS)),
          (e: unknown) => e instanceof ReclaimError && e.code === 'INVALID_X12' && message.test(e.message),
        );
      }
      assert.deepEqual(await counts(db), before);
    });
  });
}
