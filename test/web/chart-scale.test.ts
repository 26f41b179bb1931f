import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayNumber, niceTicks, runs, tickIndexes } from '../../web/src/components/chart/scale.js';

void describe('the chart scales', () => {
  void it('ticks the y axis in steps of 1, 2 or 5 times a power of ten, up to at least the maximum', () => {
    const cases: [number, number[]][] = [
      [6, [0, 2, 4, 6]],
      [7, [0, 2, 4, 6, 8]],
      [3, [0, 1, 2, 3]],
      [0.111, [0, 0.05, 0.1, 0.15]],
      [0.5, [0, 0.2, 0.4, 0.6]],
      [17_900, [0, 5000, 10_000, 15_000, 20_000]],
      [0, [0, 1]],
    ];
    for (const [max, ticks] of cases) assert.deepEqual(niceTicks(max), ticks, String(max));
  });

  void it('breaks a line where a value is missing or a week is skipped, so gaps show as gaps', () => {
    const days = ['2024-01-01', '2024-01-08', '2024-01-22', '2024-01-29', '2024-02-05'].map(dayNumber);
    assert.deepEqual(runs(days, [0.1, 0.2, 0.1, null, 0.3], 7), [[0, 1], [2], [4]]);
    assert.deepEqual(runs(days, [0.1, 0.2, 0.1, 0.2, 0.3], 7), [
      [0, 1],
      [2, 3, 4],
    ]);
    assert.deepEqual(runs([], [], 7), []);
  });

  void it('labels about n of many x positions, always the first and the last', () => {
    assert.deepEqual(tickIndexes(5, 8), [0, 1, 2, 3, 4]);
    assert.deepEqual(tickIndexes(30, 8), [0, 5, 10, 15, 20, 25, 29]);
  });
});
