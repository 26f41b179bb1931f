import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { splitRecord } from '../../src/kpi/delimited.js';
import { normaliseCode, parseDollarsToCents, parseServiceDate } from '../../src/kpi/values.js';

void describe('KPI field readers', () => {
  void it('reads service dates in the DE-SynPUF, RIF and IDR layouts, and refuses impossible ones', () => {
    const cases: [string | undefined, string | null | undefined][] = [
      ['20080229', '2008-02-29'],
      ['27-OCT-1999', '1999-10-27'],
      ['30-May-2015', '2015-05-30'],
      ['2022-01-20', '2022-01-20'],
      ['2023-10-17 22:33:23.849824', '2023-10-17'],
      ['', null],
      ['  ', null],
      ['~', null],
      [undefined, null],
      ['20070229', undefined],
      ['2024-02-30', undefined],
      ['31-XYZ-2020', undefined],
      ['01/02/2024', undefined],
    ];
    for (const [raw, expected] of cases) assert.equal(parseServiceDate(raw), expected, String(raw));
  });

  void it('reads dollar amounts as exact integer cents', () => {
    const cases: [string, number | undefined][] = [
      ['563.36', 56336],
      ['4517.0', 451700],
      ['80', 8000],
      ['0.5', 50],
      ['-1.25', -125],
      ['', 0],
      ['7591.030', 759103],
      ['1.234', undefined],
      ['12a', undefined],
    ];
    for (const [raw, expected] of cases) assert.equal(parseDollarsToCents(raw), expected, raw);
  });

  void it('round-trips any cents value written as dollars', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (cents) => {
        const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
        return parseDollarsToCents(text) === cents;
      }),
    );
  });

  void it('normalises processing-indicator codes: trimmed, upper-cased, blank and ~ are missing', () => {
    assert.deepEqual(['A', ' z ', '', '~', '00', undefined].map(normaliseCode), [
      'A',
      'Z',
      null,
      null,
      '00',
      null,
    ]);
  });

  void it('splits quoted and plain records', () => {
    assert.deepEqual(splitRecord('"A","B,1",C', ','), ['A', 'B,1', 'C']);
    assert.deepEqual(splitRecord('a|b||c', '|'), ['a', 'b', '', 'c']);
    assert.deepEqual(splitRecord('"say ""hi""",x', ','), ['say "hi"', 'x']);
    assert.equal(splitRecord('"open,x', ','), undefined);
  });
});
