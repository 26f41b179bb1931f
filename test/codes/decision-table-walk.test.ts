import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTextClassifier } from '../../src/classify/classifier.js';
import { retryableColumn } from '../../src/classify/classify-denials.js';
import { classifyCodes } from '../../src/codes/classify-codes.js';
import { loadCarcs, loadRarcs } from '../../src/codes/code-lists.js';
import { decisionTable, type DecisionRow } from '../../src/codes/decision-table.js';
import { correctAll } from '../../src/correction/bulk.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import {
  aDenial,
  aModifierRule,
  anAdjustment,
  anAuthorization,
  aPayer,
  aSubmission,
  envelope,
} from '../correction/factories.js';

/** Every row of the table, one CARC each; the 4010 correction row (CR, any CARC) names no code to walk. */
const rows = decisionTable().rows.filter((r) => r.carc !== '*');
const codeOf = (r: DecisionRow): string => `${r.group === '*' ? 'CO' : r.group}-${r.carc}`;
const rarcsOf = (r: DecisionRow): string[] => (r.rarc === '*' ? [] : [r.rarc]);

/** What a caller acts on: retryable only when nothing holds it for a person. */
function effective(verdict: string, neverAutomate: boolean): string {
  return verdict === 'retryable' && neverAutomate ? 'ambiguous' : verdict;
}

void describe('every decision-table row: the free-text path on the code description agrees with the structured path', () => {
  const classifier = createTextClassifier();
  const carcText = new Map(
    loadCarcs().map((c) => [c.code, (c.description ?? '').split(/ (?:Usage|Note):/)[0]!]),
  );
  const rarcText = new Map(loadRarcs().map((r) => [r.code, r.description ?? '']));
  for (const row of rows) {
    const text = [carcText.get(row.carc) ?? '', row.rarc === '*' ? '' : rarcText.get(row.rarc)!]
      .join(' ')
      .trim();
    void it(`${codeOf(row)}${row.rarc === '*' ? '' : ` + ${row.rarc}`} (line ${row.line})`, () => {
      assert.notEqual(text, '', 'the code list describes it');
      const structured = classifyCodes({
        group: row.group === '*' ? 'CO' : row.group,
        carc: row.carc,
        rarcs: rarcsOf(row),
      });
      const free = classifier.classify(text);
      assert.equal(
        effective(free.verdict, false),
        effective(structured.verdict, structured.neverAutomate),
        `'${text}' → ${free.verdict} (${free.source})`,
      );
      assert.equal(retryableColumn(structured).retryable === true, free.verdict === 'retryable');
    });
  }
});

for (const engine of ENGINES) {
  void describe(`every decision-table row through the engine on ${engine}`, () => {
    let db: TestDb;
    const denials = new Map<number, DecisionRow>();
    before(async () => {
      db = await freshDb(engine);
      // Everything a handler could want, so that only policy stands between a denial and a SUCCESS.
      await aModifierRule(db);
      await aPayer(db, 365);
      await anAuthorization(db);
      for (const row of rows) {
        // A never-touch code rides with a CO-4 that would otherwise be rebilled.
        const carcs = row.neverAutomate ? [codeOf(row), 'CO-4'] : [codeOf(row)];
        const d = await aDenial(db, { carcs, rarcs: rarcsOf(row), deniedOn: '2025-07-01' });
        await aSubmission(db, d.claimId!);
        await anAdjustment(db, d.remitClaimId, { group: 'PR', carc: row.carc, amountCents: 1_000 });
        denials.set(d.denialId, row);
      }
      await correctAll(db, { envelope: envelope('walk'), batchSize: 200 });
    });
    after(() => db.dispose());

    void it('never-touch rows never produce a SUCCESS; each is SKIPPED by policy with the row named', async () => {
      const attempts = await db.query<{
        denial_id: number;
        status: string;
        failure_reason: string | null;
        details: { reason?: string; policy?: { rows: { line: number }[] } };
      }>('SELECT denial_id, status, failure_reason, details FROM billing.auto_correction_attempt');
      const never = attempts.filter((a) => denials.get(a.denial_id)?.neverAutomate);
      const neverRows = rows.filter((r) => r.neverAutomate);
      assert.ok(neverRows.length >= 20, `${neverRows.length} never-touch rows`);
      assert.equal(new Set(never.map((a) => a.denial_id)).size, neverRows.length, 'every one was attempted');
      for (const a of never) {
        const row = denials.get(a.denial_id)!;
        assert.equal(a.status, 'SKIPPED', `${codeOf(row)} ${row.rarc}`);
        assert.equal(a.details.reason, 'policy_never_touch');
        assert.ok(a.details.policy!.rows.some((r) => r.line === row.line));
      }
      // The walk reached the handlers too: rows that allow them did succeed somewhere.
      assert.ok(attempts.some((a) => a.status === 'SUCCESS'));
    });
  });
}
