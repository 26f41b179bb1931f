import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readCsv } from '../../src/ingest/formats/csv.js';
import { CsvCutter, NdjsonCutter, type Cut } from '../../src/ingest/formats/cut.js';
import { readNdjson } from '../../src/ingest/formats/ndjson.js';
import { chunksOf, splitAt } from '../support/chunks.js';

function cutAll(
  cutter: { push(chunk: string): Cut | null; end(): Cut | null },
  parts: readonly string[],
): Cut[] {
  const cuts: Cut[] = [];
  for (const part of parts) {
    const cut = cutter.push(part);
    if (cut) cuts.push(cut);
  }
  const last = cutter.end();
  if (last) cuts.push(last);
  return cuts;
}

/** Records as the CSV reader and the row rules count them: a record of one empty cell is blank. */
async function csvRecords(text: string, singleColumn: boolean): Promise<{ line: number }[]> {
  const out: { line: number }[] = [];
  for await (const lines of readCsv(chunksOf([text])))
    for (const { line, cells } of lines) {
      if (!singleColumn && cells.length === 1 && cells[0] === '') continue;
      out.push({ line });
    }
  return out;
}

void describe('CsvCutter', () => {
  void it('cuts after the last whole record and counts records, not blank lines', () => {
    const cutter = new CsvCutter(false);
    assert.deepEqual(cutter.push('a,b\n\n"x\ny",z\r\n""\nlast,'), {
      text: 'a,b\n\n"x\ny",z\r\n""\n',
      firstLine: 1,
      records: 2,
    });
    assert.deepEqual(cutter.push('one'), null);
    assert.deepEqual(cutter.end(), { text: 'last,one', firstLine: 6, records: 1 });
  });

  void it('counts a blank line as a record when the file has one column', () => {
    const cutter = new CsvCutter(true);
    assert.equal(cutter.push('a\n\nb\n')?.records, 3);
  });

  void it('refuses a quote left open at the end, naming the line it opened on', () => {
    const cutter = new CsvCutter(false);
    cutter.push('a,b\n"open,\nstill');
    assert.throws(() => cutter.end(), /unterminated quoted field starting on line 2/);
  });

  void it('agrees with the CSV reader on any text cut into any chunks', async () => {
    const text = fc
      .array(fc.constantFrom('a', ',', '"', '""', '\n', '\r\n', ' '), { maxLength: 40 })
      .map((units) => units.join(''));
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.array(fc.nat(60), { maxLength: 6 }),
        fc.boolean(),
        async (csv, offsets, singleColumn) => {
          const quotes = csv.split('"').length - 1;
          fc.pre(quotes % 2 === 0);
          const cuts = cutAll(
            new CsvCutter(singleColumn),
            splitAt(
              csv,
              offsets.map((o) => Math.min(o, csv.length)),
            ),
          );
          assert.equal(cuts.map((c) => c.text).join(''), csv);
          const expected = await csvRecords(csv, singleColumn);
          assert.equal(
            cuts.reduce((n, c) => n + c.records, 0),
            expected.length,
          );
          // Each cut, read on its own from its first line, gives the same records as the whole.
          const lines: number[] = [];
          for (const cut of cuts)
            for (const r of await csvRecords(cut.text, singleColumn)) lines.push(r.line + cut.firstLine - 1);
          assert.deepEqual(
            lines,
            expected.map((r) => r.line),
          );
        },
      ),
      { numRuns: 400 },
    );
  });
});

void describe('NdjsonCutter', () => {
  void it('agrees with the NDJSON reader on any text cut into any chunks', async () => {
    const text = fc
      .array(fc.constantFrom('{}', '1', ' ', '\t', '\n', '\r\n', '\u00a0', '\u2028'), { maxLength: 30 })
      .map((units) => units.join(''));
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(40), { maxLength: 6 }), async (ndjson, offsets) => {
        const cuts = cutAll(
          new NdjsonCutter(),
          splitAt(
            ndjson,
            offsets.map((o) => Math.min(o, ndjson.length)),
          ),
        );
        const expected: number[] = [];
        for await (const lines of readNdjson(chunksOf([ndjson])))
          for (const l of lines) expected.push(l.line);
        assert.equal(
          cuts.reduce((n, c) => n + c.records, 0),
          expected.length,
        );
        const lines: number[] = [];
        for (const cut of cuts)
          for await (const batch of readNdjson(chunksOf([cut.text])))
            for (const l of batch) lines.push(l.line + cut.firstLine - 1);
        assert.deepEqual(lines, expected);
      }),
      { numRuns: 300 },
    );
  });
});
