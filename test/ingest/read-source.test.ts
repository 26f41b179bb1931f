import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ReclaimError, type ErrorCode } from '../../src/errors.js';
import { loadProfile } from '../../src/ingest/profile.js';
import {
  checksumOf,
  formatOf,
  openSource,
  readSource,
  type RawRow,
  type Rejected,
} from '../../src/ingest/read-source.js';

const alpha = loadProfile('alpha');
const beta = loadProfile('beta');
const dir = mkdtempSync(join(tmpdir(), 'reclaim-read-source-'));
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
    assert.match(detail, /^element 2: Unexpected token/);
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

  void it('keeps a U+FEFF that falls at the start of a later 1 MiB read', async () => {
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
