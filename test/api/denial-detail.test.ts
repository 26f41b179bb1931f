import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateCorpus } from '../../src/corpus/generate.js';
import type { DenialDetail } from '../../src/api/schemas/denials.js';
import { correctEverything, filesIn, importCorpusReference, ingestAll } from '../corpus/run-corpus.js';
import { ENGINES } from '../support/databases.js';
import { tempDir } from '../support/temp.js';
import { anApi, bearer, type TestApi } from './support.js';

/**
 * `GET /denials/:id` reads everything in one statement; this checks, for every denial of a corpus
 * ingested from files and corrected, that what it answers is exactly what the tables hold.
 */
for (const engine of ENGINES) {
  void describe(`denial detail from real files, on ${engine}`, () => {
    let api: TestApi;
    let token: string;

    before(async () => {
      api = await anApi(engine, { runJobs: false });
      const dir = tempDir('reclaim-detail-');
      await generateCorpus(dir, { claims: 40, seed: 11, start: '2025-01-06' });
      await importCorpusReference(api.db, dir, 'default');
      await ingestAll(api.db, filesIn(dir, '837'), 'default');
      await ingestAll(api.db, filesIn(dir, '835'), 'default');
      await correctEverything(api.db, 'default');
      token = await api.tokenWith();
    });
    after(() => api.close());

    void it('answers, for every denial, its claim, lines, remittance, adjustments, remarks and attempts as stored', async () => {
      const denials = await api.db.query<{ id: number; claim_id: number | null; remit_claim_id: number }>(
        `SELECT denial_id AS id, claim_id, remit_claim_id FROM billing.denial WHERE tenant_id = 'default' ORDER BY 1`,
      );
      assert.ok(denials.length >= 10, `the corpus made ${denials.length} denials`);
      let withAttempts = 0;
      let withLineAdjustments = 0;
      let withRemarks = 0;
      for (const d of denials) {
        const res = await api.app.inject({ method: 'GET', url: `/denials/${d.id}`, headers: bearer(token) });
        assert.equal(res.statusCode, 200, `denial ${d.id}`);
        const body = res.json<DenialDetail>();
        assert.equal(body.id, d.id);

        const [claim] = await api.db.query<{ pcn: string; charge: number; dx: string[] }>(
          `SELECT patient_control_number AS pcn, total_charge_cents AS charge, diagnosis_codes AS dx
           FROM billing.claim WHERE claim_id = $1`,
          [d.claim_id ?? 0],
        );
        assert.equal(body.claim?.patientControlNumber ?? null, claim?.pcn ?? null);
        assert.equal(body.claim?.totalCharge.cents ?? null, claim?.charge ?? null);
        assert.deepEqual(body.claim?.diagnosisCodes ?? null, claim?.dx ?? null);

        const claimLines = await api.db.query<{ n: number; code: string; charge: number }>(
          `SELECT line_number AS n, procedure_code AS code, charge_cents AS charge FROM billing.claim_line
           WHERE claim_id = $1 ORDER BY line_number`,
          [d.claim_id ?? 0],
        );
        if (claimLines.length > 0)
          assert.deepEqual(
            body.lines.map((l) => [l.lineNumber, l.procedureCode, l.charge.cents]),
            claimLines.map((l) => [l.n, l.code, l.charge]),
          );

        const [remit] = await api.db.query<{ paid: number; status: string; pccn: string }>(
          `SELECT paid_cents AS paid, status_code AS status, payer_claim_control_number AS pccn
           FROM billing.remit_claim WHERE remit_claim_id = $1`,
          [d.remit_claim_id],
        );
        assert.equal(body.remittance.paid.cents, remit!.paid);
        assert.equal(body.remittance.statusCode, remit!.status);
        assert.equal(body.remittance.payerClaimControlNumber, remit!.pccn);

        // Every CAS and remark of the remit claim appears once: claim level on the remittance, line
        // level on the line of the same number, each with its published description.
        const adjustments = await api.db.query<{
          line: number | null;
          g: string;
          carc: string;
          cents: number;
          known: boolean;
        }>(
          `SELECT l.line_number AS line, a.group_code AS g, a.carc, a.amount_cents AS cents, c.code IS NOT NULL AS known
           FROM billing.remittance_adjustment a LEFT JOIN billing.remit_line l USING (remit_line_id)
           LEFT JOIN rcm_reference.carc c ON c.code = a.carc
           WHERE a.remit_claim_id = $1 ORDER BY a.adjustment_id`,
          [d.remit_claim_id],
        );
        const shown = [
          ...body.remittance.adjustments.map((a) => [
            null,
            a.group,
            a.carc,
            a.amount.cents,
            a.description !== null,
          ]),
          ...body.lines.flatMap((l) =>
            l.adjustments.map((a) => [l.lineNumber, a.group, a.carc, a.amount.cents, a.description !== null]),
          ),
        ];
        const sortKey = (x: unknown[]) => JSON.stringify(x);
        assert.deepEqual(
          shown.map(sortKey).sort(),
          adjustments.map((a) => sortKey([a.line, a.g, a.carc, a.cents, a.known])).sort(),
          `adjustments of denial ${d.id}`,
        );
        if (adjustments.some((a) => a.line !== null)) withLineAdjustments++;

        const remarks = await api.db.query<{ line: number | null; code: string }>(
          `SELECT l.line_number AS line, m.code FROM billing.remittance_remark m
           LEFT JOIN billing.remit_line l USING (remit_line_id) WHERE m.remit_claim_id = $1`,
          [d.remit_claim_id],
        );
        const shownRemarks = [
          ...body.remittance.remarks.map((m) => [null, m.code]),
          ...body.lines.flatMap((l) => l.remarks.map((m) => [l.lineNumber, m.code])),
        ];
        assert.deepEqual(
          shownRemarks.map(sortKey).sort(),
          remarks.map((m) => sortKey([m.line, m.code])).sort(),
          `remarks of denial ${d.id}`,
        );
        if (remarks.length > 0) withRemarks++;

        const attempts = await api.db.query<{
          id: number;
          status: string;
          handler: string;
          rebilled: number | null;
        }>(
          `SELECT attempt_id AS id, status, handler_name AS handler, rebilled_claim_id AS rebilled
           FROM billing.auto_correction_attempt WHERE denial_id = $1 ORDER BY attempt_id`,
          [d.id],
        );
        assert.deepEqual(
          body.history.attempts.map((a) => [a.attemptId, a.status, a.handlerName, a.rebilledClaimId]),
          attempts.map((a) => [a.id, a.status, a.handler, a.rebilled]),
        );
        for (const a of body.history.attempts) assert.match(a.claimedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        if (attempts.length > 0) withAttempts++;
        assert.ok(body.classification === null || body.classification.source === 'decision_table');
      }
      // The corpus exercises every part, so none of the comparisons above was vacuous.
      assert.ok(withAttempts > 0, 'some denial has attempts');
      assert.ok(withLineAdjustments > 0, 'some denial has line-level adjustments');
      assert.ok(withRemarks > 0, 'some denial has remarks');
    });
  });
}
