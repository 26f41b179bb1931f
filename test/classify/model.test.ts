import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { abbreviate, prng, typo, variants } from '../../src/classify/augment.js';
import { createTextClassifier } from '../../src/classify/classifier.js';
import { evaluate } from '../../src/classify/evaluate.js';
import { features } from '../../src/classify/features.js';
import {
  DEFAULT_MODEL_PATH,
  loadDefaultModel,
  modelFromFile,
  type ModelFile,
} from '../../src/classify/model.js';
import { fit, prepare } from '../../src/classify/train.js';
import {
  loadLabelled,
  loadTrainingExamples,
  parseLabelled,
  protectedTexts,
} from '../../src/classify/training-data.js';

void describe('denial model', () => {
  void it('ships a model whose version is the digest of its content', () => {
    const file = JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as ModelFile;
    const { version, ...body } = file;
    assert.equal(
      version,
      `nb-${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 12)}`,
    );
    assert.equal(loadDefaultModel()?.version, version);
  });

  void it('predicts category, verdict and CARC with calibrated confidence for unseen phrasings', () => {
    const model = loadDefaultModel()!;
    const rows = ['global surgical period', 'pt resp - deductable', 'filed too late', 'modifier 25 req'].map(
      (t) => {
        const p = model.predict(t);
        return [p.category, p.retryable, p.carc, p.confidence >= 0.8 && p.confidence <= 1];
      },
    );
    assert.deepEqual(rows, [
      ['bundling', false, 'CO-97', true],
      ['patient_responsibility', false, 'PR-1', true],
      ['timely_filing', false, 'CO-29', true],
      ['coding_modifier', true, 'CO-4', true],
    ]);
  });

  void it('trains deterministically: the same data gives the same counts', () => {
    const examples = parseLabelled(
      'R\tcoding_modifier\tCO-4\tmissing modifier\nN\tduplicate\tCO-18\tduplicate claim\nN\tduplicate\t-\tdup service\n',
      't.tsv',
      true,
    );
    const a = {
      ...fit(prepare(examples, new Set()), prepare(examples, new Set()).samples, 0.1, 2),
      version: 't',
    };
    const b = {
      ...fit(prepare(examples, new Set()), prepare(examples, new Set()).samples, 0.1, 2),
      version: 't',
    };
    assert.deepEqual(a, b);
    const model = modelFromFile(a);
    assert.equal(model.predict('modifier missing').category, 'coding_modifier');
    assert.equal(model.predict('duplicate').category, 'duplicate');
  });

  void it('refuses a curated training text that is also in an evaluation set', () => {
    const leaked = parseLabelled('R\tcoding_modifier\tCO-4\tMissing modifier.\n', 'leak.tsv', true);
    assert.throws(
      () => prepare(leaked, protectedTexts()),
      /leak\.tsv:1: 'Missing modifier\.' is in an evaluation set/,
    );
  });

  void it('keeps training, evaluation and held-out texts apart', () => {
    const bare = (t: string) =>
      t
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim();
    const evalTexts = new Set(loadLabelled('eval').map((e) => bare(e.text)));
    const holdout = loadLabelled('holdout').map((e) => bare(e.text));
    assert.deepEqual(
      holdout.filter((t) => evalTexts.has(t)),
      [],
    );
    const curated = loadTrainingExamples().filter((e) => !e.origin.startsWith('carc:'));
    assert.deepEqual(
      curated
        .filter((e) => evalTexts.has(bare(e.text)) || holdout.includes(bare(e.text)))
        .map((e) => e.origin),
      [],
    );
    assert.ok(loadLabelled('eval').length >= 400);
    assert.ok(loadLabelled('eval').every((e) => e.carc !== null || e.verdict === 'ambiguous'));
  });

  void it('meets the acceptance bar on the evaluation set: retryable precision ≥ 0.99, coverage of decidable texts ≥ 0.90', () => {
    const e = evaluate(createTextClassifier(), loadLabelled('eval'));
    assert.ok(e.retryablePrecision >= 0.99, `precision ${e.retryablePrecision}`);
    assert.ok(e.decidableCoverage >= 0.9, `coverage ${e.decidableCoverage}`);
    // Measured with rules-2026.12.5: 100% (156 of 156), coverage 0.989 (0.992 with .4: eval labels
    // 'N54 … inconsistent with pre-certified/authorized services' retryable, holdout-4 labels the
    // same remark ambiguous, and .5 holds it for a person). rules-2026.12.8: 100% (152 of 152),
    // coverage 0.980 — eval labels an authorization the payer finds 'absent' (CO-197) retryable,
    // holdout-5 labels it ambiguous, and .8 holds it for a person. A regression shows.
    assert.equal(e.retryablePrecision, 1, `precision ${e.retryablePrecision}`);
    assert.ok(e.decidableCoverage >= 0.975, `coverage ${e.decidableCoverage}`);
  });

  // The bar on a split never used for tuning is precision ≥ 0.98 and coverage ≥ 0.85.
  // holdout.tsv and holdout-2.tsv have been seen (docs/classification.md). Measured with
  // rules-2026.12.4 and .5: holdout 100% (81 of 81), coverage 0.938; holdout-2 100% (46 of 46),
  // coverage 0.962; rules-2026.12.8 (CO-197 'absent' held): 0.934 and 0.952; rules-2026.12.14
  // ('Member not found' held, as the categories table says: a mistyped ID or no coverage): 0.929.
  // These hold the measured levels so that a regression shows.
  void it('holds its measured level on the held-out splits: no false retryable, coverage of decidable texts ≥ 0.92', () => {
    for (const [name, coverage] of [
      ['holdout', 0.92],
      ['holdout-2', 0.95],
    ] as const) {
      const e = evaluate(createTextClassifier(), loadLabelled(name));
      assert.equal(e.retryablePrecision, 1, `${name} precision ${e.retryablePrecision}`);
      assert.ok(e.decidableCoverage >= coverage, `${name} coverage ${e.decidableCoverage}`);
    }
  });

  // holdout-3.tsv, written by an outside analyst, measured once at 0.888 (71 of 80), is seen;
  // rules-2026.12.4: 0.959 (71 of 74), coverage 0.948; its three false "retryable" are decisions of
  // the decision table and seed 002 (docs/classification.md). holdout-4 to -7, written blind by a
  // second to fifth outside writer, were measured once against rules-2026.12.4, .7, .8 and .9 at
  // 0.931, 0.928, 0.963 and 0.934; their errors were read for the next version each time, so they
  // are seen, at 100% precision.
  // holdout-9.tsv and holdout-10.tsv, written blind by a seventh and an eighth outside writer while
  // rules-2026.12.11 was written, were measured once against it: holdout-9 at 0.989 (93 of 94),
  // coverage of decidable texts 0.895; holdout-10 at 0.980 (97 of 99), coverage 0.934. Their
  // errors were then read for rules-2026.12.12, so both are seen: 100%, coverage 0.924 and 0.962.
  // holdout-8 (measured once against rules-2026.12.10 at 0.960, coverage 0.828) is at 0.987, 0.856.
  // holdout-11 and holdout-12, written blind by a ninth and a tenth writer while rules-2026.12.12
  // was written, were measured once against it: 0.990 (100 of 101), coverage 0.934; and 0.979 (93
  // of 95), coverage 0.886. Their errors were then read for rules-2026.12.13: both are seen.
  // holdout-13 and holdout-14 (an eleventh and a twelfth writer, while 12.13 was written) were
  // measured once against it: 0.970 (98 of 101), coverage 0.924; 0.979 (95 of 97), coverage 0.921.
  // Their errors were read for rules-2026.12.14: both are seen. holdout-15 and holdout-16 (a
  // thirteenth and a fourteenth writer, while 12.14 was written), measured once against it: 0.969
  // (93 of 96), coverage 0.915; 0.969 (93 of 96), coverage 0.922; read for rules-2026.12.15.
  // holdout-17 to -22 were measured once against 12.15 (or 12.17, which answers every earlier text
  // as 12.15 does): 0.990, 0.988, 0.989, 0.977, 0.977, 0.969 (532 of 542 pooled), coverage
  // 0.860-0.936; their errors were read for rules-2026.12.18.
  for (const [set, coverage, precision] of [
    ['holdout-3', 0.94, 0.95],
    ['holdout-4', 0.89, 1],
    ['holdout-5', 0.86, 1],
    ['holdout-6', 0.88, 1],
    ['holdout-7', 0.86, 1],
    ['holdout-8', 0.85, 0.98],
    ['holdout-9', 0.92, 1],
    ['holdout-10', 0.96, 1],
    ['holdout-11', 0.93, 1],
    ['holdout-12', 0.88, 1],
    ['holdout-13', 0.92, 1],
    ['holdout-14', 0.92, 1],
    ['holdout-15', 0.9, 1],
    ['holdout-16', 0.91, 1],
    ['holdout-17', 0.87, 1],
    ['holdout-18', 0.85, 1], // 0.855 from 12.19: a never-touch N350 text is held
    ['holdout-19', 0.9, 1],
    ['holdout-20', 0.91, 1],
    ['holdout-21', 0.87, 1],
    ['holdout-22', 0.93, 1],
    // Untouched: measured once against rules-2026.12.18 (issue 17's bar, ≥ 0.98 and ≥ 0.85, on each).
    ['holdout-23', 0.94, 1],
    ['holdout-24', 0.92, 0.98],
    ['holdout-25', 0.91, 0.98],
    ['holdout-26', 0.88, 0.98],
    // Untouched: measured once against rules-2026.12.19, a confirmation (pooled 0.988).
    ['holdout-27', 0.91, 0.97],
    ['holdout-28', 0.88, 1],
    ['holdout-29', 0.86, 0.98],
    ['holdout-30', 0.85, 0.98],
  ] as const) {
    void it(`holds its measured level on ${set}: precision ≥ ${precision}, coverage of decidable texts ≥ ${coverage}`, () => {
      const e = evaluate(createTextClassifier(), loadLabelled(set));
      assert.ok(e.retryablePrecision >= precision, `${set} precision ${e.retryablePrecision}`);
      assert.ok(e.decidableCoverage >= coverage, `${set} coverage ${e.decidableCoverage}`);
    });
  }

  void it('below the threshold the answer is ambiguous, from the fallback', () => {
    const strict = createTextClassifier({ threshold: 1.01 });
    const r = strict.classify('global surgical period');
    assert.deepEqual([r.label, r.verdict, r.source], ['ambiguous', 'ambiguous', 'fallback']);
  });
});

void describe('training-data augmentation', () => {
  void it('abbreviates the way billing staff write', () => {
    assert.equal(abbreviate('prior authorization number missing'), 'prior auth # msng');
    assert.equal(abbreviate('patient coverage terminated'), 'pt cov terminated');
  });
  void it('makes one deterministic slip per typo', () => {
    const a = typo('modifier missing', prng(7));
    assert.equal(a, typo('modifier missing', prng(7)));
    assert.notEqual(a, 'modifier missing');
    assert.ok(Math.abs(a.length - 'modifier missing'.length) <= 1);
    assert.deepEqual(variants('dup'), ['dup']);
  });
  void it('reads words, word pairs and in-word character grams', () => {
    assert.deepEqual(features('no auth'), [
      'w:no',
      'b:no auth',
      'c: no',
      'c:no ',
      'c: no ',
      'w:auth',
      'c: au',
      'c:aut',
      'c:uth',
      'c:th ',
      'c: aut',
      'c:auth',
      'c:uth ',
    ]);
  });
});
