import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DATE_LAYOUTS, daysBetween, parseDate, type DateLayout } from '../../src/ingest/dates.js';

/** Asserts parseDate over a table of [text, expected] rows with one list of layouts. */
function assertTable(
  layouts: readonly DateLayout[],
  rows: readonly (readonly [string, string | null])[],
): void {
  for (const [text, expected] of rows) {
    assert.equal(parseDate(text, layouts), expected, `${JSON.stringify(text)} with ${layouts.join(', ')}`);
  }
}

void describe('parseDate', () => {
  void it('reads YYYY-MM-DD, with spaces around the dashes and a time part', () => {
    assertTable(
      ['YYYY-MM-DD'],
      [
        ['2025-07-01', '2025-07-01'],
        ['2025-7-1', '2025-07-01'],
        ['2025 -07-01', '2025-07-01'],
        ['2025 - 07 - 01', '2025-07-01'],
        ['2025-07-01T10:00:00Z', '2025-07-01'],
        ['2025-07-01T10:00:00', '2025-07-01'],
        ['2025-07-01T10:00', '2025-07-01'],
        ['2025-07-01 10:00:00', '2025-07-01'],
        ['2025-07-01 10:00:00Z', '2025-07-01'],
        ['2025-07-01T10:00:00.123Z', '2025-07-01'],
        // The date part is taken as written: no shift to UTC.
        ['2025-07-01T23:30:00-05:00', '2025-07-01'],
        ['2025-07-01T00:30:00+0200', '2025-07-01'],
        ['2025-12-31', '2025-12-31'],
        ['1900-01-01', '1900-01-01'],
        ['2999-12-31', '2999-12-31'],
        ['07/01/2025', null],
        ['20250701', null],
        ['2025-07-01x', null],
        [' 2025-07-01', null],
        ['2025-07-01T', null],
        ['2025/07/01', null],
        ['25-07-01', null],
        ['', null],
      ],
    );
  });

  void it('reads MM/DD/YYYY, with spaces around the slashes and a time part', () => {
    assertTable(
      ['MM/DD/YYYY'],
      [
        ['07/01/2025', '2025-07-01'],
        ['7/1/2025', '2025-07-01'],
        ['12/31/2025', '2025-12-31'],
        ['07 / 01 / 2025', '2025-07-01'],
        ['07/01/2025 10:00', '2025-07-01'],
        ['07/01/2025 10:00:59', '2025-07-01'],
        ['31/12/2025', null],
        ['07/01/25', null],
        ['2025-07-01', null],
        ['07/01/2025T10:00', null],
      ],
    );
  });

  void it('reads DD/MM/YYYY', () => {
    assertTable(
      ['DD/MM/YYYY'],
      [
        ['01/07/2025', '2025-07-01'],
        ['31/12/2025', '2025-12-31'],
        ['1/7/2025 08:15', '2025-07-01'],
        ['12/31/2025', null],
      ],
    );
  });

  void it('reads YYYYMMDD with exactly eight digits', () => {
    assertTable(
      ['YYYYMMDD'],
      [
        ['20250701', '2025-07-01'],
        ['20241231', '2024-12-31'],
        ['2025071', null],
        ['202507011', null],
        ['2025-07-01', null],
        ['20251301', null],
      ],
    );
  });

  void it('returns null for dates that do not exist, whichever layout reads them', () => {
    assertTable(DATE_LAYOUTS, [
      ['2025-02-29', null],
      ['2024-02-29', '2024-02-29'],
      ['2000-02-29', '2000-02-29'],
      ['2100-02-29', null],
      ['1900-02-29', null],
      ['2025-02-30', null],
      ['2025-04-31', null],
      ['2025-13-40', null],
      ['2025-00-10', null],
      ['2025-01-00', null],
      ['1899-12-31', null],
      ['3000-01-01', null],
      ['00/10/2025', null],
      ['13/13/2025', null],
      ['02/29/2025', null],
      ['02/29/2024', '2024-02-29'],
      ['20250229', null],
      ['20240229', '2024-02-29'],
    ]);
  });

  void it('takes the first layout that reads a real date', () => {
    const rows: readonly (readonly [readonly DateLayout[], string, string | null])[] = [
      [['MM/DD/YYYY', 'DD/MM/YYYY'], '03/04/2025', '2025-03-04'],
      [['DD/MM/YYYY', 'MM/DD/YYYY'], '03/04/2025', '2025-04-03'],
      // Month 13 is impossible as MM/DD, so the next layout reads it.
      [['MM/DD/YYYY', 'DD/MM/YYYY'], '13/04/2025', '2025-04-13'],
      [['DD/MM/YYYY', 'MM/DD/YYYY'], '04/13/2025', '2025-04-13'],
      [['YYYY-MM-DD', 'MM/DD/YYYY'], '07/01/2025', '2025-07-01'],
      [['YYYY-MM-DD'], '07/01/2025', null],
      [[], '2025-07-01', null],
    ];
    for (const [layouts, text, expected] of rows) {
      assert.equal(parseDate(text, layouts), expected, `${text} with ${layouts.join(', ')}`);
    }
  });
});

void describe('daysBetween', () => {
  void it('counts whole days, across months, leap days and a DST change', () => {
    const rows: readonly (readonly [string, string, number])[] = [
      ['2025-07-01', '2025-07-01', 0],
      ['2025-07-01', '2025-07-02', 1],
      ['2025-07-02', '2025-07-01', -1],
      ['2025-01-31', '2025-03-01', 29],
      ['2024-01-31', '2024-03-01', 30],
      ['2025-03-01', '2025-03-31', 30],
      ['2024-01-01', '2025-01-01', 366],
      ['2025-01-01', '2026-01-01', 365],
      ['2025-10-20', '2025-11-10', 21],
    ];
    for (const [from, to, days] of rows) assert.equal(daysBetween(from, to), days, `${from} → ${to}`);
  });
});
