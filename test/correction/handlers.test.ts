import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { correctDenial } from '../../src/correction/correct-denial.js';
import { patientLiabilityHandler } from '../../src/correction/handlers/patient-liability.js';
import type { DenialContext } from '../../src/correction/types.js';
import { ReclaimError } from '../../src/errors.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import {
  aClaim,
  aDenial,
  aModifierRule,
  anAdjustment,
  anAuthorization,
  aPayer,
  aRemitClaim,
  aStatusEntry,
  aSubmission,
  attemptsOf,
  envelope,
} from './factories.js';

// One test per row of the handler coverage table and the triage notes (docs/correction.md).
for (const engine of ENGINES) {
  void describe(`correction handlers on ${engine}`, () => {
    let db: TestDb;
    before(async () => {
      db = await freshDb(engine);
      // The factory's default rule: rendering credential NP → modifier SA on any procedure.
      await aModifierRule(db);
      await aModifierRule(db, {
        triggerType: 'facility_address_state',
        triggerValue: 'NY',
        scope: 'G04*',
        modifier: 'GT',
      });
      await aPayer(db, 90);
    });
    after(() => db.dispose());

    const run = (denialId: number, corr = 'corr-1') =>
      correctDenial(db, denialId, { envelope: envelope(corr) });
    const denialStatus = async (id: number) =>
      (await db.query<{ status: string }>('SELECT status FROM billing.denial WHERE denial_id = $1', [id]))[0]!
        .status;

    void describe('CO-4 Co4ModifierHandler: rebill with the missing modifier injected', () => {
      void it('injects the rule modifier, rebills as a frequency-7 version with REF*F8, and marks the denial CORRECTED', async () => {
        const d = await aDenial(db, {
          carc: 'CO-4',
          pccn: 'ICN-CO4',
          deniedAmountCents: 12_345,
          claim: { lines: [{ code: '99213', modifiers: ['25'] }, { code: '93000' }] },
        });
        const result = await run(d.denialId);
        assert.equal(result.anySuccess, true);
        const [o] = result.outcomes;
        assert.equal(result.outcomes.length, 1);
        assert.deepEqual(
          {
            handler: o!.handlerName,
            status: o!.status,
            strategy: o!.strategy,
            recovered: o!.recoveredAmountCents,
          },
          {
            handler: 'Co4ModifierHandler',
            status: 'SUCCESS',
            strategy: 'MODIFIER_CORRECTION',
            recovered: 12_345,
          },
        );
        const [claim] = await db.query(
          `SELECT version, frequency_code, payer_claim_control_number, replaces_claim_id, patient_control_number
           FROM billing.claim WHERE claim_id = $1`,
          [o!.rebilledClaimId],
        );
        assert.deepEqual(claim, {
          version: 2,
          frequency_code: '7',
          payer_claim_control_number: 'ICN-CO4',
          replaces_claim_id: d.claimId,
          patient_control_number: d.pcn,
        });
        const lines = await db.query(
          'SELECT line_number, procedure_code, modifiers FROM billing.claim_line WHERE claim_id = $1 ORDER BY 1',
          [o!.rebilledClaimId],
        );
        assert.deepEqual(lines, [
          { line_number: 1, procedure_code: '99213', modifiers: ['25', 'SA'] },
          { line_number: 2, procedure_code: '93000', modifiers: ['SA'] },
        ]);
        assert.equal(await denialStatus(d.denialId), 'CORRECTED');
        const rows = await attemptsOf(db, d.denialId);
        assert.deepEqual(
          rows.map((r) => [r.handler_name, r.status, r.carc_code, r.rebilled_claim_id]),
          [['Co4ModifierHandler', 'SUCCESS', 'CO-4', o!.rebilledClaimId]],
        );
      });

      void it('injects only into lines in the rule scope (a procedure-code prefix)', async () => {
        const d = await aDenial(db, {
          carc: 'CO-4',
          claim: {
            snapshot: { rendering_credential: 'MD', facility_address_state: 'NY', payer_id: 'P1' },
            lines: [{ code: 'G0425' }, { code: '99213' }],
          },
        });
        const [o] = (await run(d.denialId)).outcomes;
        const lines = await db.query(
          'SELECT modifiers FROM billing.claim_line WHERE claim_id = $1 ORDER BY line_number',
          [o!.rebilledClaimId],
        );
        assert.deepEqual(lines, [{ modifiers: ['GT'] }, { modifiers: [] }]);
      });

      void it('SKIPs (row written) when the context snapshot lacks rendering_credential, facility_address_state or payer_id', async () => {
        const d = await aDenial(db, {
          carc: 'CO-4',
          claim: { snapshot: { rendering_credential: 'NP', payer_id: 'P1' } },
        });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual(
          [o!.status, o!.reason, o!.attemptId !== null],
          ['SKIPPED', 'context_snapshot_incomplete', true],
        );
        const [row] = await attemptsOf(db, d.denialId);
        assert.deepEqual(row!.details, {
          reason: 'context_snapshot_incomplete',
          missingKeys: ['facility_address_state'],
        });
        assert.equal(await denialStatus(d.denialId), 'OPEN');
      });

      void it('SKIPs when no modifier_injection_rule matches (trigger_type, trigger_value, scope)', async () => {
        const d = await aDenial(db, {
          carc: 'CO-4',
          claim: { snapshot: { rendering_credential: 'MD', facility_address_state: 'TX', payer_id: 'P1' } },
        });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'no_modifier_to_inject']);
      });

      void it('SKIPs when the missing modifier is already on the line', async () => {
        const d = await aDenial(db, {
          carc: 'CO-4',
          claim: { lines: [{ code: '99213', modifiers: ['SA'] }] },
        });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'no_modifier_to_inject']);
      });

      void it('SKIPs when the line has no modifier slot left (four already)', async () => {
        const d = await aDenial(db, {
          carc: 'CO-4',
          claim: { lines: [{ code: '99213', modifiers: ['25', '59', 'XE', 'XS'] }] },
        });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'no_modifier_slot_free']);
      });

      void it('SKIPs without a claim on file', async () => {
        const d = await aDenial(db, { carc: 'CO-4', claim: null });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'no_claim_on_file']);
      });
    });

    void describe('CO-16 Co16MissingInfoHandler', () => {
      for (const rarc of ['N479', 'M51', 'MA66']) {
        void it(`${rarc}: rebills with the authorization number on file`, async () => {
          const sub = `SUB-${rarc}`;
          await anAuthorization(db, { number: `AUTH-${rarc}`, subscriberId: sub });
          const d = await aDenial(db, {
            carc: 'CO-16',
            rarcs: [rarc],
            pccn: `ICN-${rarc}`,
            claim: { subscriberId: sub },
          });
          const [o] = (await run(d.denialId)).outcomes;
          assert.deepEqual([o!.status, o!.strategy], ['SUCCESS', 'MISSING_INFO_REBILL']);
          const [claim] = await db.query(
            'SELECT prior_authorization, frequency_code, payer_claim_control_number FROM billing.claim WHERE claim_id = $1',
            [o!.rebilledClaimId],
          );
          assert.deepEqual(claim, {
            prior_authorization: `AUTH-${rarc}`,
            frequency_code: '7',
            payer_claim_control_number: `ICN-${rarc}`,
          });
        });
      }
      for (const rarc of ['N350', 'M79', 'N381', 'M80']) {
        void it(`${rarc}: SKIPs for manual review, stopped by the decision table's never-touch row`, async () => {
          const d = await aDenial(db, { carc: 'CO-16', rarcs: [rarc] });
          const [o] = (await run(d.denialId)).outcomes;
          assert.deepEqual(
            [o!.status, o!.reason, o!.attemptId !== null],
            ['SKIPPED', 'policy_never_touch', true],
          );
          const [row] = await attemptsOf(db, d.denialId);
          const policy = row!.details.policy as {
            rows: { code: string; rarc: string; neverAutomate: boolean }[];
          };
          assert.deepEqual(
            policy.rows.map((r) => [r.code, r.rarc, r.neverAutomate]),
            [['CO-16', rarc, true]],
          );
        });
      }
      void it('N479 without an authorization valid on the date of service: SKIPs', async () => {
        await anAuthorization(db, {
          number: 'OLD',
          subscriberId: 'SUB-OLD',
          from: '2024-01-01',
          to: '2024-12-31',
        });
        const d = await aDenial(db, { carc: 'CO-16', rarcs: ['N479'], claim: { subscriberId: 'SUB-OLD' } });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'no_authorization_on_file']);
      });
      void it('a remark it does not know: SKIPs', async () => {
        const d = await aDenial(db, { carc: 'CO-16', rarcs: ['N290'] });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'no_actionable_remark']);
      });
    });

    void describe('CO-18 Co18DuplicateHandler: write off + claim_relationship(DUPLICATE)', () => {
      void it('links the claim to the paid original and writes the denial off', async () => {
        const original = await aClaim(db, {
          pcn: 'ORIG18',
          subscriberId: 'SUB18',
          lines: [{ code: '99214' }],
        });
        await aRemitClaim(db, { pcn: 'ORIG18', claimId: original, paidCents: 9_000, statusCode: '1' });
        const d = await aDenial(db, {
          carc: 'CO-18',
          claim: { subscriberId: 'SUB18', lines: [{ code: '99214' }] },
        });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.strategy, o!.recoveredAmountCents], ['SUCCESS', 'DUPLICATE_LINK', 0]);
        const links = await db.query(
          'SELECT claim_id, related_claim_id, relationship_type, denial_id FROM billing.claim_relationship WHERE claim_id = $1',
          [d.claimId],
        );
        assert.deepEqual(links, [
          {
            claim_id: d.claimId,
            related_claim_id: original,
            relationship_type: 'DUPLICATE',
            denial_id: d.denialId,
          },
        ]);
        assert.equal(await denialStatus(d.denialId), 'WRITTEN_OFF');
      });
      void it('SKIPs when no earlier claim matches', async () => {
        const d = await aDenial(db, { carc: 'CO-18', claim: { subscriberId: 'SUB18-none' } });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'no_duplicate_found']);
      });
    });

    void describe('CO-29 Co29TimelyFilingHandler: level-1 appeal with submission proof', () => {
      void it('files an appeal from a claim_submission row', async () => {
        const d = await aDenial(db, {
          carc: 'CO-29',
          claim: { serviceDate: '2025-03-01' },
          deniedOn: '2025-07-01',
        });
        await aSubmission(db, d.claimId!, '2025-03-05T10:00:00Z');
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.strategy], ['SUCCESS', 'TIMELY_FILING_APPEAL']);
        const [appeal] = await db.query<{ level: number; reason: string; proof: Record<string, unknown> }>(
          'SELECT level, reason, proof FROM billing.appeal WHERE denial_id = $1',
          [d.denialId],
        );
        assert.equal(appeal!.level, 1);
        assert.equal(appeal!.reason, 'TIMELY_FILING');
        assert.equal(appeal!.proof.firstEvidence, '2025-03-05');
        assert.equal(appeal!.proof.deadline, '2025-05-30');
        assert.equal((appeal!.proof.submissions as unknown[]).length, 1);
        assert.equal(await denialStatus(d.denialId), 'APPEALED');
      });
      void it('files an appeal from a pre-denial claim_status_history entry', async () => {
        const d = await aDenial(db, { carc: 'CO-29', deniedOn: '2025-07-01' });
        await aStatusEntry(db, d.claimId!, '2025-03-10T08:00:00Z');
        const [o] = (await run(d.denialId)).outcomes;
        assert.equal(o!.status, 'SUCCESS');
      });
      void it('SKIPs when the only status entry is from after the denial', async () => {
        const d = await aDenial(db, { carc: 'CO-29', deniedOn: '2025-07-01' });
        await aStatusEntry(db, d.claimId!, '2025-07-02T08:00:00Z');
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'no_submission_evidence']);
        assert.equal(await denialStatus(d.denialId), 'OPEN');
      });
      void it('SKIPs with no evidence at all (the denial stays OPEN)', async () => {
        const d = await aDenial(db, { carc: 'CO-29' });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'no_submission_evidence']);
      });
      void it("SKIPs when the first evidence is past the payer's timely-filing days", async () => {
        const d = await aDenial(db, {
          carc: 'CO-29',
          claim: { serviceDate: '2025-01-01' },
          deniedOn: '2025-07-01',
        });
        await aSubmission(db, d.claimId!, '2025-06-01T00:00:00Z');
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'evidence_after_filing_limit']);
      });
    });

    void describe('CO-97 Co97AdjudicationHandler', () => {
      void it('duplicate match: writes off and links (DUPLICATE_LINK)', async () => {
        const original = await aClaim(db, {
          pcn: 'ORIG97',
          subscriberId: 'SUB97',
          lines: [{ code: '97110' }],
        });
        // Sent and not adjudicated yet: pending with the payer, the evidence a write-off needs.
        await aSubmission(db, original);
        const d = await aDenial(db, {
          carc: 'CO-97',
          claim: { subscriberId: 'SUB97', lines: [{ code: '97110' }] },
        });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.strategy], ['SUCCESS', 'DUPLICATE_LINK']);
        const links = await db.query(
          'SELECT related_claim_id FROM billing.claim_relationship WHERE claim_id = $1',
          [d.claimId],
        );
        assert.deepEqual(links, [{ related_claim_id: original }]);
      });
      void it('otherwise: files an adjudication appeal (ADJUDICATION_APPEAL)', async () => {
        const d = await aDenial(db, { carc: 'CO-97', claim: { subscriberId: 'SUB97-alone' } });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.strategy], ['SUCCESS', 'ADJUDICATION_APPEAL']);
        const appeals = await db.query('SELECT reason FROM billing.appeal WHERE denial_id = $1', [
          d.denialId,
        ]);
        assert.deepEqual(appeals, [{ reason: 'ADJUDICATION' }]);
        assert.equal(await denialStatus(d.denialId), 'APPEALED');
      });
    });

    void describe('PR-1/2/3 PatientLiabilityHandler', () => {
      void it('sums PR adjustments at claim level and on the remit lines, resolves, and emits patient.liability_transferred', async () => {
        const d = await aDenial(db, { carcs: ['PR-2'] });
        await anAdjustment(db, d.remitClaimId, { group: 'PR', carc: '2', amountCents: 2_500 });
        await anAdjustment(db, d.remitClaimId, { group: 'PR', carc: '1', amountCents: 1_000, line: true });
        await anAdjustment(db, d.remitClaimId, { group: 'CO', carc: '45', amountCents: 700 });
        const [o] = (await run(d.denialId, 'corr-pr')).outcomes;
        assert.deepEqual(
          [o!.status, o!.strategy, o!.recoveredAmountCents],
          ['SUCCESS', 'PATIENT_BILLING', 3_500],
        );
        assert.equal(await denialStatus(d.denialId), 'RESOLVED');
        const events = await db.query<{
          payload: { data: Record<string, unknown>; tenantId: string; orgId: string; correlationId: string };
        }>(
          `SELECT payload FROM billing.outbox_event WHERE event_type = 'patient.liability_transferred' AND payload->'data'->>'denialId' = $1`,
          [String(d.denialId)],
        );
        assert.equal(events.length, 1);
        const e = events[0]!.payload;
        assert.deepEqual([e.tenantId, e.orgId, e.correlationId], ['default', 'org-1', 'corr-pr']);
        assert.deepEqual(e.data, {
          denialId: d.denialId,
          claimId: d.claimId,
          remitClaimId: d.remitClaimId,
          attemptId: o!.attemptId,
          amountCents: 3_500,
          byCarc: { 'PR-2': 2_500, 'PR-1': 1_000 },
        });
      });
      void it('SKIPs when the posted 835 has no PR-group adjustment', async () => {
        const d = await aDenial(db, { carcs: ['PR-3'] });
        await anAdjustment(db, d.remitClaimId, { group: 'CO', carc: '45', amountCents: 700 });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'no_pr_adjustment']);
      });
      void it('SKIPs when the PR adjustments sum to zero', async () => {
        const d = await aDenial(db, { carcs: ['PR-3'] });
        await anAdjustment(db, d.remitClaimId, { group: 'PR', carc: '3', amountCents: 0 });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'zero_patient_liability']);
      });
      void it('SKIPs without a remit anchor', () => {
        const ctx = { denial: { denialId: 1 }, remit: null } as unknown as DenialContext;
        assert.deepEqual(patientLiabilityHandler.run(ctx), {
          kind: 'skip',
          reason: 'no_remit_anchor',
          details: {},
        });
      });
    });

    void describe('matching', () => {
      void it('handlers that do not match skip silently: one row per matched handler only', async () => {
        await anAuthorization(db, { number: 'AUTH-MIX', subscriberId: 'SUB-MIX' });
        const d = await aDenial(db, {
          carcs: ['CO-4', 'CO-16', 'CO-45'],
          rarcs: ['N479'],
          claim: { subscriberId: 'SUB-MIX' },
        });
        const result = await run(d.denialId);
        assert.deepEqual(
          result.outcomes.map((o) => [o.handlerName, o.status]),
          [
            ['Co4ModifierHandler', 'SUCCESS'],
            ['Co16MissingInfoHandler', 'SUCCESS'],
          ],
        );
        // Both rebilling handlers land on one corrected claim; the recovery is counted once.
        assert.equal(result.outcomes[0]!.rebilledClaimId, result.outcomes[1]!.rebilledClaimId);
        assert.deepEqual(
          result.outcomes.map((o) => o.recoveredAmountCents),
          [10_000, 0],
        );
        const [claim] = await db.query('SELECT prior_authorization FROM billing.claim WHERE claim_id = $1', [
          result.outcomes[0]!.rebilledClaimId,
        ]);
        assert.deepEqual(claim, { prior_authorization: 'AUTH-MIX' });
      });
      void it('a denial no handler covers is NO_ELIGIBLE_HANDLER, with nothing written', async () => {
        const d = await aDenial(db, { carcs: ['CO-45'] });
        await assert.rejects(
          run(d.denialId),
          (e: unknown) => e instanceof ReclaimError && e.code === 'NO_ELIGIBLE_HANDLER',
        );
        assert.deepEqual(await attemptsOf(db, d.denialId), []);
      });
      void it('an unknown denial is NOT_FOUND', async () => {
        await assert.rejects(
          run(999_999),
          (e: unknown) => e instanceof ReclaimError && e.code === 'NOT_FOUND',
        );
      });
    });
  });
}
