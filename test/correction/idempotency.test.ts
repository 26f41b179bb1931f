import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { correctDenial } from '../../src/correction/correct-denial.js';
import { handlers } from '../../src/correction/handlers/index.js';
import { skip, type Handler } from '../../src/correction/types.js';
import { ReclaimError } from '../../src/errors.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { aDenial, aModifierRule, attemptsOf, envelope, eventsOf } from './factories.js';

/** A CO-4 handler whose behaviour a test switches, standing in for upstream data being fixed. */
function switchable(mode: { now: 'throw' | 'skip' | 'real' }): Handler {
  const real = handlers[0]!;
  return {
    ...real,
    run(ctx) {
      if (mode.now === 'throw') throw new Error('payer directory unreachable');
      if (mode.now === 'skip') return skip('no_modifier_to_inject');
      return real.run(ctx);
    },
  };
}

const insertAttempt = (db: TestDb, denialId: number, status: string) =>
  db.query(
    `INSERT INTO billing.auto_correction_attempt (tenant_id, correlation_id, denial_id, handler_name, carc_code, status)
     VALUES ('default', 'manual', $1, 'Co4ModifierHandler', 'CO-4', $2)`,
    [denialId, status],
  );

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

// Seed 001's idempotency implications and seed 004's idempotency contract and troubleshooting rows.
for (const engine of ENGINES) {
  void describe(`idempotency contract on ${engine}`, () => {
    let db: TestDb;
    before(async () => {
      db = await freshDb(engine);
      // The factory's default rule: rendering credential NP → modifier SA on any procedure.
      await aModifierRule(db);
    });
    after(() => db.dispose());

    void describe('the partial unique index ux_auto_correction_denial_handler_live', () => {
      for (const status of ['SUCCESS', 'PENDING', 'SKIPPED']) {
        void it(`a live ${status} row: another non-FAILED row cannot be inserted`, async () => {
          const d = await aDenial(db, { carc: 'CO-4' });
          await insertAttempt(db, d.denialId, status);
          await assert.rejects(insertAttempt(db, d.denialId, 'SUCCESS'), isUniqueViolation);
          await assert.rejects(insertAttempt(db, d.denialId, 'SKIPPED'), isUniqueViolation);
        });
      }
      void it('FAILED rows do not consume the slot: any number of them, then a live one', async () => {
        const d = await aDenial(db, { carc: 'CO-4' });
        await insertAttempt(db, d.denialId, 'FAILED');
        await insertAttempt(db, d.denialId, 'FAILED');
        await insertAttempt(db, d.denialId, 'SUCCESS');
        assert.deepEqual(
          (await attemptsOf(db, d.denialId)).map((r) => r.status),
          ['FAILED', 'FAILED', 'SUCCESS'],
        );
      });
    });

    void describe('the engine', () => {
      void it('skipCompleted (default): a replay short-circuits to SKIPPED in memory, no row, no second rebill', async () => {
        const d = await aDenial(db, { carc: 'CO-4' });
        const first = await correctDenial(db, d.denialId, { envelope: envelope() });
        const events = (await eventsOf(db)).length;
        const replay = await correctDenial(db, d.denialId, { envelope: envelope('corr-replay') });
        assert.equal(replay.anySuccess, false);
        assert.deepEqual(replay.outcomes, [
          {
            denialId: d.denialId,
            handlerName: 'Co4ModifierHandler',
            carcCode: 'CO-4',
            status: 'SKIPPED',
            attemptId: null,
            strategy: null,
            reason: 'already_attempted',
            rebilledClaimId: null,
            recoveredAmountCents: 0,
            priorAttempt: {
              attemptId: first.outcomes[0]!.attemptId!,
              status: 'SUCCESS',
              rebilledClaimId: first.outcomes[0]!.rebilledClaimId,
            },
          },
        ]);
        assert.equal((await attemptsOf(db, d.denialId)).length, 1);
        assert.equal((await eventsOf(db)).length, events);
        const versions = await db.query(
          'SELECT count(*)::int AS n FROM billing.claim WHERE patient_control_number = $1',
          [d.pcn],
        );
        assert.deepEqual(versions, [{ n: 2 }]);
      });

      void it('forceRetry on a SUCCESS is refused as ALREADY_CORRECTED, with nothing written', async () => {
        const d = await aDenial(db, { carc: 'CO-4' });
        await correctDenial(db, d.denialId, { envelope: envelope() });
        const events = (await eventsOf(db)).length;
        await assert.rejects(
          correctDenial(db, d.denialId, { envelope: envelope(), forceRetry: true }),
          (e: unknown) =>
            e instanceof ReclaimError &&
            e.code === 'ALREADY_CORRECTED' &&
            /already succeeded/.test(e.message),
        );
        assert.deepEqual(
          (await attemptsOf(db, d.denialId)).map((r) => r.status),
          ['SUCCESS'],
        );
        assert.equal((await eventsOf(db)).length, events);
      });

      void it('forceRetry re-invokes a handler that SKIPPED, once its data is fixed (the row keeps what it said before)', async () => {
        const mode = { now: 'skip' as 'throw' | 'skip' | 'real' };
        const registry = [switchable(mode)];
        const d = await aDenial(db, { carc: 'CO-4' });
        const first = await correctDenial(db, d.denialId, { envelope: envelope(), registry });
        assert.deepEqual(
          first.outcomes.map((o) => o.status),
          ['SKIPPED'],
        );
        mode.now = 'real';
        const noForce = await correctDenial(db, d.denialId, { envelope: envelope(), registry });
        assert.deepEqual(
          noForce.outcomes.map((o) => [o.status, o.reason, o.attemptId]),
          [['SKIPPED', 'already_attempted', null]],
        );
        const forced = await correctDenial(db, d.denialId, {
          envelope: envelope('corr-force'),
          registry,
          forceRetry: true,
        });
        assert.deepEqual(
          forced.outcomes.map((o) => [o.status, o.attemptId]),
          [['SUCCESS', first.outcomes[0]!.attemptId]],
        );
        const rows = await attemptsOf(db, d.denialId);
        assert.equal(rows.length, 1);
        assert.equal(rows[0]!.status, 'SUCCESS');
        assert.equal((rows[0]!.details.previous as { status: string }).status, 'SKIPPED');
      });

      void it('a handler error is a FAILED attempt with its reason; the rerun after the fix is a fresh attempt', async () => {
        const mode = { now: 'throw' as 'throw' | 'skip' | 'real' };
        const registry = [switchable(mode)];
        const d = await aDenial(db, { carc: 'CO-4' });
        const failed = await correctDenial(db, d.denialId, { envelope: envelope(), registry });
        assert.deepEqual(
          failed.outcomes.map((o) => [o.status, o.reason]),
          [['FAILED', 'payer directory unreachable']],
        );
        assert.equal(failed.anySuccess, false);
        const again = await correctDenial(db, d.denialId, { envelope: envelope(), registry });
        assert.deepEqual(
          again.outcomes.map((o) => o.status),
          ['FAILED'],
        );
        mode.now = 'real';
        const fixed = await correctDenial(db, d.denialId, { envelope: envelope(), registry });
        assert.deepEqual(
          fixed.outcomes.map((o) => o.status),
          ['SUCCESS'],
        );
        const rows = await attemptsOf(db, d.denialId);
        assert.deepEqual(
          rows.map((r) => [r.status, r.failure_reason]),
          [
            ['FAILED', 'payer directory unreachable'],
            ['FAILED', 'payer directory unreachable'],
            ['SUCCESS', null],
          ],
        );
      });

      void it('a fresh PENDING slot (another engine at work) short-circuits as in_progress', async () => {
        const d = await aDenial(db, { carc: 'CO-4' });
        await insertAttempt(db, d.denialId, 'PENDING');
        const r = await correctDenial(db, d.denialId, { envelope: envelope() });
        assert.deepEqual(
          r.outcomes.map((o) => [o.status, o.reason, o.attemptId]),
          [['SKIPPED', 'in_progress', null]],
        );
      });

      void it('a PENDING slot older than the stale timeout (crashed engine) is taken over and completed', async () => {
        const d = await aDenial(db, { carc: 'CO-4' });
        await insertAttempt(db, d.denialId, 'PENDING');
        await db.query(
          `UPDATE billing.auto_correction_attempt SET claimed_at = now() - interval '1 hour' WHERE denial_id = $1`,
          [d.denialId],
        );
        const r = await correctDenial(db, d.denialId, { envelope: envelope(), staleAfterMs: 60_000 });
        assert.deepEqual(
          r.outcomes.map((o) => o.status),
          ['SUCCESS'],
        );
        const rows = await attemptsOf(db, d.denialId);
        assert.deepEqual(
          rows.map((x) => x.status),
          ['SUCCESS'],
        );
      });

      void it('events carry tenant, org and correlation ids from the envelope and a unique event id; claim.rebilled has rebilledClaimId', async () => {
        const d = await aDenial(db, { carc: 'CO-4' });
        const r = await correctDenial(db, d.denialId, {
          envelope: { tenantId: 'default', orgId: 'org-7', correlationId: 'inbound-42' },
        });
        const rebilledClaimId = r.outcomes[0]!.rebilledClaimId;
        const rows = await db.query<{
          event_type: string;
          event_id: string;
          payload: {
            eventId: string;
            tenantId: string;
            orgId: string;
            correlationId: string;
            data: { rebilledClaimId: number; denialId: number };
          };
        }>(
          `SELECT event_type, event_id::text, payload FROM billing.outbox_event WHERE correlation_id = 'inbound-42' ORDER BY seq`,
        );
        assert.deepEqual(
          rows.map((e) => e.event_type),
          ['claim.rebilled', 'claim.corrected'],
        );
        for (const e of rows) {
          assert.equal(e.payload.eventId, e.event_id);
          assert.deepEqual(
            [e.payload.tenantId, e.payload.orgId, e.payload.correlationId],
            ['default', 'org-7', 'inbound-42'],
          );
          assert.deepEqual(
            [e.payload.data.rebilledClaimId, e.payload.data.denialId],
            [rebilledClaimId, d.denialId],
          );
        }
        assert.notEqual(rows[0]!.event_id, rows[1]!.event_id);
      });
    });
  });
}
