import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { cliActor } from '../../src/audit/audit.service.js';
import { insertPendingAttempts } from '../../src/correction/attempt.repository.js';
import { correctAll } from '../../src/correction/bulk.js';
import { bulkCorrect } from '../../src/correction/bulk.service.js';
import { seedDemoDenials } from '../../src/correction/demo-data.repository.js';
import { previewDenial } from '../../src/correction/preview.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { envelope } from './factories.js';

const counts = async (db: TestDb) =>
  (
    await db.query<{ attempts: number; claims: number; events: number; appeals: number; links: number }>(
      `SELECT (SELECT count(*)::int FROM billing.auto_correction_attempt) AS attempts,
              (SELECT count(*)::int FROM billing.claim) AS claims,
              (SELECT count(*)::int FROM billing.outbox_event) AS events,
              (SELECT count(*)::int FROM billing.appeal) AS appeals,
              (SELECT count(*)::int FROM billing.claim_relationship) AS links`,
    )
  )[0]!;

for (const engine of ENGINES) {
  void describe(`bulk apply and preview on ${engine}`, () => {
    let db: TestDb;
    before(async () => {
      db = await freshDb(engine);
      assert.equal(await db.transaction((tx) => seedDemoDenials(tx, 'default', 40, 'B')), 40);
    });
    after(() => db.dispose());

    void it('preview shows the corrected-claim diff (CLM05-3, REF*F8, modifiers) and writes nothing', async () => {
      const before = await counts(db);
      const [d] = await db.query<{ denial_id: number }>(
        `SELECT denial_id FROM billing.denial WHERE patient_control_number = 'B-1'`,
      );
      const p = await previewDenial(db, d!.denial_id, { envelope: envelope() });
      assert.deepEqual(
        p.handlers.map((h) => [h.handlerName, h.action, h.strategy, h.priorAttempt]),
        [['Co4ModifierHandler', 'rebill', 'MODIFIER_CORRECTION', null]],
      );
      assert.deepEqual(p.correctedClaim?.diff, {
        fields: { 'CLM05-3': ['1', '7'], 'REF*F8': [null, 'B-ICN1'] },
        modifiers: [{ lineNumber: 1, procedureCode: '99213', before: [], after: ['SA'] }],
      });
      assert.deepEqual(await counts(db), before);
    });

    void it('--dry-run projects outcomes for every matching denial and writes nothing', async () => {
      const before = await counts(db);
      const s = await correctAll(db, { envelope: envelope(), dryRun: true, batchSize: 7 });
      assert.deepEqual(
        { denials: s.denials, attempts: s.attempts, recovered: s.recoveredAmountCents, dryRun: s.dryRun },
        {
          denials: 40,
          attempts: { SUCCESS: 32, FAILED: 0, SKIPPED: 8 },
          recovered: s.recoveredAmountCents,
          dryRun: true,
        },
      );
      assert.deepEqual(s.bySkipReason, { context_snapshot_incomplete: 4, policy_never_touch: 4 });
      assert.deepEqual(await counts(db), before);
    });

    void it('--carc limits the run to that code', async () => {
      const s = await correctAll(db, { envelope: envelope(), dryRun: true, carc: 'CO-29' });
      assert.deepEqual([s.denials, Object.keys(s.byHandler)], [4, ['Co29TimelyFilingHandler']]);
    });

    void it('applies every handler across the backlog, in batches, with a summary by outcome; a rerun does nothing', async () => {
      const s = await correctAll(db, { envelope: envelope('bulk-1'), batchSize: 7 });
      assert.equal(s.denials, 40);
      assert.deepEqual(s.attempts, { SUCCESS: 32, FAILED: 0, SKIPPED: 8 });
      assert.deepEqual(s.byHandler, {
        Co4ModifierHandler: { SUCCESS: 12, FAILED: 0, SKIPPED: 4 },
        Co16MissingInfoHandler: { SUCCESS: 4, FAILED: 0, SKIPPED: 4 },
        Co18DuplicateHandler: { SUCCESS: 4, FAILED: 0, SKIPPED: 0 },
        Co29TimelyFilingHandler: { SUCCESS: 4, FAILED: 0, SKIPPED: 0 },
        Co97AdjudicationHandler: { SUCCESS: 4, FAILED: 0, SKIPPED: 0 },
        PatientLiabilityHandler: { SUCCESS: 4, FAILED: 0, SKIPPED: 0 },
      });
      assert.equal(s.rebilledClaims, 16);
      // Two events per rebill, one per liability transfer.
      assert.equal(s.events, 16 * 2 + 4);
      const c = await counts(db);
      assert.deepEqual([c.attempts, c.events, c.appeals, c.links], [40, 36, 8, 4]);
      const statuses = await db.query(
        'SELECT status, count(*)::int AS n FROM billing.denial GROUP BY status ORDER BY status',
      );
      assert.deepEqual(statuses, [
        { status: 'APPEALED', n: 8 },
        { status: 'CORRECTED', n: 16 },
        { status: 'OPEN', n: 8 },
        { status: 'RESOLVED', n: 4 },
        { status: 'WRITTEN_OFF', n: 4 },
      ]);
      const again = await correctAll(db, { envelope: envelope('bulk-2') });
      assert.deepEqual([again.denials, again.attempts], [0, { SUCCESS: 0, FAILED: 0, SKIPPED: 0 }]);
      assert.deepEqual(await counts(db), c);
    });

    void it('a dry run after the run projects what a second run would do: nothing done twice', async () => {
      const ids = (await db.query<{ id: number }>('SELECT denial_id AS id FROM billing.denial')).map(
        (r) => r.id,
      );
      const before = await counts(db);
      const dry = async (forceRetry: boolean) => {
        const out = await bulkCorrect(
          db,
          'default',
          { filter: { ids }, dryRun: true, forceRetry },
          cliActor(),
        );
        assert.ok(out.dryRun);
        const { attempts, bySkipReason, projectedRecovery } = out.result;
        return { attempts, bySkipReason, projected: projectedRecovery.cents };
      };
      // Every pair has an attempt: a run short-circuits them all, and so does its projection.
      assert.deepEqual(await dry(false), {
        attempts: { SUCCESS: 0, FAILED: 0, SKIPPED: 40 },
        bySkipReason: { already_attempted: 40 },
        projected: 0,
      });
      // Forced, the 32 successes stand and only the 8 skipped pairs are decided again.
      assert.deepEqual(await dry(true), {
        attempts: { SUCCESS: 0, FAILED: 0, SKIPPED: 8 },
        bySkipReason: { context_snapshot_incomplete: 4, policy_never_touch: 4 },
        projected: 0,
      });
      assert.deepEqual(await counts(db), before);
    });

    void it('--force-retry after an upstream fix re-runs the SKIPPED attempts of the backlog, and only those', async () => {
      // The four CO-4 denials skipped for a missing facility state get one now.
      await db.query(
        `UPDATE billing.claim SET resolved_context_snapshot = resolved_context_snapshot || '{"facility_address_state":"CA"}'`,
      );
      const s = await correctAll(db, { envelope: envelope('bulk-force'), forceRetry: true });
      assert.equal(s.denials, 8);
      assert.deepEqual(s.byHandler, {
        Co4ModifierHandler: { SUCCESS: 4, FAILED: 0, SKIPPED: 0 },
        Co16MissingInfoHandler: { SUCCESS: 0, FAILED: 0, SKIPPED: 4 },
      });
      const [rows] = await db.query<{ attempts: number; success: number }>(
        `SELECT count(*)::int AS attempts, count(*) FILTER (WHERE status = 'SUCCESS')::int AS success
         FROM billing.auto_correction_attempt`,
      );
      assert.deepEqual(rows, { attempts: 40, success: 36 });
    });

    void it('a dry run skips a pair another engine holds, and projects one whose holder went quiet', async () => {
      // Two more CO-4 denials that correct (demo cases 1 and 11), each with a PENDING attempt of
      // the CO-4 handler: P-1's claimed just now, P-11's a day ago (stale: a real run takes it over).
      await db.transaction((tx) => seedDemoDenials(tx, 'default', 11, 'P'));
      const denials = await db.query<{ id: number; pcn: string }>(
        `SELECT denial_id AS id, patient_control_number AS pcn FROM billing.denial
          WHERE patient_control_number IN ('P-1', 'P-11') ORDER BY 2`,
      );
      await db.transaction((tx) =>
        insertPendingAttempts(
          tx,
          envelope('held'),
          randomUUID(),
          denials.map((d) => ({ denialId: d.id, handlerName: 'Co4ModifierHandler', carcCode: 'CO-4' })),
        ),
      );
      await db.query(
        `UPDATE billing.auto_correction_attempt SET claimed_at = now() - interval '1 day'
          WHERE denial_id = $1 AND status = 'PENDING'`,
        [denials.find((d) => d.pcn === 'P-11')!.id],
      );
      const out = await bulkCorrect(
        db,
        'default',
        { filter: { ids: denials.map((d) => d.id) }, dryRun: true },
        cliActor(),
      );
      assert.ok(out.dryRun);
      assert.deepEqual(
        { attempts: out.result.attempts, bySkipReason: out.result.bySkipReason },
        { attempts: { SUCCESS: 1, FAILED: 0, SKIPPED: 1 }, bySkipReason: { in_progress: 1 } },
      );
    });
  });
}
