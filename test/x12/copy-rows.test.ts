import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../src/corpus/random.js';
import { copyText } from '../../src/db/copy-text.js';
import { CopyRows } from '../../src/ingest/x12/copy-rows.js';

type Cell = string | number | boolean | null | undefined;

// What posted cells hold: codes and account numbers, free text with COPY's special characters,
// a NUL, text beyond ASCII (Latin-1, a CJK character, an emoji's surrogate pair, lone surrogates),
// and numbers of every kind (cents, ids, negatives, zero, fractions, beyond 2^53, not finite).
const PIECES = [
  'ACCT',
  '-',
  '0',
  '99213',
  ' ',
  '\t',
  '\n',
  '\r',
  '\\',
  '\\N',
  '\0',
  'é',
  'Ö',
  '中',
  '😀',
  '\ud800',
  '\udc00',
  '"',
  ',',
];
const NUMBERS = [
  0,
  -0,
  7,
  -7,
  10,
  99,
  100,
  123_456_789,
  -50_00,
  2 ** 53 - 1,
  -(2 ** 53 - 1),
  1.5,
  -0.25,
  1e21,
  2 ** 53,
  NaN,
  Infinity,
  -Infinity,
];

function cells(next: () => number, width: number): Cell[] {
  return Array.from({ length: width }, (): Cell => {
    const kind = next();
    if (kind < 0.1) return null;
    if (kind < 0.15) return undefined;
    if (kind < 0.2) return next() < 0.5;
    if (kind < 0.45) return NUMBERS[Math.floor(next() * NUMBERS.length)]!;
    if (kind < 0.5) return Math.floor(next() * 2e9) - 1e9;
    return Array.from(
      { length: Math.floor(next() * 8) },
      () => PIECES[Math.floor(next() * PIECES.length)],
    ).join('');
  });
}

void describe('X12 CopyRows', () => {
  void it('writes every row byte for byte as the reference text COPY encoder does', () => {
    const random = new Random(837);
    const next = () => random.next();
    const width = 7;
    const rows = new CopyRows(
      'test',
      Array.from({ length: width }, (_, i) => `c${i}`),
      64,
    );
    const expected: Cell[][] = [];
    for (let batch = 0; batch < 20; batch++) {
      for (let i = 0; i < 500; i++) {
        const row = cells(next, width);
        rows.add(row);
        expected.push(row);
      }
      // A batch taken (and the buffer grown from 64 bytes many times over) holds exactly its rows.
      assert.ok(rows.take().equals(Buffer.from(copyText(expected), 'utf8')), `batch ${batch}`);
      expected.length = 0;
    }
    assert.ok(rows.empty);
  });

  void it('refuses a row of the wrong width, naming the table', () => {
    const rows = new CopyRows('billing.remit_line', ['a', 'b']);
    assert.throws(() => rows.add(['x']), /billing\.remit_line: a row of 1 cells for 2 columns/);
  });
});
