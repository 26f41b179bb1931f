import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listAttempts } from '../../src/correction/attempt.repository.js';
import { autoCorrectIngested } from '../../src/correction/auto-correct.js';
import { ingestX12File } from '../../src/ingest/x12/ingest-x12.js';
import { resolvedContext } from '../../src/ingest/x12/claim-context.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';

const PUBLIC_837 = '../shared/data/public/x12-837';
const PUBLIC_835 = '../shared/data/public/x12-835';
const dir = tempDir('reclaim-real-');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** An interchange around one transaction set's segments, SE01 counted. */
function interchange(control: string, gs: string, body: string[]): string {
  const st = body[0]!.split('*')[2];
  const segments = [...body, `SE*${body.length + 1}*${st}`];
  return (
    [
      `ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *250301*1200*^*00501*${control}*0*P*:`,
      gs,
      ...segments,
      `GE*1*${Number(control)}`,
      `IEA*1*${control}`,
    ].join('~\n') + '~\n'
  );
}

/** A dental 837 (005010X224A2, or 004010X097A1) with one claim of two SV3 lines. */
function dental837(version: string, pcn: string): string {
  return interchange('000000101', `GS*HC*SUBMITTER*RECEIVER*20250301*1200*101*X*${version}`, [
    `ST*837*0001${version.startsWith('005') ? `*${version}` : ''}`,
    'BHT*0019*00*BATCH1*20250301*1200*CH',
    'NM1*41*2*SMILE DENTAL*****46*SUB123',
    'PER*IC*OFFICE*TE*5555550100',
    'NM1*40*2*DENTAL PAYER*****46*DP001',
    'HL*1**20*1',
    'PRV*BI*PXC*1223G0001X',
    'NM1*85*2*SMILE DENTAL*****XX*1234567893',
    'N3*1 MAIN ST',
    'N4*ANYTOWN*PA*17111',
    'REF*EI*123456789',
    'HL*2*1*22*0',
    'SBR*P*18*******CI',
    'NM1*IL*1*DOE*JANE****MI*MEM001',
    'DMG*D8*19800101*F',
    'NM1*PR*2*DENTAL PAYER*****PI*DP001',
    `CLM*${pcn}*250***11:B:1*Y*A*Y*Y`,
    'DTP*472*D8*20250215',
    'NM1*82*1*SMITH*ANNA****XX*1999999984',
    'PRV*PE*PXC*1223G0001X',
    'LX*1',
    'SV3*AD:D2391*150*11****1',
    'TOO*JP*3*M:O',
    'DTP*472*D8*20250215',
    'LX*2',
    'SV3*AD:D4341*100*11*10:20***1',
    'DTP*472*D8*20250215',
  ]);
}

/** 837P example 3B sent to the primary payer instead: same account and charge, Key Insurance, SBR01 P. */
function primaryOf3B(): string {
  const segments = readFileSync(join(PUBLIC_837, 'linuxforhealth__837p_cob_example3B.837'), 'utf8')
    .split('~')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const out: string[] = [];
  let otherPayerLoops = false;
  for (const s of segments) {
    if (s.startsWith('SBR*P*01')) otherPayerLoops = true;
    if (s.startsWith('LX*1')) otherPayerLoops = false;
    if (otherPayerLoops || /^(SVD|CAS|DTP\*573)\*/.test(s)) continue;
    if (s === 'SBR*S********CI') out.push('SBR*P********CI');
    else if (s.startsWith('NM1*PR*2*GREAT PRAIRIES'))
      out.push('NM1*PR*2*KEY INSURANCE COMPANY*****PI*999996666');
    else if (s.startsWith('BHT*')) out.push('BHT*0019*00*0122*20051005*0900*CH');
    else out.push(s);
  }
  const st = out.findIndex((s) => s.startsWith('ST*'));
  const se = out.findIndex((s) => s.startsWith('SE*'));
  out[se] = `SE*${se - st + 1}*1234`;
  return out.join('~\n') + '~\n';
}

/** An 835 from a payer with the given claim loops, SE01 counted. */
function era(trace: string, payer: string, payerId: string, claims: string[][]): string {
  return interchange('000000201', 'GS*HP*PAYER*CLINIC*20250401*1200*201*X*005010X221A1', [
    'ST*835*0001',
    'BPR*I*0*C*NON************20250401',
    `TRN*1*${trace}*1${payerId.padStart(9, '0').slice(-9)}`,
    `N1*PR*${payer}`,
    'REF*2U*' + payerId,
    'N1*PE*CLINIC*XX*1234567893',
    'LX*1',
    ...claims.flat(),
  ]);
}

for (const engine of ENGINES) {
  void describe(`real 837 and 835 files on ${engine}`, () => {
    let db: TestDb;
    before(async () => {
      db = await freshDb(engine);
      await db.query(
        `INSERT INTO billing.tenant (tenant_id, name) VALUES ('a', 'A'), ('b', 'B'), ('c', 'C')`,
      );
    });
    after(() => db.dispose());
    const ingest = (tenantId: string, path: string) =>
      db.transaction((tx) => ingestX12File(tx, path, { tenantId, sourceSystem: 'x12' }));

    void it('ingests every public 837: the broken interchange of the 4010 sample alone is dropped', async () => {
      const files = readdirSync(PUBLIC_837).sort();
      assert.ok(files.length >= 20);
      for (const name of files) {
        const result = await ingest('c', join(PUBLIC_837, name));
        assert.equal(result.status, 'ingested', name);
        assert.ok((result.read?.claims ?? 0) > 0, name);
      }
      const tiger = await db.query<{ field: string; position: number; issue: string }>(
        `SELECT q.field, q.position, q.issue FROM ingest.data_quality_issue q
         JOIN ingest.source_file f USING (file_id)
         WHERE f.file_name = 'tigershark__837I-Examples_4010.txt' AND q.field = 'ENVELOPE_REJECTED'`,
      );
      assert.deepEqual(tiger, [
        {
          field: 'ENVELOPE_REJECTED',
          position: 54,
          issue: 'claim at segment 25 rejected: truncated: ST at segment 3 is never closed by SE',
        },
      ]);
      const [kept] = await db.query<{ n: number; pcn: string; quarantined: number }>(
        `SELECT count(*)::int AS n, min(c.patient_control_number) AS pcn, min(f.rows_quarantined) AS quarantined
         FROM billing.claim c JOIN ingest.source_file f ON f.file_id = c.source_file_id
         WHERE f.file_name = 'tigershark__837I-Examples_4010.txt'`,
      );
      assert.deepEqual(kept, { n: 1, pcn: '5006935999', quarantined: 1 });
    });

    void it('keeps a dental 837 (5010 and 4010) with its SV3 lines, teeth and areas', async () => {
      for (const [version, pcn] of [
        ['005010X224A2', 'DENT-5010'],
        ['004010X097A1', 'DENT-4010'],
      ] as const) {
        const result = await ingest('c', file(`${pcn}.837`, dental837(version, pcn)));
        assert.equal(result.inserted?.claimLines, 2, version);
      }
      const lines = await db.query(
        `SELECT c.patient_control_number AS pcn, c.claim_type, l.line_number, l.procedure_qualifier, l.procedure_code,
                l.charge_cents, l.teeth, l.oral_cavity_areas
         FROM billing.claim c JOIN billing.claim_line l USING (claim_id)
         WHERE c.patient_control_number LIKE 'DENT-%' ORDER BY 1, 3`,
      );
      const expected = (pcn: string) => [
        {
          pcn,
          claim_type: 'dental',
          line_number: 1,
          procedure_qualifier: 'AD',
          procedure_code: 'D2391',
          charge_cents: 15000,
          teeth: [{ number: '3', surfaces: ['M', 'O'] }],
          oral_cavity_areas: [],
        },
        {
          pcn,
          claim_type: 'dental',
          line_number: 2,
          procedure_qualifier: 'AD',
          procedure_code: 'D4341',
          charge_cents: 10000,
          teeth: null,
          oral_cavity_areas: ['10', '20'],
        },
      ];
      assert.deepEqual(lines, [...expected('DENT-4010'), ...expected('DENT-5010')]);
    });

    void it('keeps the claim sent to each payer of a COB pair and links them, in either order', async () => {
      const secondary = join(PUBLIC_837, 'linuxforhealth__837p_cob_example3B.837');
      const crossover = join(PUBLIC_837, 'linuxforhealth__837p_cob_example3C.837');
      const primary = file('primary-3B.837', primaryOf3B());
      for (const [tenant, order] of [
        ['a', [secondary, crossover, primary]],
        ['b', [primary, crossover, secondary]],
      ] as const) {
        const results = [];
        for (const path of order) results.push(await ingest(tenant, path));
        assert.deepEqual(
          results.map((r) => r.inserted?.claims),
          tenant === 'a' ? [1, 0, 1] : [1, 1, 0],
          'the payer-to-payer copy (3C) is the secondary claim sent again',
        );
        const claims = await db.query<{
          claim_id: number;
          payer_id: string;
          payer_responsibility: string;
          cob_prior_claim_id: number | null;
          submissions: number;
        }>(
          `SELECT c.claim_id, c.payer_id, c.payer_responsibility, c.cob_prior_claim_id,
                  (SELECT count(*)::int FROM billing.claim_submission s WHERE s.claim_id = c.claim_id) AS submissions
           FROM billing.claim c WHERE c.tenant_id = $1 ORDER BY c.payer_id`,
          [tenant],
        );
        assert.deepEqual(
          claims.map((c) => [c.payer_id, c.payer_responsibility, c.submissions]),
          [
            ['567890', 'S', 2],
            ['999996666', 'P', 1],
          ],
        );
        assert.equal(claims[0]!.cob_prior_claim_id, claims[1]!.claim_id);
        assert.equal(claims[1]!.cob_prior_claim_id, null);
      }
      const sources = await db.query(
        `SELECT s.reference, s.transaction_control_number, s.submitter_id, s.receiver_id, s.receiver_name,
                to_char(s.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS at, f.file_name
         FROM billing.claim_submission_source s JOIN ingest.source_file f ON f.file_id = s.source_file_id
         JOIN billing.claim c USING (claim_id)
         WHERE s.tenant_id = 'a' AND c.payer_id = '567890' ORDER BY f.file_name`,
      );
      assert.deepEqual(sources, [
        {
          reference: '000000907',
          transaction_control_number: '1234',
          submitter_id: '12EEER000TY',
          receiver_id: '567890',
          receiver_name: 'GREAT PRAIRIES HEALTH',
          at: '2005-10-15 10:23',
          file_name: 'linuxforhealth__837p_cob_example3B.837',
        },
        {
          reference: '000000907',
          transaction_control_number: '0024',
          submitter_id: '999996666',
          receiver_id: '567890',
          receiver_name: 'GREAT PRAIRIES',
          at: '2005-10-15 10:23',
          file_name: 'linuxforhealth__837p_cob_example3C.837',
        },
      ]);
      const [snapshot] = await db.query<{
        s: Record<string, unknown>;
        payer_id: string | null;
        payer_name: string | null;
        billing_npi: string | null;
        rendering_npi: string | null;
      }>(
        `SELECT resolved_context_snapshot AS s, payer_id, payer_name, billing_npi, rendering_npi
         FROM billing.claim WHERE tenant_id = 'a' AND payer_id = '567890'`,
      );
      // Stored compactly: no value that is a claim column, every source the 837P's usual one.
      assert.deepEqual(snapshot!.s, {
        payer_responsibility: 'S',
        billing_provider_name: 'KILDARE',
        rendering_taxonomy: '204C00000X',
        service_facility_npi: '1581234567',
        facility_address_state: 'FL',
        sources_default: '837P',
      });
      assert.deepEqual(resolvedContext(snapshot!.s, snapshot!), {
        payer_id: '567890',
        payer_name: 'GREAT PRAIRIES HEALTH',
        payer_responsibility: 'S',
        billing_npi: '1999996666',
        billing_provider_name: 'KILDARE',
        rendering_npi: '1999996666',
        rendering_taxonomy: '204C00000X',
        service_facility_npi: '1581234567',
        facility_address_state: 'FL',
        sources: {
          payer_id: '837 2010BB NM109',
          payer_name: '837 2010BB NM103',
          payer_responsibility: '837 2000B SBR01',
          billing_npi: '837 2010AA NM109',
          billing_provider_name: '837 2010AA NM103',
          rendering_npi: '837 2310B NM109',
          rendering_taxonomy: '837 2310B PRV03',
          service_facility_npi: '837 2310C NM109',
          facility_address_state: '837 2310C N402',
        },
      });
    });

    void it('matches payments to the claim of their payer, the same whichever file comes first', async () => {
      // Payer B pays the secondary claim, payer A the primary: one account, two payers.
      const fromA = file(
        'from-a.835',
        era('TRA-1', 'KEY INSURANCE COMPANY', '999996666', [
          ['CLP*26407789*1*79.04*39.15*21.89*12*ICN-A', 'CAS*PR*1*21.89', 'CAS*CO*42*18'],
        ]),
      );
      const fromB = file(
        'from-b.835',
        era('TRB-1', 'GREAT PRAIRIES HEALTH', '567890', [
          ['CLP*26407789*2*79.04*21.89**12*ICN-B', 'CAS*OA*23*57.15'],
        ]),
      );
      for (const tenant of ['a', 'b']) {
        for (const path of [fromA, fromB]) await ingest(tenant, path);
      }
      // Tenant c gets the payments before any claim, then the 837s.
      await ingest('c', fromA);
      await ingest('c', fromB);
      const before = await db.query(
        `SELECT count(*)::int AS n FROM billing.remit_claim WHERE tenant_id = 'c' AND patient_control_number = '26407789'
           AND claim_id IS NOT NULL AND claim_id IN (SELECT claim_id FROM billing.claim WHERE payer_id = '999996666')`,
      );
      assert.deepEqual(before, [{ n: 0 }], 'no claim to payer A in tenant c yet');
      await ingest('c', file('primary-3B.837', primaryOf3B()));
      const links = (tenant: string) =>
        db.query(
          `SELECT rc.payer_claim_control_number AS icn, c.payer_id, c.payer_responsibility, d.kind, d.carc_codes,
                  d.claim_id = c.claim_id AS denial_linked
           FROM billing.remit_claim rc JOIN billing.claim c ON c.claim_id = rc.claim_id
           LEFT JOIN billing.denial d ON d.remit_claim_id = rc.remit_claim_id
           WHERE rc.tenant_id = $1 AND rc.patient_control_number = '26407789' ORDER BY 1`,
          [tenant],
        );
      const expected = [
        {
          icn: 'ICN-A',
          payer_id: '999996666',
          payer_responsibility: 'P',
          kind: 'patient_liability',
          carc_codes: ['PR-1'],
          denial_linked: true,
        },
        {
          icn: 'ICN-B',
          payer_id: '567890',
          payer_responsibility: 'S',
          kind: null,
          carc_codes: null,
          denial_linked: null,
        },
      ];
      assert.deepEqual(await links('a'), expected);
      assert.deepEqual(await links('b'), expected);
      assert.deepEqual(await links('c'), expected);
    });

    void it('CO-29 appeals with the submission its 837 recorded; CO-4 reads a complete snapshot; PR-1 bills the patient', async () => {
      // The claims the eMedNY 835 answers, as an 837P: NP rendering (taxonomy), service facility in NY.
      const claims837 = interchange('000000007', 'GS*HC*MAJORMED*EMEDNY*20100101*0600*7*X*005010X222A1', [
        'ST*837*0001*005010X222A1',
        'BHT*0019*00*B7*20100101*0600*CH',
        'NM1*41*2*MAJOR MEDICAL PROVIDER*****46*MAJORMED',
        'PER*IC*BILLING*TE*5185550100',
        'NM1*40*2*EMEDNY*****46*EMEDNY',
        'HL*1**20*1',
        'NM1*85*2*MAJOR MEDICAL PROVIDER*****XX*9999999995',
        'N3*1 MAIN ST',
        'N4*ALBANY*NY*12237',
        'REF*EI*000000000',
        ...['PATIENT ACCOUNT NUMBER', 'ACCOUNT-CO4'].flatMap((pcn, i) => [
          `HL*${i + 2}*1*22*0`,
          'SBR*P*18*******MC',
          `NM1*IL*1*SUBMITTED LAST*SUBMITTED FIRST****MI*LL8888${i}L`,
          'NM1*PR*2*NYSDOH*****PI*NYSDOH',
          `CLM*${pcn}*34***11:B:1*Y*A*Y*Y`,
          'HI*ABK:H5203',
          'NM1*82*1*EYES*EVE****XX*1999999984',
          'PRV*PE*PXC*363LF0000X',
          'NM1*77*2*EYE CENTER*****XX*1111111112',
          'N3*2 STATE ST',
          'N4*TROY*NY*12180',
          'LX*1',
          'SV1*HC:V2020*12*UN*1***1',
          'DTP*472*D8*20100101',
          'LX*2',
          'SV1*HC:V2103*22*UN*1***1',
          'DTP*472*D8*20100101',
        ]),
      ]);
      const emedny = readFileSync(join(PUBLIC_835, 'keironstoddart__emedny_sample.txt'), 'utf8');
      const co4 = emedny
        .replaceAll('CAS*CO*29*', 'CAS*CO*4*')
        .replaceAll('CLP*PATIENT ACCOUNT NUMBER*2*34*0', 'CLP*ACCOUNT-CO4*2*34*0')
        .replace('TRN*1*10100000000*', 'TRN*1*10100000001*');
      await db.query(
        `INSERT INTO rcm_reference.modifier_injection_rule (tenant_id, trigger_type, trigger_value, scope, modifier)
         VALUES ('default', 'rendering_credential', 'NP', 'V2*', 'SA')`,
      );
      await db.query(
        `INSERT INTO billing.payer (tenant_id, payer_id, name, timely_filing_days) VALUES ('default', 'NYSDOH', 'NYSDOH', 90)`,
      );
      const claims = await ingest('default', file('emedny-claims.837', claims837));
      assert.equal(claims.inserted?.submissions, 2);
      const public835 = await ingest('default', join(PUBLIC_835, 'keironstoddart__emedny_sample.txt'));
      const first = await autoCorrectIngested(db, 'default', public835.fileId);
      assert.deepEqual(first.byHandler, { Co29TimelyFilingHandler: { SUCCESS: 1, FAILED: 0, SKIPPED: 0 } });
      const [appeal] = await db.query<{
        proof: { firstEvidence: string; submissions: { reference: string }[] };
      }>('SELECT proof FROM billing.appeal');
      assert.equal(appeal!.proof.firstEvidence, '2010-01-01');
      assert.deepEqual(
        appeal!.proof.submissions.map((s) => s.reference),
        ['000000007'],
      );
      const derived = await ingest('default', file('emedny-co4.835', co4));
      const second = await autoCorrectIngested(db, 'default', derived.fileId);
      assert.deepEqual(second.byHandler, { Co4ModifierHandler: { SUCCESS: 1, FAILED: 0, SKIPPED: 0 } });

      // A payment whose only open amount is the patient's share: a patient-liability work item.
      const pr = file(
        'pr-only.835',
        era('TRP-1', 'NYSDOH', 'NYSDOH', [
          ['CLP*PATIENT ACCOUNT NUMBER*1*34*24*10**ICN-PR', 'CAS*PR*1*6**3*4'],
        ]),
      );
      const liability = await ingest('default', pr);
      assert.equal(liability.inserted?.denials, 1);
      const [item] = await db.query<{
        denial_id: number;
        kind: string;
        carc_codes: string[];
        amount: number;
      }>(
        `SELECT denial_id, kind, carc_codes, denied_amount_cents AS amount FROM billing.denial
         WHERE payer_claim_control_number = 'ICN-PR'`,
      );
      assert.deepEqual(
        [item!.kind, item!.carc_codes, item!.amount],
        ['patient_liability', ['PR-1', 'PR-3'], 1000],
      );
      const third = await autoCorrectIngested(db, 'default', liability.fileId);
      assert.deepEqual(third.byHandler, { PatientLiabilityHandler: { SUCCESS: 1, FAILED: 0, SKIPPED: 0 } });
      const [attempt] = await listAttempts(db, 'default', item!.denial_id);
      assert.deepEqual(attempt!.details, { amountCents: 1000, byCarc: { 'PR-1': 600, 'PR-3': 400 } });
      // The KPI counts the line as allowed, not denied: the patient's share is no denial.
      const kpi = await db.query(
        `SELECT e.prcsg_bucket FROM billing.v_kpi_line_enriched e
         JOIN billing.remit_claim rc ON rc.remit_claim_id::text = e.claim_ref
         WHERE rc.payer_claim_control_number = 'ICN-PR'`,
      );
      assert.deepEqual(kpi, [{ prcsg_bucket: 'ALLOWED' }]);
    });
  });
}
