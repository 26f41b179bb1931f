import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ReclaimError } from '../../src/errors.js';
import type { Claim837, ClaimLine, ReadClaim } from '../../src/x12/claims/model.js';
import { write837P, type Writer837Options } from '../../src/x12/claims/writer.js';
import { claimSets, fixture, readText } from './support.js';

const OPTIONS: Writer837Options = {
  senderId: 'RECLAIM',
  receiverId: 'PAYERX',
  submitter: { name: 'RECLAIM BILLING', contactName: 'BILLING OFFICE', phone: '5555550100' },
  receiver: { name: 'PAYER X' },
  controlNumber: 42,
  createdAt: '2025-07-30T09:15',
};

/** The claim without what only reading a file tells (position, payer order, taxonomies, facility). */
const asClaim837 = ({
  position: _position,
  payerResponsibility: _responsibility,
  otherPayers: _otherPayers,
  billingTaxonomy: _taxonomy,
  rendering: _rendering,
  serviceFacility: _facility,
  ...claim
}: ReadClaim): Claim837 => claim;

/** Reads text back as the claims the writer was given. */
function readBack(text: string): Claim837[] {
  const doc = readText(text, 'written.837');
  assert.deepEqual(doc.warnings, []);
  return claimSets(doc).flatMap((t) => t.claims.map(asClaim837));
}

void describe('837P writer', () => {
  void it('writes a corrected claim (CLM05-3 = 7, REF*F8) that reads back as the same claim', () => {
    const original = claimSets(readText(fixture('linuxforhealth__837p_example11.837')))[0]?.claims[0];
    assert.ok(original);
    assert.equal(original.position, 21);
    const claim = asClaim837(original);
    const corrected: Claim837 = {
      ...claim,
      frequencyCode: '7',
      payerClaimControlNumber: 'PCCN-0001',
      lines: claim.lines.map((l) => ({ ...l, modifiers: [...l.modifiers, '59'] })),
    };
    const text = write837P([corrected], OPTIONS);
    assert.match(text, /~CLM\*ABC123-RI\*28\.75\*\*\*11:B:7\*Y\*A\*Y\*Y~REF\*F8\*PCCN-0001~/);
    assert.match(text, /~SV1\*HC:E0570:RR:59\*25\*UN\*1\.00\*\*\*1:2~/);
    assert.match(text, /~SE\*26\*0001~GE\*1\*42~IEA\*1\*000000042~$/);
    assert.deepEqual(readBack(text), [corrected]);
  });

  void it('refuses a value that contains a delimiter rather than corrupting the file', () => {
    const claim = claimSets(readText(fixture('linuxforhealth__837p_example11.837')))[0]?.claims[0];
    assert.ok(claim);
    assert.throws(
      () => write837P([{ ...claim, patientControlNumber: 'A*1' }], OPTIONS),
      (e: unknown) =>
        e instanceof ReclaimError &&
        e.code === 'VALIDATION_FAILED' &&
        /claims\[0\]\.patientControlNumber/.test(e.message),
    );
  });

  void it('property: write → read returns the same claims', () => {
    const text = (max: number) =>
      fc
        .stringMatching(new RegExp(`^[A-Z0-9][A-Z0-9 .-]{0,${max - 1}}$`))
        .map((s) => s.trimEnd())
        .filter((s) => s.length > 0);
    const code = fc.stringMatching(/^[A-Z0-9]{2,5}$/);
    const date = fc
      .date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const units = fc
      .tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('', '.5', '.25'))
      .map(([a, b]) => `${a}${b}`);
    const line = fc.record({
      procedureCode: code,
      modifiers: fc.array(fc.stringMatching(/^[A-Z0-9]{2}$/), { maxLength: 4 }),
      chargeCents: fc.integer({ min: 0, max: 10_000_000 }),
      units,
      unitBasis: fc.constantFrom('UN', 'MJ'),
      placeOfService: fc.option(fc.constantFrom('11', '22', '81'), { nil: undefined }),
      diagnosisPointers: fc.array(fc.constantFrom('1', '2', '3', '4'), { maxLength: 4 }),
      from: date,
      days: fc.integer({ min: 0, max: 3 }),
      lineControlNumber: fc.option(code, { nil: undefined }),
    });
    const member = fc.record({
      lastName: text(20),
      firstName: fc.option(text(12), { nil: undefined }),
      birth: fc.option(fc.tuple(date, fc.constantFrom('F', 'M', 'U')), { nil: undefined }),
    });
    const claim = fc.record({
      patientControlNumber: text(20),
      frequencyCode: fc.constantFrom('1', '7', '8'),
      facilityCode: fc.constantFrom('11', '21', '22'),
      payerClaimControlNumber: fc.option(code, { nil: undefined }),
      priorAuthorization: fc.option(code, { nil: undefined }),
      diagnoses: fc.array(fc.record({ qualifier: fc.constantFrom('ABK', 'ABF'), code }), { maxLength: 14 }),
      billingName: text(30),
      npi: fc.option(fc.stringMatching(/^\d{10}$/), { nil: undefined }),
      rendering: fc.option(fc.record({ name: text(20), npi: fc.stringMatching(/^\d{10}$/) }), {
        nil: undefined,
      }),
      payer: fc.record({ name: text(30), id: code }),
      filingIndicator: fc.constantFrom('CI', 'MB', 'MC'),
      subscriber: member,
      subscriberId: code,
      patient: fc.option(member, { nil: undefined }),
      lines: fc.array(line, { minLength: 1, maxLength: 6 }),
    });
    fc.assert(
      fc.property(fc.array(claim, { minLength: 1, maxLength: 3 }), (drafts) => {
        const claims: Claim837[] = drafts.map((d) => {
          const lines: ClaimLine[] = d.lines.map((l, i) => {
            const to = new Date(Date.parse(l.from) + l.days * 86_400_000).toISOString().slice(0, 10);
            return {
              lineNumber: i + 1,
              procedureQualifier: 'HC',
              procedureCode: l.procedureCode,
              modifiers: l.modifiers,
              revenueCode: undefined,
              chargeCents: l.chargeCents,
              unitBasis: l.unitBasis,
              units: l.units,
              placeOfService: l.placeOfService,
              diagnosisPointers: l.diagnosisPointers,
              serviceDate: l.from,
              serviceDateTo: to,
              lineControlNumber: l.lineControlNumber,
            };
          });
          const toMember = (m: typeof d.subscriber, id: string | undefined) => ({
            lastName: m.lastName,
            firstName: m.firstName,
            id,
            birthDate: m.birth?.[0],
            gender: m.birth?.[1],
          });
          return {
            claimType: 'professional',
            patientControlNumber: d.patientControlNumber,
            chargeCents: lines.reduce((s, l) => s + l.chargeCents, 0),
            facilityCode: d.facilityCode,
            facilityQualifier: 'B',
            frequencyCode: d.frequencyCode,
            payerClaimControlNumber: d.payerClaimControlNumber,
            priorAuthorization: d.priorAuthorization,
            diagnoses: d.diagnoses.map((x) => ({ ...x })),
            billingProvider: {
              name: d.billingName,
              npi: d.npi,
              address: { line1: '1 MAIN ST', city: 'TOWN', state: 'PA', postalCode: '17111' },
              taxId: '123456789',
            },
            renderingProvider: d.rendering ? { ...d.rendering } : undefined,
            payer: { ...d.payer },
            filingIndicator: d.filingIndicator,
            subscriber: toMember(d.subscriber, d.subscriberId),
            // In 5010 the patient loop carries no member id.
            patient: d.patient ? toMember(d.patient, undefined) : undefined,
            serviceDateFrom: lines.map((l) => l.serviceDate ?? '').sort()[0],
            serviceDateTo: lines
              .map((l) => l.serviceDateTo ?? '')
              .sort()
              .at(-1),
            lines,
          };
        });
        assert.deepEqual(readBack(write837P(claims, OPTIONS)), claims);
      }),
      { numRuns: 150 },
    );
  });
});
