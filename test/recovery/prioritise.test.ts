import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  agingBand,
  agingBands,
  summarise,
  topRows,
  weightedRecoverableCents,
} from '../../src/recovery/prioritise.js';
import type { WorkqueueRow } from '../../src/recovery/workqueue.js';

const row = (
  clmId: string,
  group: string,
  agingDays: number,
  cents: number,
  pDenial: number,
): WorkqueueRow => ({
  clmId,
  agingDays,
  deniedAmountCents: cents,
  topDenialGroup: group,
  topDenialPrcsg: 'D',
  topNextBestAction: '',
  pDenial,
});

/** The current week of test/fixtures/kpi/recovery-mart.csv. */
const CURRENT = [
  row('C1', 'coding_modifier', 10, 100000, 0.2), // 100000 × 0.8 × 1    = 80000
  row('C2', 'coding_modifier', 45, 50000, 0.5), //  50000 × 0.5 × 0.8  = 20000
  row('C3', 'medical_necessity', 75, 200000, 0.6), // 200000 × 0.4 × 0.5 = 40000
  row('C4', 'timely_filing', 120, 400000, 0.9), // 400000 × 0.1 × 0.25 = 10000
  row('C5', 'authorization', 30, 30000, 0), //        30000 × 1 × 1     = 30000
  row('C6', 'authorization', 31, 10000, 0.5), //      10000 × 0.5 × 0.8 = 4000
  row('C7', 'medical_necessity', 90, 10000, 0), //    10000 × 1 × 0.5   = 5000
  row('C8', 'timely_filing', 91, 40000, 0), //        40000 × 1 × 0.25  = 10000
];

void describe('recovery prioritisation', () => {
  void it('puts aging days in bands at their edges: <=30, 31-60, 61-90, >90', () => {
    const cases: [number, string][] = [[0, '<=30'], [30, '<=30'], [31, '31-60'], [60, '31-60'], [61, '61-90'], [90, '61-90'], [91, '>90'], [400, '>90']]; // prettier-ignore
    for (const [days, band] of cases) assert.equal(agingBand(days), band, String(days));
  });

  void it('weights each row by (1 - p_denial) and its aging band', () => {
    assert.deepEqual(
      CURRENT.map(weightedRecoverableCents),
      [80000, 20000, 40000, 10000, 30000, 4000, 5000, 10000],
    );
  });

  void it('scores buckets by their share of weighted recoverable amount', () => {
    const s = summarise(CURRENT);
    assert.deepEqual(
      s.map((b) => [
        b.rank,
        b.bucket,
        b.rows,
        b.deniedAmountCents,
        b.expectedRecoverableCents,
        b.weightedRecoverableCents,
      ]),
      [
        [1, 'coding_modifier', 2, 150000, 105000, 100000],
        [2, 'medical_necessity', 2, 210000, 90000, 45000],
        [3, 'authorization', 2, 40000, 35000, 34000],
        [4, 'timely_filing', 2, 440000, 80000, 20000],
      ],
    );
    assert.deepEqual(
      s.map((b) => b.priorityScore),
      [100000 / 199000, 45000 / 199000, 34000 / 199000, 20000 / 199000],
    );
  });

  void it('sums aging bands by denied amount', () => {
    assert.deepEqual(
      agingBands(CURRENT).map((b) => [
        b.band,
        b.weight,
        b.rows,
        b.deniedAmountCents,
        b.weightedRecoverableCents,
      ]),
      [
        ['<=30', 1, 2, 130000, 110000],
        ['31-60', 0.8, 2, 60000, 24000],
        ['61-90', 0.5, 2, 210000, 45000],
        ['>90', 0.25, 2, 440000, 20000],
      ],
    );
    assert.equal(agingBands(CURRENT)[3]!.shareOfDenied, 440000 / 840000);
    assert.deepEqual(
      agingBands([]).map((b) => b.shareOfDenied),
      [0, 0, 0, 0],
    );
  });

  void it('ranks the workqueue by weighted amount, then larger amount, then age, then claim id', () => {
    assert.deepEqual(
      topRows(CURRENT, 8).map((r) => `${r.rank}:${r.clmId}`),
      ['1:C1', '2:C3', '3:C5', '4:C2', '5:C4', '6:C8', '7:C7', '8:C6'],
    );
    assert.deepEqual(
      topRows(CURRENT, 2).map((r) => r.clmId),
      ['C1', 'C3'],
    );
  });
});
