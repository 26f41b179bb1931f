import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDelimited } from '../../src/kpi/line-file.js';
import { emptyIdrDates, recognise, type IdrDates, type KpiLine } from '../../src/kpi/readers/index.js';

const FIX = 'test/fixtures/kpi/';

/** Reads a fixture the way the loader does, without a database. */
async function readAll(file: string, dates: IdrDates = emptyIdrDates()) {
  const f = await openDelimited(FIX + file);
  const found = recognise(f.header, dates);
  const lines: KpiLine[] = [];
  const errors: string[] = [];
  let records = 0;
  for await (const rec of f.records()) {
    records++;
    if (found.kind === 'dates') {
      const e = found.source.add(rec.fields!, dates);
      if (e) errors.push(e);
    } else if (found.kind === 'lines') {
      const r = found.reader.readRecord(rec.fields!);
      if ('error' in r) errors.push(r.error);
      else lines.push(...r.lines);
    }
  }
  return {
    kind: found.kind,
    layout: found.kind === 'lines' ? found.reader.layout : undefined,
    records,
    lines,
    errors,
  };
}

const codes = (lines: readonly KpiLine[]) => {
  const out: Record<string, number> = {};
  for (const l of lines) out[l.prcsgCd ?? 'null'] = (out[l.prcsgCd ?? 'null'] ?? 0) + 1;
  return out;
};

void describe('carrier-line readers on the public CMS samples', () => {
  void it('DE-SynPUF: one row per claim, a line per used slot, dated by the claim from-date', async () => {
    const a = await readAll('desynpuf_sample_0A.csv');
    assert.equal(a.layout, 'desynpuf');
    assert.deepEqual(a.errors, []);
    assert.deepEqual(a.lines, [
      {
        claimRef: '436313306961904',
        lineNum: 1,
        svcDt: '2008-02-29',
        prcsgCd: 'A',
        primaryPayerCd: null,
        primaryPayerPaidCents: 0,
      },
    ]);
    const b = await readAll('desynpuf_carrier_claims_input.csv');
    assert.equal(b.records, 2);
    assert.deepEqual(
      b.lines.map((l) => [l.claimRef, l.lineNum, l.svcDt, l.prcsgCd]),
      [
        ['436313306961904', 1, '2008-02-29', 'A'],
        ['436463304724170', 1, '2008-08-28', 'A'],
        ['436463304724170', 2, '2008-08-28', 'A'],
        ['436463304724170', 3, '2008-08-28', 'A'],
      ],
    );
  });

  void it('RIF (pipe-delimited): one row per line, dated by the first expense date', async () => {
    const a = await readAll('rif_sample_a_multiple_lines.txt');
    assert.equal(a.layout, 'rif');
    assert.deepEqual(a.errors, []);
    assert.equal(a.lines.length, 7);
    assert.deepEqual(a.lines[0], {
      claimRef: '9991831999',
      lineNum: 1,
      svcDt: '1999-10-27',
      prcsgCd: 'A',
      primaryPayerCd: 'E',
      primaryPayerPaidCents: 0,
    });
    const s = await readAll('rif_synthea_carrier.csv');
    assert.deepEqual([s.records, s.lines.length, s.errors.length], [221, 221, 0]);
    assert.deepEqual(codes(s.lines), { A: 221 });
    assert.ok(s.lines.every((l) => l.primaryPayerCd === null && l.svcDt !== null));
  });

  void it('IDR: PRFNL lines take their dates from the CLM_LINE companion; alone they have none', async () => {
    const alone = await readAll('idr_SYNTHETIC_CLM_LINE_PRFNL.csv');
    assert.equal(alone.layout, 'idr');
    assert.deepEqual([alone.records, alone.lines.length, alone.errors.length], [281, 281, 0]);
    assert.ok(alone.lines.every((l) => l.svcDt === null));
    const dates = emptyIdrDates();
    const companion = await readAll('idr_SYNTHETIC_CLM_LINE_matching_PRFNL.csv', dates);
    assert.deepEqual(
      [companion.kind, companion.records, companion.errors.length, dates.byLine.size],
      ['dates', 281, 0, 281],
    );
    const joined = await readAll('idr_SYNTHETIC_CLM_LINE_PRFNL.csv', dates);
    assert.ok(joined.lines.every((l) => l.svcDt !== null));
    assert.deepEqual(joined.lines[0], {
      claimRef: '659052754348:1:71',
      lineNum: 1,
      svcDt: dates.byLine.get('11121|659052754348|71|1|1'),
      prcsgCd: 'Z',
      primaryPayerCd: null,
      primaryPayerPaidCents: 451700,
    });
    assert.deepEqual(codes(joined.lines), {
      '21': 17, '25': 13, U: 11, '16': 11, M: 11, Y: 10, I: 10, H: 10, '18': 10, O: 10, Z: 9, R: 9, '12': 9,
      A: 9, C: 9, '22': 8, '00': 8, '26': 8, T: 7, G: 7, '15': 7, '14': 7, N: 7, B: 7, L: 7, S: 6, '13': 6,
      K: 6, Q: 6, X: 5, '17': 5, J: 4, V: 4, D: 4, P: 4,
    }); // prettier-ignore
  });

  void it('our own layout: quarantines unreadable dates and line numbers with a reason', async () => {
    const r = await readAll('lines-hand.csv');
    assert.equal(r.layout, 'reclaim');
    assert.deepEqual([r.records, r.lines.length], [41, 39]);
    assert.deepEqual(r.errors, ['unreadable date in svc_dt', 'unreadable line_num']);
  });
});
