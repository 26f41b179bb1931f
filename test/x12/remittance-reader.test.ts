import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { RemitClaim, ServiceLine } from '../../src/x12/era/model.js';
import { collectingSink } from '../../src/x12/document.js';
import { readX12File } from '../../src/x12/read.js';
import { fixture, readText, remittances } from './support.js';

/** A claim in one line: CLP fields, then `GROUP-CARC:cents[xQTY]` adjustments and remarks. */
function claimLine(c: RemitClaim): string {
  const adj = c.adjustments.map(
    (a) => `${a.group}-${a.reason}:${a.amountCents}${a.quantity ? `x${a.quantity}` : ''}`,
  );
  const rem = c.remarks.map((r) => `${r.source}:${r.code}`);
  return [
    c.patientControlNumber,
    c.statusCode,
    c.chargeCents,
    c.paidCents,
    c.patientResponsibilityCents,
    c.payerClaimControlNumber,
    adj.join(' '),
    rem.join(' '),
  ].join('|');
}

function serviceLine(l: ServiceLine): string {
  const p = l.procedure;
  const adj = l.adjustments.map((a) => `${a.group}-${a.reason}:${a.amountCents}`);
  return [
    `${p?.qualifier}:${p?.code}${p?.modifiers.map((m) => `:${m}`).join('') ?? ''}`,
    l.chargeCents,
    l.paidCents,
    l.unitsPaid ?? '',
    l.serviceDate ?? '',
    l.lineControlNumber ?? '',
    adj.join(' '),
    l.remarks.map((r) => r.code).join(' '),
  ].join('|');
}

function read(name: string) {
  const doc = readText(fixture(name), name);
  return { doc, remits: remittances(doc) };
}

void describe('835 reader: exact values from public samples', () => {
  void it('BCBS NC, no envelope: payment, trace, CAS on lines, REF*6R, CO-42/PR-2/PR-3', () => {
    const { doc, remits } = read('keironstoddart__blue_cross_nc_sample.txt');
    const [r] = remits;
    assert.equal(remits.length, 1);
    assert.equal(r?.paymentCents, 192286);
    assert.equal(r?.traceNumber, '02790758');
    assert.equal(r?.payerIdentifier, '560894904');
    assert.equal(r?.paymentDate, '2011-01-08');
    assert.equal(r?.payer?.name, 'BLUE CROSS AND BLUE SHIELD OF NORTH CAROLINA');
    assert.deepEqual(r?.payee, { name: 'XYZ HEALTHCARE CORPORATION', idQualifier: 'XX', id: '0987654321' });
    assert.deepEqual(r?.claims.map(claimLine), ['200200964A52|1|210000|192286|14254|94151100100||']);
    assert.deepEqual(r?.claims[0]?.lines.map(serviceLine), [
      'HC:59430|121000|105786|1|2010-12-31|0001|CO-42:3460 PR-2:11754|',
      'HC:59440|89000|86500|1|2010-12-31|0002|PR-3:2500|',
      'HC:59426|0|0||2010-12-31|0003||',
    ]);
    // The sample's SE01 says 33; the transaction has 32 segments.
    assert.deepEqual(
      doc.warnings.map((w) => [w.code, w.segment]),
      [['SEGMENT_COUNT_MISMATCH', 32]],
    );
  });

  void it('eMedNY: three claims, CO-29 timely filing, CO-251 with LQ*HE*N206, modifiers', () => {
    const { doc, remits } = read('keironstoddart__emedny_sample.txt');
    assert.deepEqual(remits[0]?.claims.map(claimLine), [
      'PATIENT ACCOUNT NUMBER|1|3425|3425|0|1000210000000030||',
      'PATIENT ACCOUNT NUMBER|2|3400|0|0|1000220000000020||',
      'PATIENT ACCOUNT NUMBER|2|3425|1150|0|1000230000000020||',
    ]);
    assert.deepEqual(remits[0]?.claims[1]?.lines.map(serviceLine), [
      'HC:V2020|1200|0|0|2010-01-01||CO-29:1200|',
      'HC:V2103|2200|0|0|2010-01-01||CO-29:2200|',
    ]);
    assert.deepEqual(remits[0]?.claims[2]?.lines.map(serviceLine), [
      'HC:V2020:RB|600|600|1|2010-01-01|||',
      'HC:V2103:RB|550|550|1|2013-09-17|||',
      'HC:V2700:RB|275|0|0|2010-01-01||CO-251:275|N206',
      'HC:S0580|2000|0|0|2010-01-01||CO-251:2000|N206',
    ]);
    assert.deepEqual(remits[0]?.claims[0]?.correctedPatient, {
      entity: '74',
      lastName: 'CORRECTED LAST',
      firstName: 'CORRECTED FIRST',
      idQualifier: undefined,
      id: undefined,
    });
    assert.deepEqual(doc.warnings, []);
  });

  void it('UHC: ISA16 ">" composites, CAS with two triplets (empty quantity between), DTM*050', () => {
    const { remits } = read('keironstoddart__united_healthcare_legacy_sample.txt');
    const claims = remits[0]?.claims ?? [];
    assert.deepEqual(claims.map(claimLine), [
      '001-18573-358|1|34128|8892|10526|ATL2819897200||',
      '001-18604-358|1|81624|26107|11513|ATL2819897800||',
    ]);
    assert.equal(claims[0]?.receivedDate, '2021-01-14');
    assert.equal(claims[0]?.frequencyCode, '1');
    assert.equal(claims[0]?.facilityCode, '12');
    assert.deepEqual(claims[1]?.lines.map(serviceLine), [
      'HC:B4154|45990|20418|249|2020-12-18|123456789012|CO-45:25572|',
      'HC:B4034|2784|2784|12|2020-12-18|123456789013||',
      'HC:B4154|32850|2905|178|2021-01-01|123456789014|PR-2:513 PR-1:11000 CO-45:18432|',
    ]);
    assert.deepEqual(claims[1]?.lines[2]?.adjustments[1], {
      group: 'PR',
      reason: '1',
      amountCents: 11000,
      quantity: undefined,
    });
  });

  void it('4010 with CR terminators: claim-level CAS, denials (CLP02 4), LQ remarks, PLB', () => {
    const { doc, remits } = read('remitt__835_4010.x12');
    const r = remits[0];
    assert.equal(r?.version, '004010X091');
    assert.equal(r?.paymentCents, 243820);
    assert.deepEqual(r?.claims.map(claimLine), [
      'D92093134|1|28700|12420|1000|457845213457789|PR-3:1000 PI-96:2700|',
      '3249DS903|4|78023|0|5000|20020921938827|PR-1:5000 CO-42:20800 OA-101:52223|',
      '2390953020|4|17522|0|0|||',
      '0906502334|2|45500|40000|5500||PR-3:5500|',
    ]);
    assert.deepEqual(r?.claims[2]?.lines.map(serviceLine), [
      'HC:J3301:RT|8972|0|2|||PI-55:8972|M67 M118',
      'HC:90471|8550|0||||PI-56:8550|M86',
    ]);
    assert.deepEqual(
      r?.providerAdjustments.map((p) => [p.providerId, p.fiscalPeriodDate, p.reason, p.amountCents]),
      [
        ['6745324', '2002-10-01', 'L6', -1075],
        ['6745324', '2002-10-01', 'CT', -200000],
        ['6745324', '2002-10-01', 'L3', 9675],
      ],
    );
    assert.deepEqual(doc.warnings, []);
  });

  void it('Medicare Part A: MIA and MOA remarks, PLB with a composite reason and reference', () => {
    const { doc, remits } = read('linuxforhealth__medicare-part-a.835');
    assert.deepEqual(remits[0]?.claims.map(claimLine), [
      '666123|1|21136697|13801840|0|1999999444444|CO-45:7334857|',
      '777777|1|1500000|1198033|0|1999999444445|CO-45:301967|MOA:MA02',
    ]);
    assert.deepEqual(
      remits[0]?.providerAdjustments.map((p) => [p.reason, p.reference, p.amountCents]),
      [['CV', 'CP', -127]],
    );
    assert.deepEqual(doc.warnings, []);
  });

  void it('secondary payment: claim without lines, CAS with two triplets, modifiers after ">"', () => {
    const { remits } = read('linuxforhealth__secondary-payment.835');
    assert.deepEqual(remits[0]?.claims.map(claimLine), [
      'L0004828311|2|1032364|91200|0|05090256390|OA-23:941164|',
      '0001000053|2|75150|31000|22000|05630626430||',
    ]);
    assert.deepEqual(remits[0]?.claims[1]?.lines.map(serviceLine), [
      'HC:12345:26|16650|3000|1.00|2005-01-06||OA-23:13650|',
      'HC:66543:26|58500|28000|1.00|2005-01-06||PR-1:15000 PR-2:7000 CO-42:8500|',
    ]);
  });

  void it('pyx12: an outright denial (CLP02 4) with CO-16 + N14 and a deactivated CARC', () => {
    const { remits } = read('pyx12__835_mult_loops.txt');
    assert.equal(remits[0]?.handlingCode, 'H');
    assert.deepEqual(remits[0]?.claims.map(claimLine), ['2005555A|4|91539|0|0|4276512332||']);
    assert.deepEqual(remits[0]?.claims[0]?.lines.map(serviceLine), [
      'HC:T1005|50004|0|68|2003-11-29||CO-16:50004|N14',
      'HC:T1005|12780|0|16|2003-10-30||OA-A7:12780|N14',
      'HC:T1005|28755|0|36|2003-10-31||OA-A7:28755|N14',
    ]);
  });

  void it('TigerShark 4010: "|" elements, "^" components, leading "~"; two transactions', () => {
    const { doc, remits } = read('tigershark__835-example-2.txt');
    assert.deepEqual(
      remits.map((r) => [r.controlNumber, r.paymentCents, r.traceNumber]),
      [
        ['0001', 1234567, '1QG11111111'],
        ['0002', 1200065, '1QG11111112'],
      ],
    );
    assert.deepEqual(
      remits.flatMap((r) => r.claims.map(claimLine)),
      [
        '001-DDDDDDDDDD|1|20002|20002|0|1234567890 0987654321||',
        '001-SSSSSSSSST|1|2327656|1200065|14500|2234567891 1987654322|PR-1:14500|',
      ],
    );
    assert.deepEqual(remits[1]?.claims[0]?.lines.map(serviceLine), [
      'HC:88888|2327656|1214565|1|2012-02-21|252222222222|CO-45:1113091|',
    ]);
    assert.deepEqual(
      doc.warnings.map((w) => `${w.code}@${w.segment}: ${w.message}`),
      [
        'PAYMENT_UNBALANCED@31: BPR02 = 12345.67 but Σ CLP04 − Σ PLB = 200.02',
        'SEGMENT_COUNT_MISMATCH@31: SE01 says 28 segments, the transaction has 29',
        'SEGMENT_COUNT_MISMATCH@61: SE01 says 28 segments, the transaction has 30',
        'SEGMENT_COUNT_MISMATCH@62: GE01 says 1, counted 2',
      ],
    );
  });

  void it('one check, nine claims sharing CLP01/CLP07/CLP02: every claim kept, dental AD qualifier', () => {
    const { remits } = read('badx12__X221-multiple-claims-single-check.edi');
    const claims = remits[0]?.claims ?? [];
    assert.equal(claims.length, 9);
    assert.deepEqual(
      claims.map((c) => c.paidCents),
      [13200, 7400, 10800, 1400, 1680, 13200, 10800, 8200, 14400],
    );
    assert.equal(
      claims.reduce((s, c) => s + c.paidCents, 0),
      remits[0]?.paymentCents,
    );
    assert.deepEqual(claims[3]?.lines.map(serviceLine), [
      'AD:D0220|2500|1400|||||CO-131:1100|'.replace('|||||', '||2014-03-24||'),
      'AD:D2790|94000|0||2014-03-24||PR-3:75600 CO-131:18400|',
      'AD:D2950|18000|0||2014-03-24||PR-3:14600 CO-131:3400|',
    ]);
  });
});

void describe('835 balancing checks', () => {
  const balanced = [
    'keironstoddart__emedny_sample.txt',
    'keironstoddart__united_healthcare_legacy_sample.txt',
    'remitt__835_4010.x12',
    'linuxforhealth__medicare-part-a.835',
    'linuxforhealth__secondary-payment.835',
    'pyx12__835_mult_loops.txt',
    'badx12__X221-multiple-claims-single-check.edi',
  ];
  for (const name of balanced) {
    void it(`${name} balances: no claim, line or payment warning`, () => {
      const codes = read(name).doc.warnings.map((w) => w.code);
      assert.deepEqual(
        codes.filter((c) => c.endsWith('_UNBALANCED')),
        [],
      );
    });
  }

  void it('flags a line whose SVC02 − SVC03 differs from its CAS, and the claim around it', () => {
    const text = fixture('linuxforhealth__managed-care.835').replace('CAS*PR*1*300.00~', 'CAS*PR*1*299.00~');
    const warnings = readText(text).warnings.map((w) => `${w.code}@${w.segment}: ${w.message}`);
    assert.deepEqual(warnings, [
      'INVALID_DATE@4: BPR16 is not a date',
      'LINE_UNBALANCED@16: SVC02 − SVC03 = 300 but line adjustments total 299',
      'CLAIM_UNBALANCED@13: CLP03 − CLP04 = 350 but claim and line adjustments total 349',
    ]);
  });
});

const PUBLIC = new URL('../../../shared/data/public/', import.meta.url);

void describe(
  'every public X12 sample reads without error',
  { skip: !existsSync(PUBLIC) && 'public samples not present' },
  () => {
    for (const dir of ['x12-835', 'x12-837']) {
      const base = new URL(`${dir}/`, PUBLIC);
      for (const name of existsSync(base) ? readdirSync(base) : []) {
        void it(`${dir}/${name}`, async () => {
          const { sink, document } = collectingSink();
          const segments = await readX12File(new URL(name, base).pathname, sink, { name });
          const doc = document();
          assert.ok(segments > 0);
          assert.ok(doc.transactions.length > 0);
          assert.ok(doc.transactions.every((t) => t.claims.length > 0));
        });
      }
    }
  },
);
