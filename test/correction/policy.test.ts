import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  buildDecisionTable,
  DECISION_TABLE_PATH,
  parseDecisionTable,
} from '../../src/codes/decision-table.js';
import { correctDenial } from '../../src/correction/correct-denial.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import {
  aClaim,
  aDenial,
  aModifierRule,
  anAdjustment,
  aRemitClaim,
  aSubmission,
  attemptsOf,
  envelope,
} from './factories.js';

/** The shipped table with one line's text replaced: how an operator changes policy. */
function tableWith(from: string, to: string) {
  const text = readFileSync(DECISION_TABLE_PATH, 'utf8');
  assert.ok(text.includes(from), `the shipped table has the line '${from}'`);
  return buildDecisionTable(parseDecisionTable(text.replace(from, to)));
}

for (const engine of ENGINES) {
  void describe(`decision-table policy and evidence on ${engine}`, () => {
    let db: TestDb;
    before(async () => {
      db = await freshDb(engine);
      await aModifierRule(db);
      // No payer row: timely-filing windows are unknown in this database.
    });
    after(() => db.dispose());

    const run = (denialId: number, policy?: ReturnType<typeof tableWith>) =>
      correctDenial(db, denialId, { envelope: envelope(), ...(policy ? { policy } : {}) });
    const count = async (sql: string, params: unknown[]) =>
      Number((await db.query<{ n: string }>(sql, params))[0]!.n);
    const denialStatus = async (id: number) =>
      (await db.query<{ status: string }>('SELECT status FROM billing.denial WHERE denial_id = $1', [id]))[0]!
        .status;
    const nothingWrittenOff = async (d: { denialId: number; claimId: number | null }) => {
      assert.equal(await denialStatus(d.denialId), 'OPEN');
      assert.equal(
        await count('SELECT count(*) AS n FROM billing.claim_relationship WHERE claim_id = $1', [d.claimId]),
        0,
      );
    };

    void describe('the table is asked before any handler runs', () => {
      void it('a never-touch code anywhere on the denial stops every handler, with the row that said so', async () => {
        // CO-4 alone would rebill; CO-50 (medical necessity) is on the never-touch list.
        const d = await aDenial(db, { carcs: ['CO-4', 'CO-50'] });
        const result = await run(d.denialId);
        assert.deepEqual(
          result.outcomes.map((o) => [o.handlerName, o.status, o.reason]),
          [['Co4ModifierHandler', 'SKIPPED', 'policy_never_touch']],
        );
        const [row] = await attemptsOf(db, d.denialId);
        const policy = row!.details.policy as {
          table: string;
          rows: { code: string; carc: string; category: string; line: number }[];
        };
        assert.match(policy.table, /^table-[0-9a-f]{12}$/);
        assert.deepEqual(
          policy.rows.map((r) => [r.code, r.carc, r.category]),
          [['CO-50', '50', 'medical_necessity']],
        );
        const line = readFileSync(DECISION_TABLE_PATH, 'utf8').split('\n')[policy.rows[0]!.line - 1]!;
        assert.match(line, /\t50,55,56\t/);
        assert.equal(
          await count('SELECT count(*) AS n FROM billing.claim WHERE patient_control_number = $1', [d.pcn]),
          1,
        );
      });

      void it('a code the table does not know is never touched either', async () => {
        const d = await aDenial(db, { carcs: ['CO-4', 'CO-999'] });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'policy_never_touch']);
        const [row] = await attemptsOf(db, d.denialId);
        assert.deepEqual((row!.details.policy as { unknownCodes: string[] }).unknownCodes, ['CO-999']);
      });

      void it('changing one table row changes the engine: CO-4 marked never-touch is skipped', async () => {
        const policy = tableWith(
          '*\t4\t*\tR\tcoding_modifier\tMODIFIER_CORRECTION\tN',
          '*\t4\t*\tR\tcoding_modifier\tMODIFIER_CORRECTION\tY',
        );
        const d = await aDenial(db, { carc: 'CO-4' });
        const [o] = (await run(d.denialId, policy)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'policy_never_touch']);
      });

      void it('a row that no longer lists the handler strategy switches the handler off for that code', async () => {
        const policy = tableWith(
          '*\t4\t*\tR\tcoding_modifier\tMODIFIER_CORRECTION\tN',
          '*\t4\t*\tR\tcoding_modifier\t-\tN',
        );
        const d = await aDenial(db, { carc: 'CO-4' });
        const [o] = (await run(d.denialId, policy)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'policy_strategy_not_listed']);
      });

      void it('a CO-16 remark the table moves to never-touch stops the authorization rebill', async () => {
        const policy = tableWith(
          '*\t16\tM51\tR\tmissing_information\tMISSING_INFO_REBILL\tN',
          '*\t16\tM51\tA\tmissing_information\tMISSING_INFO_REBILL\tY',
        );
        const d = await aDenial(db, { carc: 'CO-16', rarcs: ['M51'] });
        const [o] = (await run(d.denialId, policy)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'policy_never_touch']);
      });
    });

    void describe('irreversible actions need their evidence', () => {
      void it('CO-18: a same-service claim that was denied, not paid: SKIPPED, nothing written off', async () => {
        await aClaim(db, { pcn: 'DEN18', subscriberId: 'S18', lines: [{ code: '99214' }] });
        await aRemitClaim(db, { pcn: 'DEN18', paidCents: 0, statusCode: '4' });
        const d = await aDenial(db, {
          carc: 'CO-18',
          claim: { subscriberId: 'S18', lines: [{ code: '99214' }] },
        });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'duplicate_not_paid_or_pending']);
        await nothingWrittenOff(d);
      });

      void it('CO-18: a same-service claim whose payment was reversed is not paid', async () => {
        await aClaim(db, { pcn: 'REV18', subscriberId: 'S18R', lines: [{ code: '99214' }] });
        await aRemitClaim(db, { pcn: 'REV18', paidCents: 9_000, statusCode: '1' });
        await aRemitClaim(db, { pcn: 'REV18', paidCents: -9_000, statusCode: '22' });
        const d = await aDenial(db, {
          carc: 'CO-18',
          claim: { subscriberId: 'S18R', lines: [{ code: '99214' }] },
        });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'duplicate_not_paid_or_pending']);
        await nothingWrittenOff(d);
      });

      void it('CO-18: a same-service claim pending with the payer is evidence: written off', async () => {
        const original = await aClaim(db, { pcn: 'PEN18', subscriberId: 'S18P', lines: [{ code: '99214' }] });
        await aSubmission(db, original);
        const d = await aDenial(db, {
          carc: 'CO-18',
          claim: { subscriberId: 'S18P', lines: [{ code: '99214' }] },
        });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.strategy], ['SUCCESS', 'DUPLICATE_LINK']);
        const [row] = await attemptsOf(db, d.denialId);
        assert.equal(row!.details.originalStanding, 'pending');
        assert.equal(await denialStatus(d.denialId), 'WRITTEN_OFF');
      });

      void it('CO-18: a paid claim for another service is no evidence', async () => {
        const other = await aClaim(db, { pcn: 'OTH18', subscriberId: 'S18O', lines: [{ code: '93000' }] });
        await aRemitClaim(db, { pcn: 'OTH18', claimId: other, paidCents: 5_000, statusCode: '1' });
        const d = await aDenial(db, {
          carc: 'CO-18',
          claim: { subscriberId: 'S18O', lines: [{ code: '99214' }] },
        });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'no_duplicate_found']);
        await nothingWrittenOff(d);
      });

      void it('CO-97: a same-service claim never sent nor paid: SKIPPED, neither written off nor appealed', async () => {
        await aClaim(db, { pcn: 'UNS97', subscriberId: 'S97', lines: [{ code: '97110' }] });
        const d = await aDenial(db, {
          carc: 'CO-97',
          claim: { subscriberId: 'S97', lines: [{ code: '97110' }] },
        });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'duplicate_not_paid_or_pending']);
        await nothingWrittenOff(d);
        assert.equal(
          await count('SELECT count(*) AS n FROM billing.appeal WHERE denial_id = $1', [d.denialId]),
          0,
        );
      });

      void it('PR-2 with no PR-group adjustment on the posted 835: SKIPPED, nothing transferred', async () => {
        const d = await aDenial(db, { carcs: ['PR-2'] });
        await anAdjustment(db, d.remitClaimId, { group: 'CO', carc: '2', amountCents: 2_500 });
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason, o!.recoveredAmountCents], ['SKIPPED', 'no_pr_adjustment', 0]);
        assert.equal(await denialStatus(d.denialId), 'OPEN');
        assert.equal(
          await count(
            `SELECT count(*) AS n FROM billing.outbox_event WHERE event_type = 'patient.liability_transferred'
               AND payload->'data'->>'denialId' = $1`,
            [String(d.denialId)],
          ),
          0,
        );
      });

      void it('PR-1 on a reversed 835 claim: SKIPPED, nothing transferred', async () => {
        const pcn = 'REVPR';
        const remitClaimId = await aRemitClaim(db, { pcn, statusCode: '22', paidCents: -1_000 });
        await anAdjustment(db, remitClaimId, { group: 'PR', carc: '1', amountCents: 1_000 });
        const [den] = await db.query<{ denial_id: number }>(
          `INSERT INTO billing.denial (tenant_id, remit_claim_id, claim_id, patient_control_number, payer_claim_control_number,
             payer_key, carc_codes, rarc_codes, denied_amount_cents, denied_on)
           VALUES ('default', $1, NULL, $2, 'ICN-REVPR', 'P1', '{PR-1}', '{}', 1000, '2025-04-01') RETURNING denial_id`,
          [remitClaimId, pcn],
        );
        const [o] = (await run(den!.denial_id)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'remit_reversed']);
        assert.equal(await denialStatus(den!.denial_id), 'OPEN');
      });

      void it('CO-29 with proof but no known filing window: SKIPPED, no appeal', async () => {
        const d = await aDenial(db, {
          carc: 'CO-29',
          claim: { payerId: 'NO-WINDOW', serviceDate: '2025-03-01' },
          deniedOn: '2025-07-01',
        });
        await aSubmission(db, d.claimId!, '2025-03-05T10:00:00Z');
        const [o] = (await run(d.denialId)).outcomes;
        assert.deepEqual([o!.status, o!.reason], ['SKIPPED', 'filing_window_unknown']);
        assert.equal(
          await count('SELECT count(*) AS n FROM billing.appeal WHERE denial_id = $1', [d.denialId]),
          0,
        );
      });
    });
  });
}
