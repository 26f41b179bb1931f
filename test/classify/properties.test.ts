import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createTextClassifier } from '../../src/classify/classifier.js';
import { normalizeReason } from '../../src/classify/normalize.js';
import { loadLabelled } from '../../src/classify/training-data.js';

const classifier = createTextClassifier();
const phrases = [...loadLabelled('eval').map((e) => e.text), 'CO-4', 'co 16 n479', 'PR-1 deductible'];

void describe('classifier properties', () => {
  void it('ignores case and spacing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...phrases), fc.boolean(), fc.nat(3), (text, upper, pad) => {
        const spaced =
          ' '.repeat(pad) + (upper ? text.toUpperCase() : text.toLowerCase()).replace(/ /g, '  ') + ' ';
        const a = classifier.classify(text);
        const b = classifier.classify(spaced);
        assert.deepEqual([b.label, b.category, b.source], [a.label, a.category, a.source]);
      }),
    );
  });

  void it('never calls a text retryable once it also states a non-retryable reason', () => {
    const blockers = [
      'timely filing limit exceeded',
      'duplicate claim',
      'not covered',
      'authorization expired',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...phrases),
        fc.constantFrom(...blockers),
        fc.boolean(),
        (text, blocker, before) => {
          const combined = before ? `${blocker}; ${text}` : `${text} - ${blocker}`;
          assert.notEqual(classifier.classify(combined).verdict, 'retryable');
        },
      ),
    );
  });

  void it('answers every string with a confidence in 0..1 and a verdict that matches its label', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const r = classifier.classify(text);
        assert.ok(r.confidence >= 0 && r.confidence <= 1);
        const expected = r.label.endsWith('non_retryable')
          ? 'non_retryable'
          : r.label.endsWith('retryable')
            ? 'retryable'
            : r.label;
        assert.equal(r.verdict, expected);
        assert.equal(r.label === 'missing', normalizeReason(text) === null);
      }),
    );
  });
});
