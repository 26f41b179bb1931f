import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exitCode } from '../../src/errors.js';
import { ENGINES } from '../support/databases.js';
import { twoDoors, type TwoDoors } from '../support/two-doors.js';

type Err = { error: { code: string; details: { field?: string } } };
type Week = {
  weekStart: string;
  lines: number;
  comparableLines: number;
  denialLines: number;
  denialRate: number | null;
};

const FIX = 'test/fixtures/kpi/';
const weeks = (ws: readonly Week[]) =>
  ws.map((w) => [w.weekStart, w.lines, w.comparableLines, w.denialLines, w.denialRate]);

// `reclaim kpi denial-rate` loads its files and then asks the report service that
// `GET /reports/denial-rate` asks: the same stored lines give the same weeks, the same bad input
// the same error.
for (const engine of ENGINES) {
  void describe(`the denial-rate KPI through the CLI and HTTP on ${engine}`, () => {
    let doors: TwoDoors;
    before(async () => (doors = await twoDoors(engine)));
    after(() => doors.dispose());

    const get = (url: string) =>
      doors.withApp((app, token) =>
        app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } }),
      );

    void it('gives the same weeks for the same stored lines, B lines counted or not', async () => {
      for (const b of [false, true]) {
        const out = join(doors.home, `kpi-${b}`);
        const flags = b ? ['--include-benefits-exhausted'] : [];
        const cli = await doors.reclaim(
          'kpi', 'denial-rate', '--lines', FIX + 'lines-hand.csv', '--as-of', '2024-03-31', '--out', out, '--json', ...flags,
        ); // prettier-ignore
        assert.equal(cli.code, 0, cli.err);
        const report = JSON.parse(cli.out) as { weeks: Week[]; summary: { denialRate: number } };
        const http = await get(
          `/reports/denial-rate?source=carrier&asOf=2024-03-31&includeBenefitsExhausted=${b}`,
        );
        assert.equal(http.statusCode, 200);
        const api = http.json<{ weeks: Week[]; overall: { denialRate: number } }>();
        assert.deepEqual(weeks(api.weeks), weeks(report.weeks));
        assert.equal(api.overall.denialRate, report.summary.denialRate);
        const written = JSON.parse(readFileSync(join(out, 'denial_rate_report.json'), 'utf8')) as {
          weeks: Week[];
        };
        assert.deepEqual(weeks(written.weeks), weeks(report.weeks));
      }
    });

    void it('matches a reference table the same way through both', async () => {
      const out = join(doors.home, 'kpi-ref');
      const cli = await doors.reclaim(
        'kpi', 'denial-rate', '--lines', FIX + 'lines-hand.csv', '--as-of', '2024-03-31', '--out', out,
        '--reference', FIX + 'reference-match.csv', '--json',
      ); // prettier-ignore
      assert.equal(cli.code, 0, cli.err);
      const match = (JSON.parse(cli.out) as { reference: { rows: unknown[]; passed: boolean } }).reference;
      const http = await doors.withApp((app, token) =>
        app.inject({
          method: 'POST',
          url: '/reports/denial-rate/reference-match',
          headers: { authorization: `Bearer ${token}` },
          payload: {
            source: 'carrier',
            asOf: '2024-03-31',
            reference: readFileSync(FIX + 'reference-match.csv', 'utf8'),
          },
        }),
      );
      assert.equal(http.statusCode, 200);
      const api = http.json<{ rows: unknown[]; passed: boolean }>();
      assert.deepEqual([api.rows, api.passed], [match.rows, true]);
    });

    void it('answers the same bad input with the same code and field', async () => {
      const cli = await doors.reclaim(
        'kpi', 'denial-rate', '--from-remits', '--as-of', '2024-02-30', '--out', join(doors.home, 'bad'),
      ); // prettier-ignore
      assert.deepEqual(
        [cli.code, cli.err],
        [exitCode('VALIDATION_FAILED'), 'reclaim: asOf: not a calendar date\n'],
      );
      const http = await get('/reports/denial-rate?asOf=2024-02-30');
      assert.equal(http.statusCode, 400);
      const e = http.json<Err>().error;
      assert.deepEqual([e.code, e.details.field], ['VALIDATION_FAILED', 'asOf']);
    });
  });
}
