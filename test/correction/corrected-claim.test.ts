import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeClaims837 } from '../../src/correction/claim-837.js';
import { correctDenial } from '../../src/correction/correct-denial.js';
import { planCorrectedClaim } from '../../src/correction/corrected-claim.js';
import type { ClaimFacts } from '../../src/correction/types.js';
import { collectingSink, type ClaimSet } from '../../src/x12/document.js';
import { readX12Text } from '../../src/x12/read.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { aDenial, aModifierRule, anAuthorization, envelope } from './factories.js';

const claim: ClaimFacts = {
  claimId: 1,
  patientControlNumber: 'A1',
  version: 1,
  frequencyCode: '1',
  payerId: 'P1',
  subscriberId: 'S',
  serviceDateFrom: '2025-03-01',
  serviceDateTo: '2025-03-01',
  priorAuthorization: null,
  payerClaimControlNumber: null,
  snapshot: {},
  lines: [
    { lineNumber: 1, procedureCode: '99213', modifiers: ['25'], chargeCents: 100 },
    { lineNumber: 2, procedureCode: '93000', modifiers: [], chargeCents: 100 },
  ],
};

void describe('planCorrectedClaim', () => {
  void it('merges corrections in order, never repeating a modifier, and sets frequency 7 and REF*F8', () => {
    const plan = planCorrectedClaim(claim, 'ICN9', [
      { addModifiers: { 1: ['SA'], 2: ['SA'] } },
      { addModifiers: { 1: ['SA', 'GT'] }, priorAuthorization: 'AUTH1' },
    ]);
    assert.deepEqual(plan?.after, {
      frequencyCode: '7',
      payerClaimControlNumber: 'ICN9',
      priorAuthorization: 'AUTH1',
      lines: [
        { lineNumber: 1, procedureCode: '99213', modifiers: ['25', 'SA', 'GT'] },
        { lineNumber: 2, procedureCode: '93000', modifiers: ['SA'] },
      ],
    });
    assert.deepEqual(plan?.before.lines[0]?.modifiers, ['25']);
  });
  void it('refuses a replacement without the payer claim control number', () => {
    assert.equal(planCorrectedClaim(claim, ' ', [{ priorAuthorization: 'X' }]), null);
  });
});

for (const engine of ENGINES) {
  void describe(`corrected claim as 837P on ${engine}`, () => {
    let db: TestDb;
    before(async () => {
      db = await freshDb(engine);
      await aModifierRule(db, {
        triggerType: 'payer_id',
        triggerValue: 'P1',
        scope: '99213',
        modifier: 'GT',
      });
    });
    after(() => db.dispose());

    void it('writes the rebilled version with CLM05-3 = 7, REF*F8, REF*G1 and the injected modifiers; it reads back the same', async () => {
      await anAuthorization(db, { number: 'AUTH-837', subscriberId: 'SUB837' });
      const d = await aDenial(db, {
        carcs: ['CO-4', 'CO-16'],
        rarcs: ['MA66'],
        pccn: 'ICN-837',
        claim: {
          pcn: 'ACCT837',
          subscriberId: 'SUB837',
          lines: [
            { code: '99213', modifiers: ['25'], chargeCents: 12_500 },
            { code: '93000', chargeCents: 4_000 },
          ],
        },
      });
      const result = await correctDenial(db, d.denialId, { envelope: envelope() });
      const rebilled = result.outcomes[0]!.rebilledClaimId!;
      const text = await writeClaims837(db, 'default', [rebilled], {
        senderId: 'RECLAIM',
        receiverId: 'PAYER',
        submitter: { name: 'CLINIC', contactName: 'BILLING', phone: '5555550100' },
        receiver: { name: 'PAYER' },
        controlNumber: 42,
        createdAt: '2025-05-01T09:30',
        lineBreaks: true,
      });
      assert.match(text, /^CLM\*ACCT837\*165\*\*\*11:B:7\*Y\*A\*Y\*Y~$/m);
      assert.match(text, /^REF\*F8\*ICN-837~$/m);
      assert.match(text, /^REF\*G1\*AUTH-837~$/m);
      assert.match(text, /^SV1\*HC:99213:25:GT\*125\*/m);
      const { sink, document } = collectingSink();
      readX12Text(text, sink);
      const set = document().transactions[0] as ClaimSet;
      const read = set.claims[0]!;
      assert.deepEqual(
        [
          read.frequencyCode,
          read.payerClaimControlNumber,
          read.priorAuthorization,
          read.lines.map((l) => l.modifiers),
        ],
        ['7', 'ICN-837', 'AUTH-837', [['25', 'GT'], []]],
      );
    });
  });
}
