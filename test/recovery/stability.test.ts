import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BucketSummary } from '../../src/recovery/prioritise.js';
import { compareWeeks } from '../../src/recovery/stability.js';

/** Buckets with the given priority shares, ranked in the order given. */
const week = (shares: Record<string, number>): BucketSummary[] =>
  Object.entries(shares).map(([bucket, priorityScore], i) => ({
    bucket,
    rank: i + 1,
    rows: 1,
    deniedAmountCents: 100,
    expectedRecoverableCents: 100,
    weightedRecoverableCents: 100,
    meanPDenial: 0,
    priorityScore,
    topPrcsg: 'D',
  }));

void describe('stability versus the prior week', () => {
  void it('decides "material" by the written rule', () => {
    const cases: [string, Record<string, number>, Record<string, number>, string, number][] = [
      ['same top 2, small moves', { a: 0.5, b: 0.3, c: 0.2 }, { a: 0.48, b: 0.32, c: 0.2 }, 'stable', 2],
      ['ranks 1 and 2 swap, small moves', { b: 0.42, a: 0.4, c: 0.18 }, { a: 0.43, b: 0.4, c: 0.17 }, 'stable', 2],
      ['a top-2 bucket moves exactly 5 points', { a: 0.55, b: 0.3, c: 0.15 }, { a: 0.5, b: 0.3, c: 0.2 }, 'material_shift', 2],
      ['a top-2 bucket moves 4.9 points', { a: 0.549, b: 0.3, c: 0.151 }, { a: 0.5, b: 0.3, c: 0.2 }, 'stable', 2],
      ['a bucket outside the top 2 moves 10 points', { a: 0.5, b: 0.3, c: 0.12, d: 0.08 }, { a: 0.5, b: 0.28, d: 0.2, c: 0.02 }, 'stable', 2],
      ['a new bucket enters the top 2', { a: 0.5, c: 0.26, b: 0.24 }, { a: 0.5, b: 0.26, c: 0.24 }, 'material_shift', 1],
      ['the top 2 are both new', { c: 0.5, d: 0.4, a: 0.1 }, { a: 0.5, b: 0.4, c: 0.1 }, 'material_shift', 0],
    ]; // prettier-ignore
    for (const [name, current, prior, verdict, overlap] of cases) {
      const s = compareWeeks(week(current), week(prior));
      assert.deepEqual([s.verdict, s.top2Overlap], [verdict, overlap], name);
    }
  });

  void it('reports rank and share shifts per bucket', () => {
    const s = compareWeeks(week({ a: 0.5, c: 0.3, b: 0.2 }), week({ a: 0.6, b: 0.3, d: 0.1 }));
    assert.deepEqual(
      s.shifts.map((x) => [
        x.bucket,
        x.rankPrior,
        x.rankCurrent,
        x.rankShift,
        Number(x.shareShift.toFixed(6)),
        x.material,
      ]),
      [
        ['a', 1, 1, 0, -0.1, true],
        ['c', null, 2, null, 0.3, true],
        ['b', 2, 3, -1, -0.1, true],
        ['d', 3, null, null, -0.1, false],
      ],
    );
    assert.equal(s.top2ShareCurrent, 0.8);
    assert.deepEqual(s.reasons, [
      'top 2 changed (a, b -> a, c)',
      'a share -10.0 pts',
      'c share +30.0 pts',
      'b share -10.0 pts',
    ]);
  });

  void it('says so when there is no prior week', () => {
    const s = compareWeeks(week({ a: 0.7, b: 0.3 }), null);
    assert.deepEqual(
      [s.verdict, s.top2Overlap, s.top2Current, s.shifts],
      ['no_prior_week', null, ['a', 'b'], []],
    );
  });
});
