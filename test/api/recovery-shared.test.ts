import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RecoveryBrief } from '../../src/api/schemas/recovery-brief.js';
import { exitCode } from '../../src/errors.js';
import { ENGINES } from '../support/databases.js';
import { twoDoors, type TwoDoors } from '../support/two-doors.js';

type Err = { error: { code: string; details: { field?: string } } };
type CliSummary = {
  CURRENT_DATASET_WEEK_KEY: string;
  WORKQUEUE_SIZE: number;
  stability: string;
  top2: string[];
  summary: { bucket: string; rows: number; priorityScore: number; deniedAmountCents: number }[];
  written: string[];
};

// `reclaim recovery` and the brief routes are one recovery service with one input schema: the same
// week and workqueue size give the same summary and the same export bytes; the same bad input
// the same error.
for (const engine of ENGINES) {
  void describe(`the recovery brief through the CLI and HTTP on ${engine}`, () => {
    let doors: TwoDoors;
    before(async () => {
      doors = await twoDoors(engine);
      const seeded = await doors.reclaim('demo', 'seed', '--denials', '40', '--tag', 'R', '--json');
      assert.equal(seeded.code, 0, seeded.err);
    });
    after(() => doors.dispose());

    const get = (url: string) =>
      doors.withApp((app, token) =>
        app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } }),
      );

    void it('gives the same summary and the same export files for the same input', async () => {
      const out = join(doors.home, 'recovery');
      const cli = await doors.reclaim('recovery', '--out', out, '--workqueue-size', '5', '--json');
      assert.equal(cli.code, 0, cli.err);
      const run = JSON.parse(cli.out) as CliSummary;
      const week = run.CURRENT_DATASET_WEEK_KEY;
      const http = await get(`/reports/recovery/brief?workqueueSize=5`);
      assert.equal(http.statusCode, 200);
      const brief = http.json<RecoveryBrief>();
      assert.deepEqual(
        [brief.week, brief.workqueueSize, brief.stability.verdict, brief.stability.top2Current],
        [week, run.WORKQUEUE_SIZE, run.stability, run.top2],
      );
      assert.deepEqual(
        brief.summary.map((s) => [s.bucket, s.rows, s.priorityScore, s.deniedAmount?.cents]),
        run.summary.map((s) => [s.bucket, s.rows, s.priorityScore, s.deniedAmountCents]),
      );
      for (const name of ['denials_recovery_summary_v1.csv', 'denials_recovery_brief_v1.md']) {
        const file = await get(`/reports/recovery/files/${name}?workqueueSize=5`);
        assert.equal(file.statusCode, 200);
        assert.equal(file.body, readFileSync(join(out, name), 'utf8'), name);
      }
      const report = await get(`/reports/recovery?week=${week}&workqueueSize=5`);
      assert.equal(report.statusCode, 200);
      const r = report.json<{ openDenials: number; workqueue: unknown[] }>();
      assert.deepEqual([r.openDenials, r.workqueue.length], [brief.openRows, 5]);
    });

    void it('answers the same bad input with the same code and field', async () => {
      for (const [flags, query, field, message] of [
        [['--week', '2021-W53'], 'week=2021-W53', 'week', 'week: not a week of its year'],
        [
          ['--workqueue-size', '0'],
          'workqueueSize=0',
          'workqueueSize',
          'workqueueSize: Too small: expected number to be >=1',
        ],
      ] as const) {
        const cli = await doors.reclaim('recovery', '--out', join(doors.home, 'bad'), ...flags);
        assert.deepEqual([cli.code, cli.err], [exitCode('VALIDATION_FAILED'), `reclaim: ${message}\n`]);
        for (const url of ['/reports/recovery', '/reports/recovery/brief']) {
          const http = await get(`${url}?${query}`);
          assert.equal(http.statusCode, 400, url);
          const e = http.json<Err>().error;
          assert.deepEqual([e.code, e.details.field], ['VALIDATION_FAILED', field], url);
        }
      }
    });
  });
}
