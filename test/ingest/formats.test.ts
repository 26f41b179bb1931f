import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readCsv, type CsvLine } from '../../src/ingest/formats/csv.js';
import {
  elementText,
  FlatObjectReader,
  JsonStructureError,
  readJsonArray,
} from '../../src/ingest/formats/json-array.js';
import { readNdjson, type NdjsonLine } from '../../src/ingest/formats/ndjson.js';
import { chunksOf, splitAt } from '../support/chunks.js';

/** Every item of every batch a reader yields, in order. */
async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const items: T[] = [];
  for await (const batch of batches) items.push(...batch);
  return items;
}

/** Every way to feed `text`: whole, cut once at each offset, and one character at a time. */
function chunkings(text: string): string[][] {
  const ways = [[text], [...text]];
  for (let at = 0; at <= text.length; at++) ways.push(splitAt(text, [at]));
  return ways;
}

/** Random cut points into a text of `length` characters. */
const offsetsInto = (length: number) => fc.array(fc.integer({ min: 0, max: length }), { maxLength: 12 });

const csv = (parts: readonly string[], delimiter?: string) => collect(readCsv(chunksOf(parts), delimiter));
/** An element as the JSON array reader delimits it: its 1-based index and its text on its own. */
interface JsonElement {
  readonly index: number;
  readonly text: string;
}

/** What JSON.parse gives under each key for an object's text (undefined for an undefined key). */
function parsedValues(keys: readonly (string | undefined)[], text: string): unknown[] {
  const record = JSON.parse(text) as Record<string, unknown>;
  return keys.map((k) => (k === undefined ? undefined : record[k]));
}

/**
 * The elements of every batch readJsonArray yields. With keys, elements are offered to a
 * FlatObjectReader, and every element it read is checked against JSON.parse of the element's text.
 */
async function jsonArray(
  parts: readonly string[],
  keys?: readonly (string | undefined)[],
): Promise<JsonElement[]> {
  const elements: JsonElement[] = [];
  for await (const batch of readJsonArray(chunksOf(parts), keys && new FlatObjectReader(keys))) {
    assert.equal(batch.starts.length, batch.ends.length);
    assert.equal(batch.starts.length, batch.values.length);
    for (let k = 0; k < batch.starts.length; k++) {
      const text = elementText(batch, k);
      const values = batch.values[k];
      if (values !== null) assert.deepEqual(values, parsedValues(keys!, text), text);
      elements.push({ index: batch.first + k, text });
    }
  }
  return elements;
}

/** Keys for the reader in these tests: one unmapped field, one key shared by two fields. */
const KEYS = ['id', 'n', undefined, 'a', 'id'] as const;
const ndjson = (parts: readonly string[]) => collect(readNdjson(chunksOf(parts)));

const CSV_CASES: readonly { name: string; text: string; records: CsvLine[] }[] = [
  {
    name: 'plain lines',
    text: 'id,reason\nC1,Missing modifier\nC2,\n',
    records: [
      { line: 1, cells: ['id', 'reason'] },
      { line: 2, cells: ['C1', 'Missing modifier'] },
      { line: 3, cells: ['C2', ''] },
    ],
  },
  {
    name: 'a quoted field holding the delimiter',
    text: 'id,reason,status\nC1,"Missing modifier, 25",denied\n',
    records: [
      { line: 1, cells: ['id', 'reason', 'status'] },
      { line: 2, cells: ['C1', 'Missing modifier, 25', 'denied'] },
    ],
  },
  {
    name: 'doubled quotes inside a quoted field, and an empty quoted field',
    text: 'C1,"Payer said ""no""",""\n"""",x\n',
    records: [
      { line: 1, cells: ['C1', 'Payer said "no"', ''] },
      { line: 2, cells: ['"', 'x'] },
    ],
  },
  {
    name: 'line breaks inside quotes (the record keeps the line it starts on)',
    text: 'id,note\nC1,"first\nsecond\n\nfourth",x\nC2,"a,\nb"\nC3,plain\n',
    records: [
      { line: 1, cells: ['id', 'note'] },
      { line: 2, cells: ['C1', 'first\nsecond\n\nfourth', 'x'] },
      { line: 6, cells: ['C2', 'a,\nb'] },
      { line: 8, cells: ['C3', 'plain'] },
    ],
  },
  {
    name: 'CRLF line ends',
    text: 'id,status\r\nC1,denied\r\nC2,"x, y"\r\n',
    records: [
      { line: 1, cells: ['id', 'status'] },
      { line: 2, cells: ['C1', 'denied'] },
      { line: 3, cells: ['C2', 'x, y'] },
    ],
  },
  {
    name: 'no newline after the last record',
    text: 'id,status\nC1,denied',
    records: [
      { line: 1, cells: ['id', 'status'] },
      { line: 2, cells: ['C1', 'denied'] },
    ],
  },
  {
    name: 'a last record ending in a lone CR',
    text: 'id,status\r\nC1,"denied"\r',
    records: [
      { line: 1, cells: ['id', 'status'] },
      { line: 2, cells: ['C1', 'denied'] },
    ],
  },
  {
    name: 'blank lines, kept as one empty cell',
    text: 'a\n\nb\r\n\r\n',
    records: [
      { line: 1, cells: ['a'] },
      { line: 2, cells: [''] },
      { line: 3, cells: ['b'] },
      { line: 4, cells: [''] },
    ],
  },
  {
    name: 'a CR that does not end a line',
    text: 'a\rb,c\n',
    records: [{ line: 1, cells: ['a\rb', 'c'] }],
  },
  {
    name: 'quoted and plain lines mixed, a quoted field running over lines, and a last line without a newline',
    text: 'a,b\r\n"x",y\r\nc,d\r\n"multi\r\nline, with ""quotes""",z\r\ne,f\r\n"g"\r\nh,"i\n"',
    records: [
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x', 'y'] },
      { line: 3, cells: ['c', 'd'] },
      { line: 4, cells: ['multi\r\nline, with "quotes"', 'z'] },
      { line: 6, cells: ['e', 'f'] },
      { line: 7, cells: ['g'] },
      { line: 8, cells: ['h', 'i\n'] },
    ],
  },
  { name: 'no text at all', text: '', records: [] },
];

void describe('readCsv', () => {
  for (const { name, text, records } of CSV_CASES) {
    void it(`reads ${name}, however the text is cut into chunks`, async () => {
      for (const parts of chunkings(text)) {
        assert.deepEqual(await csv(parts), records, JSON.stringify(parts));
      }
    });
  }

  void it('splits on the delimiter it is given', async () => {
    assert.deepEqual(await csv(['id;reason;x\nC1;"a;b";"c,d"\n'], ';'), [
      { line: 1, cells: ['id', 'reason', 'x'] },
      { line: 2, cells: ['C1', 'a;b', 'c,d'] },
    ]);
    assert.deepEqual(await csv(['a\tb,c\n'], '\t'), [{ line: 1, cells: ['a', 'b,c'] }]);
  });

  void it('reads back any table written by RFC 4180 rules, in chunks cut at random', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '9', ' ', ',', '"', '\n', 'é', '😀') });
    const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
    const encoded = fc
      .tuple(table, fc.constantFrom('\n', '\r\n'), fc.boolean())
      .map(([rows, newline, quoteAll]) => {
        let text = '';
        const lines: number[] = [];
        for (const row of rows) {
          lines.push(text.split('\n').length);
          const cells = row.map((c) => (quoteAll || /[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c));
          text += cells.join(',') + newline;
        }
        return { rows, lines, text };
      });
    await fc.assert(
      fc.asyncProperty(
        encoded.chain((e) => fc.tuple(fc.constant(e), offsetsInto(e.text.length))),
        async ([{ rows, lines, text }, offsets]) => {
          const expected = rows.map((cells, i) => ({ line: lines[i], cells }));
          assert.deepEqual(await csv(splitAt(text, offsets)), expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  void it('throws on a quote left open at the end of the input, naming the line it opened on', async () => {
    const rows: readonly (readonly [string, RegExp])[] = [
      ['id,note\nC1,"never closed\nmore\n', /^unterminated quoted field starting on line 2$/],
      ['"', /starting on line 1$/],
      ['a\nb\nc,"x""\n', /starting on line 3$/],
    ];
    for (const [text, message] of rows) {
      for (const parts of chunkings(text)) await assert.rejects(csv(parts), { message });
    }
  });

  void it('keeps a CRLF inside a quoted field as written (RFC 4180)', {}, async () => {
    assert.deepEqual(await csv(['C1,"one\r\ntwo"\r\n']), [{ line: 1, cells: ['C1', 'one\r\ntwo'] }]);
  });
});

const JSON_CASES: readonly { name: string; text: string; texts: string[] }[] = [
  { name: 'an empty array', text: '[]', texts: [] },
  { name: 'an empty array with spaces', text: ' \n[ \r\n\t]\n ', texts: [] },
  {
    name: 'objects, taken verbatim',
    text: '[{"id":"C1","n":1},\n  { "id" : "C2" }]',
    texts: ['{"id":"C1","n":1}', '{ "id" : "C2" }'],
  },
  {
    name: 'scalars, trimmed',
    text: '[ 1, -2.5e3 ,"a",true, false,null ]',
    texts: ['1', '-2.5e3', '"a"', 'true', 'false', 'null'],
  },
  {
    name: 'nested arrays and objects',
    text: '[[1,[2,[]]],{"a":{"b":[{"c":{}}]}},[],{}]',
    texts: ['[1,[2,[]]]', '{"a":{"b":[{"c":{}}]}}', '[]', '{}'],
  },
  {
    name: 'strings holding braces, brackets, commas and escaped quotes',
    text: String.raw`[{"r":"}]},[{\"x\\"},"\\","a\"]b",{"k\"}":"\u007d"}]`,
    texts: [
      String.raw`{"r":"}]},[{\"x\\"}`,
      String.raw`"\\"`,
      String.raw`"a\"]b"`,
      String.raw`{"k\"}":"\u007d"}`,
    ],
  },
  {
    name: 'unicode outside the BMP',
    text: '[{"n":"José 😀"},"日本"]',
    texts: ['{"n":"José 😀"}', '"日本"'],
  },
];

void describe('readJsonArray', () => {
  for (const { name, text, texts } of JSON_CASES) {
    void it(`reads ${name}, however the text is cut into chunks`, async () => {
      const expected: JsonElement[] = texts.map((t, i) => ({ index: i + 1, text: t }));
      for (const parts of chunkings(text)) {
        assert.deepEqual(await jsonArray(parts), expected, JSON.stringify(parts));
        assert.deepEqual(await jsonArray(parts, KEYS), expected, JSON.stringify(parts));
      }
    });
  }

  void it('hands out element texts that parse to the original elements, in chunks cut at random', async () => {
    const tricky = fc.string({
      unit: fc.constantFrom('{', '}', '[', ']', '"', '\\', ',', ':', ' ', 'a', 'é', '😀'),
    });
    const element = fc.oneof(
      fc.jsonValue(),
      tricky,
      fc.dictionary(tricky, fc.oneof(tricky, fc.integer(), fc.array(tricky), fc.dictionary(tricky, tricky))),
      fc.dictionary(fc.constantFrom('id', 'n', 'a', 'x'), fc.oneof(tricky, fc.double(), fc.boolean())),
    );
    const document = fc
      .tuple(fc.array(element, { maxLength: 8 }), fc.constantFrom(undefined, 2, '\t'))
      .map(([elements, indent]) => JSON.stringify(elements, null, indent));
    await fc.assert(
      fc.asyncProperty(
        document.chain((text) => fc.tuple(fc.constant(text), offsetsInto(text.length))),
        async ([text, offsets]) => {
          const parts = splitAt(text, offsets);
          const elements = await jsonArray(parts);
          assert.deepEqual(
            elements.map((e) => JSON.parse(e.text) as unknown),
            JSON.parse(text),
          );
          assert.deepEqual(
            elements.map((e) => e.index),
            elements.map((_, i) => i + 1),
          );
          assert.deepEqual(await jsonArray(parts, KEYS), elements);
        },
      ),
      { numRuns: 200 },
    );
  });

  void it('throws JsonStructureError on a document that is not one whole array', async () => {
    const rows: readonly (readonly [string, string])[] = [
      ['', 'the file holds no JSON array'],
      [' \n\t', 'the file holds no JSON array'],
      ['{"id":"C1"}', 'expected a JSON array (the file must start with "[")'],
      ['"[1]"', 'expected a JSON array (the file must start with "[")'],
      ['[', 'the JSON array is not closed (truncated after element 0)'],
      ['[{"id":"C1"},{"id":"C2"', 'the JSON array is not closed (truncated after element 1)'],
      ['[{"id":"C1"},', 'the JSON array is not closed (truncated after element 1)'],
      ['[1,2', 'the JSON array is not closed (truncated after element 1)'],
      ['["a]"', 'the JSON array is not closed (truncated after element 0)'],
      ['[{"a":"}"]', 'the JSON array is not closed (truncated after element 0)'],
      ['[1] x', 'unexpected content after the closing "]" (after element 1)'],
      ['[]]', 'unexpected content after the closing "]" (after element 0)'],
      ['[{}][{}]', 'unexpected content after the closing "]" (after element 1)'],
      ['[1,2],', 'unexpected content after the closing "]" (after element 2)'],
    ];
    for (const [text, message] of rows) {
      for (const parts of chunkings(text)) {
        await assert.rejects(jsonArray(parts), (error: unknown) => {
          assert.ok(error instanceof JsonStructureError, String(error));
          assert.equal(error.message, message, text);
          return true;
        });
      }
    }
  });

  void it('reads flat objects on the spot and leaves every other element to JSON.parse', async () => {
    const text =
      '[{"id":"C1","n":1,"a":true}, {"n":-0.5e1,"id":null} ,{}, {"id":"a\\"b"}, {"id":{"x":1}}, ' +
      '{"id":1.}, "s", [1], {"id":"\t"}, {"id":"C3",}, {"id":"C4"}]';
    const batches = [];
    for await (const batch of readJsonArray(chunksOf([text]), new FlatObjectReader(KEYS)))
      batches.push(batch);
    assert.equal(batches.length, 1);
    assert.deepEqual(batches[0]!.values, [
      ['C1', 1, undefined, true, 'C1'],
      [null, -5, undefined, undefined, null],
      [undefined, undefined, undefined, undefined, undefined],
      null, // an escape
      null, // a nested value
      null, // not a JSON number
      null,
      null,
      null, // a tab inside a string (JSON.parse rejects it)
      null, // a trailing comma
      ['C4', undefined, undefined, undefined, 'C4'],
    ]);
  });

  void it("does not accept a '}' as the array's closing bracket", async () => {
    await assert.rejects(jsonArray(['[1, 2}']), JsonStructureError);
  });

  void it('requires exactly one comma between elements', async () => {
    for (const text of ['[1,,2]', '[,1]', '[1,]', '[{"a":1}{"b":2}]']) {
      await assert.rejects(jsonArray([text]), JsonStructureError, text);
    }
  });
});

void describe('FlatObjectReader', () => {
  // Fields read: keys with and without escapes, a key shared by two fields, names that a parsed
  // object inherits from Object.prototype, and an unmapped field.
  const keys = ['id', 'n', 'a"b', '__proto__', 'constructor', undefined, 'id'] as const;
  const space = fc.constantFrom('', ' ', '\n', '\t', '\r\n  ');
  const key = fc.constantFrom('id', 'n', 'x', 'a"b', '__proto__', 'constructor', 'toString', '', 'é😀');
  const scalar = fc.oneof(
    fc.string(),
    fc.constantFrom(
      '}',
      ']',
      ',',
      ':',
      '"',
      '\\',
      '\n',
      '\u2028',
      'é😀',
      'a long text of more than 13 characters',
    ),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
  );
  /** A member's value as JSON text: any JSON value, or a number written in one of JSON's ways. */
  const value = fc.oneof(
    scalar.map((v) => JSON.stringify(v)),
    fc
      .oneof(fc.array(scalar, { maxLength: 2 }), fc.dictionary(fc.string(), scalar, { maxKeys: 2 }))
      .map((v) => JSON.stringify(v)),
    fc.constantFrom('-0', '0.5e-3', '1E+2', '10.25', '-12', '1e400', '123456789012345678901234567890'),
  );
  const object = fc
    .array(fc.tuple(space, key, space, space, value, space), { maxLength: 6 })
    .chain((members) =>
      fc.tuple(
        space,
        fc.constant(members.map(([a, k, b, c, v, d]) => `${a}${JSON.stringify(k)}${b}:${c}${v}${d}`)),
      ),
    )
    .map(([inside, members]) => `{${members.length === 0 ? inside : members.join(',')}}`);

  /** Asserts that whatever the reader reads from text[0] is what JSON.parse reads there. */
  function assertSound(text: string): unknown[] | null {
    const reader = new FlatObjectReader(keys);
    const values = reader.read(text, 0);
    if (values !== null) assert.deepEqual(values, parsedValues(keys, text.slice(0, reader.end)), text);
    return values;
  }

  void it('reads what JSON.parse reads from any JSON object, or leaves it to JSON.parse', () => {
    let read = 0;
    fc.assert(
      fc.property(object, (text) => {
        const reader = new FlatObjectReader(keys);
        const values = reader.read(text, 0);
        if (values === null) return;
        read++;
        assert.equal(reader.end, text.length, text);
        assert.deepEqual(values, parsedValues(keys, text), text);
      }),
      { numRuns: 500 },
    );
    // Not only left to JSON.parse: most generated objects hold no escape and no nested value.
    assert.ok(read > 100, `${read} of 500 read`);
  });

  void it('reads nothing JSON.parse would reject: objects with a character changed, dropped or added', () => {
    const edit = fc.tuple(
      fc.nat(),
      fc.constantFrom('delete', 'insert', 'replace'),
      fc.constantFrom(...'{}[]",:. \t\n0123456789-+eEtrufalsn\\/x\u0000\u001f'.split('')),
    );
    fc.assert(
      fc.property(object, edit, (text, [at, how, ch]) => {
        const i = at % (text.length + 1);
        const edited =
          how === 'delete'
            ? text.slice(0, i) + text.slice(i + 1)
            : how === 'insert'
              ? text.slice(0, i) + ch + text.slice(i)
              : text.slice(0, i) + ch + text.slice(i + 1);
        if (edited.startsWith('{')) assertSound(edited);
      }),
      { numRuns: 2000 },
    );
  });

  void it('reads nothing from an object cut short (the rest of it is in the next chunk)', () => {
    fc.assert(
      fc.property(object, (text) => {
        for (let cut = 1; cut < text.length; cut++) {
          assert.equal(new FlatObjectReader(keys).read(text.slice(0, cut), 0), null, text.slice(0, cut));
        }
      }),
      { numRuns: 200 },
    );
  });

  void it('reads flat objects, with JSON spaces, numbers, literals and repeated keys', () => {
    const reader = new FlatObjectReader(keys);
    const rows: readonly (readonly [string, unknown[]])[] = [
      ['{}', [undefined, undefined, undefined, Object.prototype, Object, undefined, undefined]],
      [
        '{ "id" : "C1" ,\r\n\t"n":-0, "x": true }',
        ['C1', -0, undefined, Object.prototype, Object, undefined, 'C1'],
      ],
      [
        '{"n":1.5e3,"id":"a","id":"b","__proto__":null,"constructor":false}',
        ['b', 1500, undefined, null, false, undefined, 'b'],
      ],
      [
        '{"id":"José 😀 \u2028 x","n":123456789012345678901234567890}',
        [
          'José 😀 \u2028 x',
          123456789012345678901234567890,
          undefined,
          Object.prototype,
          Object,
          undefined,
          'José 😀 \u2028 x',
        ],
      ],
    ];
    for (const [text, values] of rows) {
      assert.deepEqual(reader.read(text, 0), values, text);
      assert.equal(reader.end, text.length, text);
      assert.deepEqual(reader.read(`[${text},1]`, 1), values, text);
      assert.equal(reader.end, text.length + 1, text);
    }
  });

  void it('leaves escapes, control characters, nested values and invalid JSON to JSON.parse', () => {
    const reader = new FlatObjectReader(keys);
    for (const text of [
      '{"id":"a\\"b"}',
      '{"a\\"b":1}',
      '{"id":"\\u0041"}',
      '{"id":"tab\there"}',
      '{"id":"C1","n":{"x":1}}',
      '{"id":"C1","x":[]}',
      '{"id":01}',
      '{"id":1.}',
      '{"id":.5}',
      '{"id":1e}',
      '{"id":+1}',
      '{"id":-}',
      '{"id":tru}',
      '{"id":truex}',
      '{"id":undefined}',
      "{'id':'C1'}",
      '{id:"C1"}',
      '{"id":"C1",}',
      '{,"id":"C1"}',
      '{"id":"C1" "n":1}',
      '{"id" "C1"}',
      '{"id":"C1"]',
      '{"id":"C1"',
      '{"id":\u00a0"C1"}',
    ]) {
      assert.equal(reader.read(text, 0), null, text);
    }
  });
});

void describe('readNdjson', () => {
  const rows: readonly { name: string; text: string; lines: NdjsonLine[] }[] = [
    {
      name: 'skips blank and space-only lines but counts them',
      text: '{"id":"C1"}\n\n   \n{"id":"C2"}\n',
      lines: [
        { line: 1, text: '{"id":"C1"}' },
        { line: 4, text: '{"id":"C2"}' },
      ],
    },
    {
      name: 'drops the CR of CRLF line ends and trims each line',
      text: '{"id":"C1"}\r\n\r\n  {"id":"C2"}\t\r\n',
      lines: [
        { line: 1, text: '{"id":"C1"}' },
        { line: 3, text: '{"id":"C2"}' },
      ],
    },
    {
      name: 'reads a last line without a newline',
      text: '{"id":"C1"}\n\n{"id":"C2"}',
      lines: [
        { line: 1, text: '{"id":"C1"}' },
        { line: 3, text: '{"id":"C2"}' },
      ],
    },
    {
      name: 'leaves JSON validation to the caller',
      text: 'not json\n[1]\n',
      lines: [
        { line: 1, text: 'not json' },
        { line: 2, text: '[1]' },
      ],
    },
    { name: 'yields nothing for blank input', text: '\n \r\n\n', lines: [] },
    { name: 'yields nothing for no input', text: '', lines: [] },
  ];
  for (const { name, text, lines } of rows) {
    void it(`${name}, however the text is cut into chunks`, async () => {
      for (const parts of chunkings(text))
        assert.deepEqual(await ndjson(parts), lines, JSON.stringify(parts));
    });
  }
});
