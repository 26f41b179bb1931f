import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COMPARABLE_CODES, DENIAL_CODES, MSP_COB_CODES } from '../../src/kpi/definition.js';
import { runDenialRate } from '../../src/kpi/denial-rate.js';
import { loadLineFiles } from '../../src/kpi/load.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { tempDir } from '../support/temp.js';

const FIX = 'test/fixtures/kpi/';
const out = () => tempDir('reclaim-kpi-');

/**
 * lines-hand.csv, as of 2024-03-31: cutoff 2024-01-31, so the complete weeks are those starting
 * 2024-01-01, -08, -15 and -22; the week of 2024-01-29 straddles the cutoff.
 *   week 01-01: 5 A, D, C | MSP: S, A+payer code, A+payer paid, D+payer paid | M, R | B | blank, 'W'
 *               -> 16 lines, comparable 7, denials 2 (2/7), unknown 2/16
 *   week 01-08: I, L, N, O, P, z, 4 A -> 6/10
 *   week 01-15: 3 A, 00, 12 -> 0/3
 *   week 01-22: 2 B, 2 blank -> no comparable line, unknown 2/4
 *   excluded: 2 lines in the week of 01-29 (one mature, one not), 1 in March; 1 without a date
 *   quarantined: 2 rows (2024-02-30, line number 'x')
 */
for (const engine of ENGINES) {
  void describe(`denial-rate KPI, locked definition, on ${engine}`, () => {
    let db: TestDb;
    before(async () => (db = await freshDb(engine)));
    after(() => db.dispose());

    void it('applies every rule of the definition to the hand-computed fixture', async () => {
      const { report } = await runDenialRate(db, 'default', {
        lineFiles: [FIX + 'lines-hand.csv'],
        fromRemits: false,
        asOf: '2024-03-31',
        includeBenefitsExhausted: false,
        referenceFile: undefined,
        outDir: out(),
      });
      assert.equal(report.maturityCutoff, '2024-01-31');
      assert.deepEqual(
        report.weeks.map((w) => [w.weekStart, w.lines, w.comparableLines, w.denialLines, w.mspCobLines, w.adminLines, w.benefitsExhaustedLines, w.unknownPrcsgLines]),
        [
          ['2024-01-01', 16, 7, 2, 4, 2, 1, 2],
          ['2024-01-08', 10, 10, 6, 0, 0, 0, 0],
          ['2024-01-15', 5, 3, 0, 2, 0, 0, 0],
          ['2024-01-22', 4, 0, 0, 0, 0, 2, 2],
        ],
      ); // prettier-ignore
      assert.deepEqual(
        report.weeks.map((w) => [w.denialRate, w.unknownPrcsgShare]),
        [
          [2 / 7, 2 / 16],
          [0.6, 0],
          [0, 0],
          [null, 0.5],
        ],
      );
      assert.deepEqual(report.summary, {
        totalLines: 39,
        completeWeeks: 4,
        linesInCompleteWeeks: 35,
        excludedIncompleteWeeks: 2,
        excludedIncompleteWeekLines: 3,
        noServiceDateLines: 1,
        comparableLines: 20,
        denialLines: 8,
        denialRate: 0.4,
      });
      assert.deepEqual(
        report.leakage.map((l) => l.count),
        [0, 0, 0, 0, 0],
      );
      assert.equal(report.status, 'ok');
      // The counts kept at load time equal the definition applied line by line.
      const perLine = `SELECT week_start, count(*)::int AS lines, count(*) FILTER (WHERE is_comparable)::int AS comparable,
          count(*) FILTER (WHERE is_denial_rate)::int AS denials, count(*) FILTER (WHERE is_msp_cob)::int AS msp,
          count(*) FILTER (WHERE is_unknown_prcsg)::int AS unknown
        FROM billing.v_kpi_line_enriched WHERE source = 'carrier' GROUP BY week_start ORDER BY week_start NULLS LAST`;
      const perGroup = `SELECT week_start, lines::int, comparable_lines::int AS comparable, denial_lines::int AS denials,
          msp_cob_lines::int AS msp, unknown_prcsg_lines::int AS unknown
        FROM billing.v_kpi_weekly_counts WHERE source = 'carrier' ORDER BY week_start NULLS LAST`;
      assert.deepEqual(await db.query(perGroup), await db.query(perLine));
      assert.equal((await db.query(perLine)).length, 7);
      assert.deepEqual(
        report.inputs.map((i) => [
          i.file,
          i.layout,
          i.recordsRead,
          i.linesLoaded,
          i.recordsQuarantined,
          i.reused,
        ]),
        [['lines-hand.csv', 'reclaim', 41, 39, 2, false]],
      );
      const q = await db.query('SELECT position, reason FROM billing.kpi_line_quarantine ORDER BY position');
      assert.deepEqual(q, [
        { position: 40, reason: 'unreadable date in svc_dt' },
        { position: 41, reason: 'unreadable line_num' },
      ]);
    });

    void it('counts B as a denial only when asked, and says so in the definition', async () => {
      const { report } = await runDenialRate(db, 'default', {
        lineFiles: [FIX + 'lines-hand.csv'],
        fromRemits: false,
        asOf: '2024-03-31',
        includeBenefitsExhausted: true,
        referenceFile: undefined,
        outDir: out(),
      });
      assert.deepEqual(
        report.weeks.map((w) => w.denialRate),
        [3 / 8, 0.6, 0, 1],
      );
      assert.equal(report.definition.benefitsExhausted, 'included');
      assert.ok(report.inputs[0]!.reused, 'the same bytes are not loaded twice');
      const [{ n }] = (await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM billing.kpi_carrier_line',
      )) as [{ n: number }];
      assert.equal(n, 39);
    });

    void it('moves the complete-week boundary with the as-of date', async () => {
      const run = (asOf: string) =>
        runDenialRate(db, 'default', {
          lineFiles: [FIX + 'lines-hand.csv'],
          fromRemits: false,
          asOf,
          includeBenefitsExhausted: false,
          referenceFile: undefined,
          outDir: out(),
        });
      // Cutoff 2024-01-27 (a Saturday): the week of 01-22 is no longer complete.
      assert.deepEqual(
        (await run('2024-03-27')).report.weeks.map((w) => w.weekStart),
        ['2024-01-01', '2024-01-08', '2024-01-15'],
      );
      // Cutoff 2024-01-28 (its Sunday): it is.
      assert.equal((await run('2024-03-28')).report.weeks.length, 4);
      // Cutoff 2024-02-04: the week of 01-29 completes, with its 2 lines.
      const later = (await run('2024-04-04')).report;
      assert.deepEqual(later.weeks.at(-1), {
        weekStart: '2024-01-29', lines: 2, comparableLines: 2, denialLines: 1, mspCobLines: 0, adminLines: 0,
        benefitsExhaustedLines: 0, unknownPrcsgLines: 0, denialRate: 0.5, unknownPrcsgShare: 0,
      }); // prettier-ignore
    });

    void it('classifies every code of the CLM-PRCSG-IND-CD code system into exactly one bucket', async () => {
      const all = ['A', 'B', 'C', 'D', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'X', 'Y', 'Z',
        '00', '12', '13', '14', '15', '16', '17', '18', '21', '22', '25', '26', 'E', null]; // prettier-ignore
      await db.exec('CREATE TEMP TABLE codes (c text)');
      await db.query('INSERT INTO codes SELECT unnest($1::text[])', [all]);
      await db.exec(
        `INSERT INTO billing.kpi_line_load (tenant_id, layout, file_name, checksum_sha256) VALUES ('default', 'reclaim', 'codes', 'codes')`,
      );
      await db.exec(`INSERT INTO billing.kpi_carrier_line (tenant_id, load_id, claim_ref, line_num, svc_dt, prcsg_cd)
        SELECT 'default', (SELECT load_id FROM billing.kpi_line_load WHERE checksum_sha256 = 'codes'), 'c', 1, '2024-01-01', c FROM codes`);
      const rows = await db.query<{
        prcsg_cd: string | null;
        prcsg_bucket: string;
        is_comparable: boolean;
        is_denial_rate: boolean;
      }>(
        `SELECT prcsg_cd, prcsg_bucket, is_comparable, is_denial_rate FROM billing.v_kpi_line_enriched
         WHERE claim_ref = 'c' ORDER BY prcsg_cd NULLS LAST`,
      );
      const bucket = (c: string | null) => rows.find((r) => r.prcsg_cd === c)!;
      for (const c of DENIAL_CODES)
        assert.deepEqual([bucket(c).prcsg_bucket, bucket(c).is_denial_rate], ['DENIED', true], c);
      for (const c of COMPARABLE_CODES) assert.equal(bucket(c).is_comparable, true, c);
      for (const c of MSP_COB_CODES)
        assert.deepEqual([bucket(c).prcsg_bucket, bucket(c).is_comparable], ['MSP_COB', false], c);
      assert.deepEqual(
        ['M', 'R', 'B', 'E', null].map((c) => bucket(c).prcsg_bucket),
        ['ADMIN', 'ADMIN', 'BENEFITS_EXHAUSTED', 'UNKNOWN', 'UNKNOWN'],
      );
      assert.equal(rows.filter((r) => r.is_denial_rate).length, DENIAL_CODES.length);
      assert.equal(rows.filter((r) => r.is_comparable).length, COMPARABLE_CODES.length);
    });

    void it('reads the public CMS samples of all three layouts without error', async () => {
      const loads = await loadLineFiles(db, 'default', [
        FIX + 'desynpuf_carrier_claims_input.csv',
        FIX + 'rif_synthea_carrier.csv',
        FIX + 'rif_sample_a_multiple_lines.txt',
        FIX + 'idr_SYNTHETIC_CLM_LINE_PRFNL.csv',
        FIX + 'idr_SYNTHETIC_CLM_LINE_matching_PRFNL.csv',
      ]);
      assert.deepEqual(
        loads.map((l) => [l.layout, l.recordsRead, l.linesLoaded, l.recordsQuarantined]),
        [
          ['idr-companion', 281, 0, 0],
          ['desynpuf', 2, 4, 0],
          ['rif', 221, 221, 0],
          ['rif', 7, 7, 0],
          ['idr', 281, 281, 0],
        ],
      );
    });

    void it('writes the report as Markdown, HTML with an inline chart, and JSON, with the reference match', async () => {
      const dir = out();
      const { report } = await runDenialRate(db, 'default', {
        lineFiles: [FIX + 'lines-hand.csv'],
        fromRemits: false,
        asOf: '2024-03-31',
        includeBenefitsExhausted: false,
        referenceFile: FIX + 'reference-match.csv',
        outDir: dir,
      });
      assert.equal(report.reference?.passed, true);
      assert.equal(report.reference?.rows.length, 3);
      assert.ok(report.reference!.maxAbsDiff < 1e-6 && report.reference!.maxAbsDiff > 0);
      const md = readFileSync(join(dir, 'denial_rate_report.md'), 'utf8');
      for (const heading of ['## Definition (line-based)', '## Exclusions (explicit)', '## Leakage proof (overlap counts)',
        '## Unknown PRCSG share by week', '## Reference match check (last 3 weeks of 3)']) assert.ok(md.includes(heading), heading); // prettier-ignore
      assert.ok(md.includes('| 2024-01-01 | 0.1250 |'));
      assert.ok(md.includes('| 2024-01-08 | 0.600000 | 0.600000 | 0.000000 |'));
      assert.ok(md.includes('Max abs diff: 0.000000'));
      const html = readFileSync(join(dir, 'denial_rate_report.html'), 'utf8');
      assert.match(
        html,
        /<figure id="trend"><svg [^>]*aria-label="Weekly denial rate and unknown processing-indicator share"/,
      );
      assert.equal(
        (html.match(/<polyline /g) ?? []).length,
        2,
        'one line per series; the week without comparable lines has no point',
      );
      assert.equal((html.match(/<circle /g) ?? []).length, 7);
      assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org)/);
      const json = JSON.parse(readFileSync(join(dir, 'denial_rate_report.json'), 'utf8')) as typeof report;
      assert.deepEqual(json.summary, report.summary);
    });

    void it('fails loudly on a reference that does not match, after writing the report', async () => {
      const dir = out();
      await assert.rejects(
        runDenialRate(db, 'default', {
          lineFiles: [FIX + 'lines-hand.csv'],
          fromRemits: false,
          asOf: '2024-03-31',
          includeBenefitsExhausted: false,
          referenceFile: FIX + 'reference-mismatch.csv',
          outDir: dir,
        }),
        (e: Error & { code?: string }) =>
          e.code === 'VALIDATION_FAILED' &&
          /max abs diff 0\.050000, 1 reference weeks without a computed rate/.test(e.message),
      );
      const json = JSON.parse(readFileSync(join(dir, 'denial_rate_report.json'), 'utf8')) as {
        status: string;
        reference: { weeksMissingFromResult: string[] };
      };
      assert.equal(json.status, 'reference_mismatch');
      assert.deepEqual(json.reference.weeksMissingFromResult, ['2024-01-29']);
    });
  });
}
