import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClaimLine, ReadClaim } from '../../src/x12/claims/model.js';
import { claimSets, fixture, readText } from './support.js';

function claims(name: string): ReadClaim[] {
  return claimSets(readText(fixture(name), name)).flatMap((t) => t.claims);
}

/** A line in one string: procedure with modifiers, revenue code, charge, units, POS, pointers, dates. */
function line(l: ClaimLine): string {
  return [
    `${l.procedureQualifier}:${l.procedureCode}${l.modifiers.map((m) => `:${m}`).join('')}`,
    l.revenueCode ?? '',
    l.chargeCents,
    `${l.units ?? ''}${l.unitBasis ?? ''}`,
    l.placeOfService ?? '',
    l.diagnosisPointers.join(','),
    `${l.serviceDate ?? ''}..${l.serviceDateTo ?? ''}`,
  ].join('|');
}

void describe('837 reader: exact values from public samples', () => {
  void it('837P whose CLM05 and SV1 use ">" although ISA16 declares ":"', () => {
    const [c, ...rest] = claims('linuxforhealth__837p_example11.837');
    assert.equal(rest.length, 0);
    assert.equal(c?.claimType, 'professional');
    assert.equal(c?.patientControlNumber, 'ABC123-RI');
    assert.equal(c?.chargeCents, 2875);
    assert.deepEqual([c?.facilityCode, c?.facilityQualifier, c?.frequencyCode], ['11', 'B', '1']);
    assert.deepEqual(c?.diagnoses, [
      { qualifier: 'BK', code: '496' },
      { qualifier: 'BF', code: '25000' },
    ]);
    assert.deepEqual(c?.billingProvider, {
      name: 'HAPPY DOCTORS GROUP PRACTICE',
      npi: '1234567890',
      address: { line1: 'P O BOX 123', city: 'FORT WAYNE', state: 'IN', postalCode: '462540000' },
      taxId: '555512345',
    });
    assert.deepEqual(c?.renderingProvider, { name: 'ANTHONY', npi: '1122334455' });
    assert.deepEqual(c?.payer, { name: 'EXTRA HEALTHY INSURANCE', id: '12345' });
    assert.deepEqual(c?.subscriber, {
      lastName: 'RING',
      firstName: 'DIAMOND',
      id: '00124A089',
      birthDate: '1940-12-29',
      gender: 'F',
    });
    assert.equal(c?.patient, undefined);
    assert.deepEqual(c?.lines.map(line), [
      'HC:E0570:RR||2500|1.00UN||1,2|2005-05-14..2005-05-14',
      'HC:A7003:NU||375|1.00UN||1|2005-05-14..2005-05-14',
    ]);
  });

  void it('837P with "~" between elements, "^" in composites and "_" ending segments', () => {
    const all = claims('imsweb__837p_different_separators.txt');
    assert.deepEqual(
      all.map((c) => [c.patientControlNumber, c.chargeCents, c.payer.name, c.subscriber.firstName]),
      [
        ['A37YH556', 50000, 'HEALTH INSURANCE COMPANY', 'JOHN'],
        ['A37YH667', 50000, 'HEALTH INSURANCE COMPANY TWO', 'DAVID'],
      ],
    );
    assert.deepEqual(
      all.map((c) => c.lines.map(line)),
      [
        ['HC:99211:25||1225|1UN|11|1|2005-03-14..2005-03-25'],
        ['HC:478331:25||1225|1UN|11|1,2,3|2005-03-22..2005-03-25'],
      ],
    );
  });

  void it('837I with "|" elements and "!" components: SV2 revenue codes, statement dates, attending provider', () => {
    const all = claims('silvenga__837i_odd-separator.edi');
    assert.deepEqual(
      all.map((c) => [c.claimType, c.patientControlNumber, c.chargeCents, c.facilityCode, c.filingIndicator]),
      [
        ['institutional', '756048Q', 8995, '13', 'CH'],
        ['institutional', '756049Q', 5000, '13', 'CH'],
      ],
    );
    assert.deepEqual(
      all[0]?.diagnoses.map((d) => `${d.qualifier}:${d.code}`),
      ['BK:3669', 'BF:4019', 'BF:79431'],
    );
    assert.deepEqual(all[0]?.lines.map(line), [
      'HC:85025|0305|1339|1UN|||2005-03-15..2005-03-15',
      'HC:93010|0730|7656|3UN|||2005-03-15..2005-03-15',
    ]);
    assert.deepEqual([all[0]?.serviceDateFrom, all[0]?.serviceDateTo], ['2005-03-15', '2005-03-15']);
    assert.deepEqual(all[0]?.renderingProvider, { name: 'JONES', npi: '1122334455' });
  });

  void it('4010 837I, two interchanges (the first without trailers): REF*F8 and REF*G1 in the claim, not the other payer', () => {
    const all = claims('tigershark__837I-Examples_4010.txt');
    assert.deepEqual(
      all.map((c) => [
        c.patientControlNumber,
        c.chargeCents,
        c.payerClaimControlNumber,
        c.priorAuthorization,
      ]),
      [
        ['12225850', 1015705, 'MAA36169000029', 'MAA36169000029'],
        ['5006935999', 537010, undefined, undefined],
      ],
    );
    assert.deepEqual(all[1]?.lines.map(line), [
      ':|0124|440000|5UN|||..',
      ':|0250|276|2UN|||..',
      ':|0259|41034|95UN|||..',
      ':|0300|55700|13UN|||..',
    ]);
    assert.deepEqual([all[1]?.serviceDateFrom, all[1]?.serviceDateTo], ['2002-10-11', '2002-10-16']);
  });

  void it('837P in two interchanges: four claims, each with its own subscriber', () => {
    const all = claims('imsweb__837p_multiple_isa.txt');
    assert.deepEqual(
      all.map((c) => `${c.patientControlNumber}:${c.subscriber.firstName}:${c.subscriber.id}`),
      ['A37YH556:JOHN:123456', 'A37YH667:DAVID:123456', 'A37YH5561:JACK:673431', 'A37YH6672:JASON:85391'],
    );
  });

  void it('837I 5010: SV2 lines, BK/BF diagnoses but not value or occurrence codes', () => {
    const [c] = claims('linuxforhealth__837i_institutional-claim.837i');
    assert.equal(c?.claimType, 'institutional');
    assert.deepEqual(
      c?.diagnoses.map((d) => `${d.qualifier}:${d.code}`),
      ['BK:3669', 'BF:4019', 'BF:79431'],
    );
    assert.deepEqual(c?.payer, { name: 'MEDICARE B', id: '00435' });
    assert.deepEqual(c?.lines.map(line), [
      'HC:85025|0305|1339|1.00UN|||1996-09-11..1996-09-11',
      'HC:93005|0730|7654|3.00UN|||1996-09-11..1996-09-11',
    ]);
  });
});
