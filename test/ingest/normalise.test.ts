import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SENTINELS, clean, dateNormaliser, statusNormaliser } from '../../src/ingest/normalise.js';
import { loadProfile } from '../../src/ingest/profile.js';

const alpha = loadProfile('alpha');

/** A sentinel with each letter upper- or lower-cased at random ('nUlL', 'N/a'). */
const reCasedSentinel = fc
  .constantFrom(...SENTINELS)
  .chain((word) =>
    fc
      .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
      .map((upper) => [...word].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join('')),
  );
/** Whitespace that String.prototype.trim removes, including non-ASCII spaces and the BOM. */
const padding = fc.stringMatching(/^[ \t\r\n\u00a0\u2003\u3000\ufeff]*$/);

void describe('clean', () => {
  void it('maps sentinels, in any case and padding, to null', () => {
    for (const raw of [
      '',
      ' ',
      '\t\n',
      'N/A',
      'n/a',
      ' n/A ',
      'null',
      'NULL',
      'NONE',
      'None',
      'NaN',
      'nan',
      'na',
      'NA',
      '  Na\t',
    ]) {
      assert.equal(clean(raw), null, JSON.stringify(raw));
    }
  });

  void it('trims text and keeps words that only contain a sentinel', () => {
    const rows: readonly (readonly [string, string])[] = [
      ['C123', 'C123'],
      ['  C123 ', 'C123'],
      ['\tMissing modifier\r\n', 'Missing modifier'],
      ['a  b', 'a  b'],
      ['nonexistent', 'nonexistent'],
      ['nan1', 'nan1'],
      ['n / a', 'n / a'],
      ['nulls', 'nulls'],
      ['0', '0'],
      ['-', '-'],
    ];
    for (const [raw, expected] of rows) assert.equal(clean(raw), expected, JSON.stringify(raw));
  });

  void it('writes finite numbers as text and drops every other non-string', () => {
    const rows: readonly (readonly [unknown, string | null])[] = [
      [0, '0'],
      [-0, '0'],
      [42, '42'],
      [99213, '99213'],
      [1.5, '1.5'],
      [-3, '-3'],
      [1e21, '1e+21'],
      [Number.NaN, null],
      [Number.POSITIVE_INFINITY, null],
      [Number.NEGATIVE_INFINITY, null],
      [true, null],
      [false, null],
      [null, null],
      [undefined, null],
      [{}, null],
      [{ value: 'x' }, null],
      [['x'], null],
      [10n, null],
    ];
    for (const [raw, expected] of rows) assert.equal(clean(raw), expected, String(raw));
  });

  void it('never returns text with surrounding whitespace, nor a sentinel', () => {
    const raw = fc.tuple(
      padding,
      fc.oneof(reCasedSentinel, fc.string(), fc.string({ unit: 'grapheme' })),
      padding,
    );
    fc.assert(
      fc.property(raw, ([before, core, after]) => {
        const result = clean(before + core + after);
        if (result === null) return;
        assert.equal(result, result.trim());
        assert.ok(!SENTINELS.has(result.toLowerCase()), JSON.stringify(result));
        assert.equal(result, (before + core + after).trim());
      }),
    );
  });

  void it('returns null for every padded, re-cased sentinel', () => {
    fc.assert(fc.property(padding, reCasedSentinel, padding, (a, word, b) => clean(a + word + b) === null));
  });
});

void describe('statusNormaliser', () => {
  void it('maps the alpha vocabulary to canonical statuses, ignoring case and spacing', () => {
    const status = statusNormaliser(alpha);
    const rows: readonly (readonly [string | null, string | null, boolean])[] = [
      ['DENIED', 'denied', false],
      [' denied ', 'denied', false],
      ['deny', 'denied', false],
      ['Rejected', 'denied', false],
      ['REJECT', 'denied', false],
      ['Approve', 'approved', false],
      ['APPROVED ', 'approved', false],
      ['paid', 'approved', false],
      ['pending', 'pending', false],
      ['In  Process', 'pending', false],
      ['in\tprocess', 'pending', false],
      ['Submitted', 'pending', false],
      ['Appealed', 'appealed', true],
      ['  On   HOLD ', 'on hold', true],
      ['denied!', 'denied!', true],
      [null, null, false],
    ];
    for (const [raw, value, unreadable] of rows) {
      assert.deepEqual(status(raw), { value, unreadable }, JSON.stringify(raw));
    }
  });

  void it('gives the same answer when a value repeats', () => {
    const status = statusNormaliser(alpha);
    assert.deepEqual(status('Deny'), { value: 'denied', unreadable: false });
    assert.deepEqual(status('Deny'), { value: 'denied', unreadable: false });
    assert.deepEqual(status('Weird'), { value: 'weird', unreadable: true });
    assert.deepEqual(status('Weird'), { value: 'weird', unreadable: true });
  });

  void it("uses the profile's own synonyms", () => {
    const status = statusNormaliser({
      ...alpha,
      statusVocabulary: { denied: ['Refused', 'NOT  PAID'], approved: [], pending: ['queued'] },
    });
    assert.deepEqual(status('refused'), { value: 'denied', unreadable: false });
    assert.deepEqual(status('not paid'), { value: 'denied', unreadable: false });
    assert.deepEqual(status('QUEUED'), { value: 'pending', unreadable: false });
    assert.deepEqual(status('denied'), { value: 'denied', unreadable: true });
  });
});

void describe('dateNormaliser', () => {
  void it("reads the profile's layouts and flags text that is not a real date", () => {
    const date = dateNormaliser(alpha);
    const rows: readonly (readonly [string | null, string | null, boolean])[] = [
      ['2025-07-01', '2025-07-01', false],
      ['2025 -07-01', '2025-07-01', false],
      ['2025-07-01T10:00:00Z', '2025-07-01', false],
      ['07/01/2025', '2025-07-01', false],
      ['2024-02-29', '2024-02-29', false],
      ['2025-02-29', null, true],
      ['31/12/2025', null, true],
      ['20250701', null, true],
      ['yesterday', null, true],
      [null, null, false],
    ];
    for (const [raw, value, unreadable] of rows) {
      assert.deepEqual(date(raw), { value, unreadable }, JSON.stringify(raw));
    }
    assert.deepEqual(date('2025-02-29'), { value: null, unreadable: true });
  });

  void it('follows the order of the layouts the profile declares', () => {
    const dayFirst = dateNormaliser({ ...alpha, dateLayouts: ['DD/MM/YYYY', 'YYYYMMDD'] });
    assert.deepEqual(dayFirst('03/04/2025'), { value: '2025-04-03', unreadable: false });
    assert.deepEqual(dayFirst('20250403'), { value: '2025-04-03', unreadable: false });
    assert.deepEqual(dayFirst('2025-04-03'), { value: null, unreadable: true });
  });
});
