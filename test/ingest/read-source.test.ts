import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { ReclaimError, type ErrorCode } from '../../src/errors.js';
import { loadProfile } from '../../src/ingest/profile.js';
import {
  checksumOf,
  decodeUtf8,
  formatOf,
  openSource,
  readSource,
  type RawRow,
  type Rejected,
} from '../../src/ingest/read-source.js';
import { tempDir } from '../support/temp.js';

const alpha = loadProfile('alpha');
const beta = loadProfile('beta');
const dir = tempDir('reclaim-read-source-');
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `content` to `name` in the temporary directory and returns its path. */
function fileWith(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Everything readSource yields for `path`, flattened. */
async function readAll(path: string, profile = alpha): Promise<(RawRow | Rejected)[]> {
  const items: (RawRow | Rejected)[] = [];
  for await (const batch of readSource(openSource(path, profile), profile)) items.push(...batch);
  return items;
}

/** Asserts that `action` fails with a ReclaimError of `code` whose message matches `message`. */
async function assertReclaimError(
  action: () => unknown,
  code: ErrorCode,
  message: RegExp,
  details?: Record<string, unknown>,
): Promise<void> {
  await assert.rejects(
    async () => action(),
    (error: unknown) => {
      assert.ok(error instanceof ReclaimError, String(error));
      assert.equal(error.code, code);
      assert.match(error.message, message);
      if (details) assert.deepEqual(error.details, details);
      return true;
    },
  );
}

const row = (n: number, ...cells: unknown[]): RawRow => ({ kind: 'row', row: n, cells });

void describe('readSource: CSV', () => {
  void it('maps columns by header name, in any order, ignoring extra columns', async () => {
    const path = fileWith(
      'reordered.csv',
      'status,note,submitted_at,claim_id, denial_reason ,procedure_code,patient_id\n' +
        'denied,x,2025-07-01,C1,"Missing modifier, 25",99213,P1\n' +
        'approved,,07/02/2025,C2,,99214,\n',
    );
    assert.deepEqual(await readAll(path), [
      row(1, 'C1', 'P1', '99213', 'Missing modifier, 25', '2025-07-01', 'denied'),
      row(2, 'C2', '', '99214', '', '07/02/2025', 'approved'),
    ]);
  });

  void it('leaves a field the profile does not map undefined', async () => {
    const sparse = { ...alpha, fields: { claim_id: 'claim_id', status: 'status' } };
    const path = fileWith('sparse.csv', 'status,claim_id,patient_id\ndenied,C1,P1\n');
    assert.deepEqual(await readAll(path, sparse), [
      row(1, 'C1', undefined, undefined, undefined, undefined, 'denied'),
    ]);
  });

  void it('rejects a row with the wrong number of cells, naming its line, and reads on', async () => {
    const path = fileWith(
      'ragged.csv',
      'claim_id,patient_id,procedure_code,denial_reason,submitted_at,status\n' +
        'C1,P1,99213,Missing NPI,2025-07-01,denied\n' +
        '\n' +
        'C2,P2,99213,Missing NPI,2025-07-01\n' +
        'C3,P3,99213,"two\nlines",2025-07-01,denied,extra\n' +
        'C4,P4,99213,Missing NPI,2025-07-01,denied\n',
    );
    assert.deepEqual(await readAll(path), [
      row(1, 'C1', 'P1', '99213', 'Missing NPI', '2025-07-01', 'denied'),
      {
        kind: 'rejected',
        row: 2,
        reason: 'malformed_row',
        detail: 'line 4: 5 cells, the header has 6',
        raw: 'C2,P2,99213,Missing NPI,2025-07-01',
      },
      {
        kind: 'rejected',
        row: 3,
        reason: 'malformed_row',
        detail: 'line 5: 7 cells, the header has 6',
        raw: 'C3,P3,99213,two\nlines,2025-07-01,denied,extra',
      },
      row(4, 'C4', 'P4', '99213', 'Missing NPI', '2025-07-01', 'denied'),
    ]);
  });

  void it('reads a profile delimiter, CRLF line ends and a byte-order mark', async () => {
    const semicolons = { ...alpha, csv: { delimiter: ';' } };
    const path = fileWith(
      'bom.csv',
      '\ufeffclaim_id;patient_id;procedure_code;denial_reason;submitted_at;status\r\n' +
        'C1;P1;99213;"a;b";2025-07-01;denied\r\n',
    );
    assert.deepEqual(await readAll(path, semicolons), [
      row(1, 'C1', 'P1', '99213', 'a;b', '2025-07-01', 'denied'),
    ]);
  });

  void it('names the file and every mapped column missing from the header', async () => {
    const one = fileWith(
      'no-status.csv',
      'claim_id,patient_id,procedure_code,denial_reason,submitted_at\nC1,P1,1,r,d\n',
    );
    await assertReclaimError(
      () => readAll(one),
      'INPUT_INVALID',
      /no-status\.csv: column 'status' named by profile alpha missing from the header$/,
      { file: one, missing: ['status'] },
    );
    const two = fileWith('two-missing.csv', 'claim_id,procedure_code,denial_reason,submitted_at\nC1,1,r,d\n');
    await assertReclaimError(
      () => readAll(two),
      'INPUT_INVALID',
      /two-missing\.csv: columns 'patient_id', 'status' named by profile alpha missing from the header$/,
      { file: two, missing: ['patient_id', 'status'] },
    );
  });

  void it('refuses a header without data rows', async () => {
    const header = 'claim_id,patient_id,procedure_code,denial_reason,submitted_at,status\n';
    for (const [name, text] of [
      ['header-only.csv', header],
      ['header-blank.csv', header + '\n\n'],
    ] as const) {
      const path = fileWith(name, text);
      await assertReclaimError(() => readAll(path), 'INPUT_INVALID', /: a header but no data rows$/, {
        file: path,
      });
    }
  });

  void it('refuses a file holding an unterminated quote, naming the file', async () => {
    const path = fileWith(
      'open-quote.csv',
      'claim_id,patient_id,procedure_code,denial_reason,submitted_at,status\nC1,P1,1,"open,d,denied\n',
    );
    await assertReclaimError(
      () => readAll(path),
      'INPUT_INVALID',
      /open-quote\.csv: unterminated quoted field starting on line 2$/,
      { file: path },
    );
  });
});

void describe('readSource: JSON and NDJSON', () => {
  void it('reads a beta JSON array, rejecting elements that are not objects', async () => {
    const path = fileWith(
      'beta.json',
      JSON.stringify([
        {
          id: 'B1',
          member: 'M1',
          code: 99213,
          error_msg: 'Missing NPI',
          date: '2025-07-01',
          status: 'DENIED',
          x: 1,
        },
        'B2',
        { id: 'B3' },
        [1],
        null,
      ]),
    );
    assert.deepEqual(await readAll(path, beta), [
      row(1, 'B1', 'M1', 99213, 'Missing NPI', '2025-07-01', 'DENIED'),
      {
        kind: 'rejected',
        row: 2,
        reason: 'not_an_object',
        detail: 'element 2: not a JSON object',
        raw: '"B2"',
      },
      row(3, 'B3', undefined, undefined, undefined, undefined, undefined),
      {
        kind: 'rejected',
        row: 4,
        reason: 'not_an_object',
        detail: 'element 4: not a JSON object',
        raw: '[1]',
      },
      {
        kind: 'rejected',
        row: 5,
        reason: 'not_an_object',
        detail: 'element 5: not a JSON object',
        raw: 'null',
      },
    ]);
  });

  void it('rejects an element that is not valid JSON and reads on', async () => {
    const path = fileWith('bad-element.json', '[{"id":"B1"}, {"id": oops}, {"id":"B3"}]');
    const items = await readAll(path, beta);
    assert.deepEqual(items[0], row(1, 'B1', undefined, undefined, undefined, undefined, undefined));
    const { detail, ...rejected } = items[1] as Rejected;
    assert.deepEqual(rejected, { kind: 'rejected', row: 2, reason: 'invalid_json', raw: '{"id": oops}' });
    // Where, never the text around it (V8's message quotes it).
    assert.match(detail, /^element 2: not valid JSON( at character \d+)?$/);
    assert.deepEqual(items[2], row(3, 'B3', undefined, undefined, undefined, undefined, undefined));
  });

  void it('refuses a malformed or empty JSON array, naming the file', async () => {
    const rows: readonly (readonly [string, string, RegExp])[] = [
      [
        'truncated.json',
        '[{"id":"B1"},{"id":',
        /truncated\.json: malformed JSON: the JSON array is not closed \(truncated after element 1\)$/,
      ],
      ['object.json', '{"id":"B1"}', /object\.json: malformed JSON: expected a JSON array/],
      [
        'trailing.json',
        '[{"id":"B1"}] []',
        /trailing\.json: malformed JSON: unexpected content after the closing "\]"/,
      ],
      ['empty-array.json', ' [ ] ', /empty-array\.json: the JSON array is empty$/],
    ];
    for (const [name, text, message] of rows) {
      const path = fileWith(name, text);
      await assertReclaimError(() => readAll(path, beta), 'INPUT_INVALID', message, { file: path });
    }
  });

  void it('reads NDJSON line by line: a bad line is rejected with its line number, blank lines skipped', async () => {
    const path = fileWith(
      'beta.ndjson',
      '{"id":"B1","status":"denied"}\r\n\r\n{"id":\n42\n{"id":"B4","member":"M4"}',
    );
    const items = await readAll(path, beta);
    assert.equal(items.length, 4);
    assert.deepEqual(items[0], row(1, 'B1', undefined, undefined, undefined, undefined, 'denied'));
    const { detail, ...rejected } = items[1] as Rejected;
    assert.deepEqual(rejected, { kind: 'rejected', row: 2, reason: 'invalid_json', raw: '{"id":' });
    assert.match(detail, /^line 3: /);
    assert.deepEqual(items[2], {
      kind: 'rejected',
      row: 3,
      reason: 'not_an_object',
      detail: 'line 4: not a JSON object',
      raw: '42',
    });
    assert.deepEqual(items[3], row(4, 'B4', 'M4', undefined, undefined, undefined, undefined));
  });

  void it('refuses NDJSON holding only blank lines', async () => {
    const path = fileWith('blank.jsonl', '\n  \n\r\n');
    await assertReclaimError(
      () => readAll(path, beta),
      'INPUT_INVALID',
      /blank\.jsonl: no records \(only blank lines\)$/,
      {
        file: path,
      },
    );
  });
});

void describe('readSource: files of several reads, item for item', () => {
  /** Beta's keys in canonical order. */
  const keys = ['id', 'member', 'code', 'error_msg', 'date', 'status'];

  /** What one JSON record reads as: JSON.parse of its text alone, and its values under the keys. */
  function parsedItem(row: number, text: string, where: string): RawRow | Rejected {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return {
        kind: 'rejected',
        row,
        reason: 'invalid_json',
        detail: `${where}: not valid JSON${/position (\d+)/.test((error as Error).message) ? ` at character ${Number(/position (\d+)/.exec((error as Error).message)![1]) + 1}` : ''}`,
        raw: text,
      };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return {
        kind: 'rejected',
        row,
        reason: 'not_an_object',
        detail: `${where}: not a JSON object`,
        raw: text,
      };
    }
    const record = value as Record<string, unknown>;
    return { kind: 'row', row, cells: keys.map((k) => record[k]) };
  }

  /** 20,000 records: mostly flat, with escapes, nesting, bad and non-object elements among them. */
  function records(): string[] {
    const texts: string[] = [];
    for (let i = 1; i <= 20_000; i++) {
      texts.push(
        JSON.stringify({
          id: `B${i}`,
          member: `P${i % 97}`,
          code: i % 7 === 0 ? 99213 : '99214',
          // Every third reason holds escapes and the characters that end elements.
          error_msg: i % 3 === 0 ? `Missing modifier, see "remark ${i}" ]} \\ [{` : 'Prior auth required',
          date: '2025-07-01',
          status: i % 2 === 0 ? 'DENIED' : ' approved ',
          extra: i,
        }),
      );
    }
    const special: readonly (readonly [number, string])[] = [
      [10_001, '{"id": "B10001", "code": oops}'],
      [10_002, '"just text"'],
      [10_003, '[{"id":"B10003"}]'],
      [10_004, 'null'],
      [10_005, '{"id":"B10005","member":{"nested":[1,2,{"x":"]"}]}}'],
      [10_006, '{"id":"B10006","code":-0.5e2,"status":true, "error_msg": null}'],
      [10_007, '{"id":"B\\u00e9","error_msg":"tab\\tand\\nnewline"}'],
      [10_008, '{"id":"B10008",}'],
      [10_009, '{"id":"é😀 and more than thirteen characters"}'],
      [10_010, '{"id":"tab\there"}'],
      [10_011, '1.5'],
      [15_000, `{"id":"B15000","error_msg":"${'x'.repeat(1 << 20)}"}`],
    ];
    for (const [i, text] of special) texts[i - 1] = text;
    return texts;
  }

  void it('reads a JSON array of records as JSON.parse reads each on its own', async () => {
    const texts = records();
    // Record separators vary, so that elements start and end at every kind of offset.
    const separators = [', ', ',\n  ', ',', ' ,\r\n\t'];
    const text = `[\n  ${texts.map((t, i) => (i === 0 ? t : separators[i % 4] + t)).join('')}\n]\n`;
    const path = fileWith('large.json', text);
    const items = await readAll(path, beta);
    assert.equal(items.length, texts.length);
    const expected = texts.map((t, i) => parsedItem(i + 1, t, `element ${i + 1}`));
    for (let i = 0; i < texts.length; i++) assert.deepEqual(items[i], expected[i], `element ${i + 1}`);
    // The special ones, spelled out.
    assert.match((items[10_000] as Rejected).detail, /^element 10001: not valid JSON/);
    assert.deepEqual(
      [10_002, 10_003, 10_004, 10_011].map((n) => [items[n - 1]!.kind, (items[n - 1] as Rejected).reason]),
      [
        ['rejected', 'not_an_object'],
        ['rejected', 'not_an_object'],
        ['rejected', 'not_an_object'],
        ['rejected', 'not_an_object'],
      ],
    );
    assert.deepEqual((items[10_004] as RawRow).cells[1], { nested: [1, 2, { x: ']' }] });
    assert.deepEqual((items[10_005] as RawRow).cells, ['B10006', undefined, -50, null, undefined, true]);
    assert.deepEqual((items[10_006] as RawRow).cells[0], 'Bé');
    assert.equal((items[10_007] as Rejected).reason, 'invalid_json');
    assert.equal((items[10_009] as Rejected).reason, 'invalid_json');
    assert.equal(((items[14_999] as RawRow).cells[3] as string).length, 1 << 20);
  });

  void it('reads the same records as NDJSON, line by line', async () => {
    const texts = records().filter((t) => !t.includes('\n'));
    texts.push('{"id":"B1"} trailing', '{"id":"B2"}{"id":"B3"}', '  {"id":"B4"}  ');
    const path = fileWith('large.ndjson', texts.join('\r\n'));
    const items = await readAll(path, beta);
    const expected = texts.map((t, i) => parsedItem(i + 1, t.trim(), `line ${i + 1}`));
    assert.equal(items.length, expected.length);
    for (let i = 0; i < texts.length; i++) assert.deepEqual(items[i], expected[i], `line ${i + 1}`);
    assert.equal(items.at(-1)!.kind, 'row');
  });

  /** A CSV export of 30,000 records with the given columns, and the items it reads as. */
  function csvExport(columns: readonly string[]): { text: string; items: (RawRow | Rejected)[] } {
    const reasons = ['Missing modifier', 'a, b', 'say "no"', 'two\r\nlines, and "more"', '', 'é😀'];
    const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
    let text = columns.join(',') + '\r\n';
    let line = 2;
    let row = 0;
    const items: (RawRow | Rejected)[] = [];
    for (let i = 1; i <= 30_000; i++) {
      if (i % 777 === 0) {
        text += '\r\n'; // a blank line: not a record
        line++;
      }
      const byField: Record<string, string> = {
        claim_id: `C${i}`,
        patient_id: `P${i % 101}`,
        procedure_code: '99213',
        denial_reason: reasons[i % reasons.length]!,
        submitted_at: '2025-07-01',
        status: 'denied',
        note: `n${i}`,
      };
      const cells = columns.map((c) => byField[c]!);
      // Every 1,000th record has a cell too many.
      if (i % 1000 === 0) cells.push('extra');
      row++;
      items.push(
        i % 1000 === 0
          ? {
              kind: 'rejected',
              row,
              reason: 'malformed_row',
              detail: `line ${line}: ${cells.length} cells, the header has ${columns.length}`,
              raw: cells.join(','),
            }
          : {
              kind: 'row',
              row,
              cells: [
                'claim_id',
                'patient_id',
                'procedure_code',
                'denial_reason',
                'submitted_at',
                'status',
              ].map((f) => byField[f]),
            },
      );
      const record = cells.map(quote).join(',');
      text += record + '\r\n';
      line += record.split('\n').length;
    }
    return { text, items };
  }

  void it('reads a CSV export as a split of each record, whatever the order and number of columns', async () => {
    const orders = [
      ['claim_id', 'patient_id', 'procedure_code', 'denial_reason', 'submitted_at', 'status'],
      ['status', 'note', 'submitted_at', 'claim_id', 'denial_reason', 'procedure_code', 'patient_id'],
      ['claim_id', 'patient_id', 'procedure_code', 'denial_reason', 'submitted_at', 'status', 'note'],
    ];
    for (const [i, columns] of orders.entries()) {
      const { text, items } = csvExport(columns);
      assert.ok(text.length > 1 << 20);
      const read = await readAll(fileWith(`large-${i}.csv`, text), alpha);
      assert.equal(read.length, items.length);
      for (let k = 0; k < items.length; k++)
        assert.deepEqual(read[k], items[k], `${columns[0]}: item ${k + 1}`);
    }
  });
});

void describe('decodeUtf8', () => {
  void it('decodes as one TextDecoder over all the bytes would, however they are cut into reads', async () => {
    const piece = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom([0x41], [0x0a], [0x22], [0x7f]) },
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          [0xc3, 0xa9], // é
          [0xe2, 0x82, 0xac], // €
          [0xf0, 0x9f, 0x98, 0x80], // 😀
          [0xef, 0xbb, 0xbf], // a byte-order mark
          [0x80], // invalid: a continuation byte alone, a lead byte alone or cut short, a surrogate
          [0xff],
          [0xc3],
          [0xf0, 0x9f],
          [0xed, 0xa0, 0x80],
        ),
      },
    );
    const bytes = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.flat());
    await fc.assert(
      fc.asyncProperty(
        bytes.chain((b) =>
          fc.tuple(fc.constant(b), fc.array(fc.integer({ min: 0, max: b.length }), { maxLength: 8 })),
        ),
        async ([all, offsets]) => {
          const cuts = [0, ...[...offsets].sort((a, b) => a - b), all.length];
          const reads = cuts.slice(1).map((to, i) => Buffer.from(all.slice(cuts[i], to)));
          async function* buffers() {
            yield* reads;
          }
          const texts: string[] = [];
          for await (const text of decodeUtf8(buffers())) texts.push(text);
          assert.equal(texts.join(''), new TextDecoder().decode(Uint8Array.from(all)));
          // One text per read, and one more only for a character cut off at the very end.
          assert.ok(texts.length === reads.length || texts.length === reads.length + 1);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

void describe('openSource and readSource: the file itself', () => {
  void it('describes a readable file and counts the bytes read', async () => {
    const text =
      'claim_id,patient_id,procedure_code,denial_reason,submitted_at,status\nC1,P1,1,r,2025-07-01,denied\n';
    const path = fileWith('Export.CSV', text);
    const jsonByDefault = { ...alpha, format: 'json' as const };
    const file = openSource(path, jsonByDefault);
    assert.deepEqual(file, { path, name: 'Export.CSV', format: 'csv', sizeBytes: text.length, bytesRead: 0 });
    for await (const batch of readSource(file, jsonByDefault)) assert.equal(batch.length, 1);
    assert.equal(file.bytesRead, text.length);
  });

  void it('reports a missing file as INPUT_NOT_FOUND', async () => {
    const path = join(dir, 'absent.csv');
    await assertReclaimError(() => openSource(path, alpha), 'INPUT_NOT_FOUND', /absent\.csv: no such file$/, {
      file: path,
    });
  });

  void it('refuses an empty file and a directory', async () => {
    const empty = fileWith('empty.csv', '');
    await assertReclaimError(
      () => openSource(empty, alpha),
      'INPUT_INVALID',
      /empty\.csv: the file is empty$/,
      {
        file: empty,
      },
    );
    const folder = join(dir, 'folder.csv');
    mkdirSync(folder);
    await assertReclaimError(
      () => openSource(folder, alpha),
      'INPUT_INVALID',
      /folder\.csv: not a regular file$/,
    );
  });

  void it('refuses binary content in every format, naming the file', async () => {
    const bytes = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x0a, 0x63, 0x6c]);
    for (const name of ['sheet.csv', 'sheet.json', 'sheet.ndjson']) {
      const path = fileWith(name, bytes);
      await assertReclaimError(
        () => readAll(path, alpha),
        'INPUT_INVALID',
        new RegExp(`${name.replace('.', '\\.')}: this is a binary file, not a text export$`),
        { file: path },
      );
    }
  });

  void it('keeps a U+FEFF that falls at the start of a later read', async () => {
    const start = 'claim_id,patient_id,procedure_code,denial_reason,submitted_at,status\nC1,P1,1,';
    const padding = 'x'.repeat((1 << 20) - Buffer.byteLength(start));
    const path = fileWith('big.csv', `${start}${padding}\ufeffend,2025-07-01,denied\n`);
    const [first] = await readAll(path);
    const reason = first?.kind === 'row' ? String(first.cells[3]) : '';
    // Compared by length and tail: a failure message quoting a 1 MiB string is unreadable.
    assert.equal(reason.length, padding.length + 4);
    assert.equal(reason.slice(-4), '\ufeffend');
  });
});

void describe('formatOf', () => {
  void it('picks the format from the extension, else from the profile', () => {
    const rows: readonly (readonly [string, 'csv' | 'json' | 'ndjson', 'csv' | 'json' | 'ndjson'])[] = [
      ['a.csv', 'json', 'csv'],
      ['a.CSV', 'json', 'csv'],
      ['a.json', 'csv', 'json'],
      ['dir.csv/a.Json', 'csv', 'json'],
      ['a.ndjson', 'csv', 'ndjson'],
      ['a.jsonl', 'json', 'ndjson'],
      ['a.txt', 'json', 'json'],
      ['a.tsv', 'csv', 'csv'],
      ['export', 'ndjson', 'ndjson'],
      ['.csv', 'json', 'json'],
    ];
    for (const [path, declared, expected] of rows) {
      assert.equal(formatOf(path, { ...alpha, format: declared }), expected, path);
    }
  });
});

void describe('checksumOf', () => {
  void it('is the SHA-256 of the bytes', async () => {
    const rows: readonly (string | Uint8Array)[] = ['', 'claim_id\nC1\n', Uint8Array.from([0, 255, 10, 13])];
    for (const [i, content] of rows.entries()) {
      const path = fileWith(`checksum-${i}.bin`, content);
      const expected = createHash('sha256').update(readFileSync(path)).digest('hex');
      assert.equal(await checksumOf(path), expected);
    }
    assert.equal(
      await checksumOf(fileWith('abc.txt', 'abc')),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  void it('covers files larger than one read', async () => {
    const bytes = Buffer.alloc(3 * (1 << 20) + 7, 'ab');
    const path = fileWith('large.bin', bytes);
    assert.equal(await checksumOf(path), createHash('sha256').update(bytes).digest('hex'));
  });
});
