import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { ReferenceMatch } from '../../src/api/schemas/reports.js';
import { runDenialRate } from '../../src/kpi/denial-rate.js';
import { ENGINES } from '../support/databases.js';
import { tempDir } from '../support/temp.js';
import { anApi, badTokens, bearer, type TestApi } from './support.js';

const FIX = 'test/fixtures/kpi/';
const URL = '/reports/denial-rate/reference-match';
const MATCH = readFileSync(FIX + 'reference-match.csv', 'utf8');
const MISMATCH = readFileSync(FIX + 'reference-mismatch.csv', 'utf8');

interface Err {
  error: { code: string; message: string; details: Record<string, unknown> };
}

for (const engine of ENGINES) {
  void describe(`POST ${URL} on ${engine}`, () => {
    let api: TestApi;
    let full: string;
    /** What `reclaim kpi denial-rate --lines lines-hand.csv --reference reference-match.csv` matched. */
    let cli: NonNullable<Awaited<ReturnType<typeof runDenialRate>>['report']['reference']>;
    const post = (token: string | undefined, payload: unknown) =>
      api.app.inject({
        method: 'POST',
        url: URL,
        payload: payload as object,
        headers: token ? bearer(token) : {},
      });
    const body = (reference: string) => ({ source: 'carrier', asOf: '2024-03-31', reference });

    before(async () => {
      api = await anApi(engine);
      await api.db.query(`INSERT INTO billing.tenant (tenant_id, name) VALUES ('other', 'Other clinic')`);
      // The lines go in as the CLI loads them, and the CLI's own reference match is kept.
      const { report } = await runDenialRate(api.db, 'default', {
        lineFiles: [FIX + 'lines-hand.csv'],
        fromRemits: false,
        asOf: '2024-03-31',
        includeBenefitsExhausted: false,
        referenceFile: FIX + 'reference-match.csv',
        outDir: tempDir('reclaim-refmatch-'),
      });
      cli = report.reference!;
      full = await api.tokenWith({ scopes: ['reports.read.operational'] });
    });
    after(() => api.close());

    void it('matches a pasted table week by week, exactly as the CLI’s --reference did', async () => {
      const r = await post(full, body(MATCH));
      assert.equal(r.statusCode, 200, r.body);
      const m = r.json<ReferenceMatch>();
      assert.equal(m.passed, true);
      assert.deepEqual(m.rows, cli.rows);
      assert.equal(m.maxAbsDiff, cli.maxAbsDiff);
      assert.equal(m.tolerance, 1e-6);
      assert.deepEqual(
        m.rows.map((x) => x.weekStart),
        ['2024-01-01', '2024-01-08', '2024-01-15'],
      );
      assert.deepEqual([m.asOf, m.source], ['2024-03-31', 'carrier']);
    });

    void it('reports a mismatch: the week that differs and the week we have no rate for', async () => {
      const r = await post(full, body(MISMATCH));
      assert.equal(r.statusCode, 200);
      const m = r.json<ReferenceMatch>();
      assert.equal(m.passed, false);
      assert.deepEqual(m.weeksMissingFromResult, ['2024-01-29']);
      assert.ok(Math.abs(m.maxAbsDiff - 0.05) < 1e-9, String(m.maxAbsDiff));
      const byWeek = new Map(m.rows.map((x) => [x.weekStart, x]));
      assert.ok(Math.abs(byWeek.get('2024-01-01')!.diff!) <= 1e-6);
      assert.ok(Math.abs(byWeek.get('2024-01-08')!.diff! - 0.05) < 1e-9);
      assert.deepEqual(byWeek.get('2024-01-29'), {
        weekStart: '2024-01-29',
        calc: null,
        reference: 0.5,
        diff: null,
      });
    });

    void it('reads the table as a file is read: CRLF, a byte-order mark, pipes', async () => {
      const piped = '\ufeff' + MATCH.replaceAll(',', '|').replaceAll('\n', '\r\n');
      const m = (await post(full, body(piped))).json<ReferenceMatch>();
      assert.deepEqual([m.passed, m.rows], [true, cli.rows]);
    });

    void it('answers an unreadable table with 400 naming the row or the columns, never the contents', async () => {
      const badRow = await post(full, body('week_start,denial_rate\n2024-01-01,0.25\nPATIENT-SMITH,0.3\n'));
      assert.equal(badRow.statusCode, 400);
      const e = badRow.json<Err>().error;
      assert.equal(e.code, 'INPUT_INVALID');
      assert.equal(e.message, 'reference table: row 2: unreadable week_start or denial_rate');
      assert.doesNotMatch(badRow.body, /SMITH/);
      const noColumns = await post(full, body('week,rate\n2024-01-01,0.25\n'));
      assert.equal(noColumns.statusCode, 400);
      assert.match(noColumns.json<Err>().error.message, /reference needs columns week_start and denial_rate/);
      for (const [payload, field] of [
        [{ source: 'carrier' }, 'reference'],
        [{ reference: '' }, 'reference'],
        [{ ...body(MATCH), asOf: '2024-02-30' }, 'asOf'],
        [{ ...body(MATCH), source: 'emr' }, 'source'],
      ] as const) {
        const r = await post(full, payload);
        assert.equal(r.statusCode, 400, JSON.stringify(payload));
        assert.deepEqual(
          [r.json<Err>().error.code, r.json<Err>().error.details.field],
          ['VALIDATION_FAILED', field],
        );
      }
      const extra = await post(full, { ...body(MATCH), lines: 'x' });
      assert.equal(extra.statusCode, 400);
    });

    void it('needs a valid token (401) with reports.read.operational (403)', async () => {
      assert.equal((await post(undefined, body(MATCH))).statusCode, 401);
      for (const [name, token] of Object.entries(await badTokens()))
        assert.equal((await post(token, body(MATCH))).statusCode, 401, name);
      const r = await post(await api.tokenWith({ scopes: ['denials.read', 'denials.update'] }), body(MATCH));
      assert.equal(r.statusCode, 403);
      assert.deepEqual(r.json<Err>().error.details, { required: 'reports.read.operational' });
    });

    void it('compares with the caller’s tenant’s lines only, and writes nothing (no audit record)', async () => {
      const before = await api.db.query<{ n: number }>('SELECT count(*)::int AS n FROM billing.audit_event');
      const other = await api.tokenWith({ tenant: 'other', scopes: ['reports.read.operational'] });
      const m = (await post(other, body(MATCH))).json<ReferenceMatch>();
      assert.equal(m.passed, false);
      assert.deepEqual(m.weeksMissingFromResult, ['2024-01-01', '2024-01-08', '2024-01-15']);
      assert.ok(m.rows.every((x) => x.calc === null));
      const after = await api.db.query<{ n: number }>('SELECT count(*)::int AS n FROM billing.audit_event');
      assert.equal(after[0]!.n, before[0]!.n);
    });
  });
}
