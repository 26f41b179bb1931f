import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { previousWeekKey, weekEnd, weekKeyOf, weekStart } from '../../src/recovery/weeks.js';

void describe('ISO week keys', () => {
  void it('names the week of a date, across year ends', () => {
    const cases: [string, string][] = [
      ['2024-01-01', '2024-W01'],
      ['2023-01-01', '2022-W52'],
      ['2020-12-31', '2020-W53'],
      ['2021-01-03', '2020-W53'],
      ['2021-01-04', '2021-W01'],
      ['2026-11-22', '2026-W47'],
      ['2026-11-23', '2026-W48'],
    ];
    for (const [date, key] of cases) assert.equal(weekKeyOf(date), key, date);
  });

  void it('finds the Monday, the Sunday and the week before', () => {
    assert.deepEqual([weekStart('2026-W47'), weekEnd('2026-W47')], ['2026-11-16', '2026-11-22']);
    assert.equal(weekStart('2020-W53'), '2020-12-28');
    assert.equal(previousWeekKey('2021-W01'), '2020-W53');
    assert.throws(() => weekStart('2021-W53'), /not a week of 2021/);
    assert.throws(() => weekStart('2026-47'), /expected a week key/);
  });
});
