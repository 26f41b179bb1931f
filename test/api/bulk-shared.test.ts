import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exitCode } from '../../src/errors.js';
import { ENGINES } from '../support/databases.js';
import { twoDoors, type TwoDoors } from '../support/two-doors.js';

type Err = { error: { code: string; message: string; details: { field?: string } } };

// `reclaim correct --all` and `POST /denials/auto-correction/bulk` are one service with one input
// schema: the same cohort gives the same projection, the same bad input the same error, and the
// CLI's run is a job the API reads.
for (const engine of ENGINES) {
  void describe(`bulk correction through the CLI and HTTP on ${engine}`, () => {
    let doors: TwoDoors;
    before(async () => {
      doors = await twoDoors(engine);
      const seeded = await doors.reclaim('demo', 'seed', '--denials', '20', '--tag', 'S', '--json');
      assert.equal(seeded.code, 0, seeded.err);
    });
    after(() => doors.dispose());

    void it('a dry run projects the same outcomes through both', async () => {
      for (const carc of [undefined, 'CO-4']) {
        const flags = carc ? ['--carc', carc] : [];
        const cli = await doors.reclaim('correct', '--all', '--dry-run', '--json', ...flags);
        assert.equal(cli.code, 0, cli.err);
        const http = await doors.withApp((app, token) =>
          app.inject({
            method: 'POST',
            url: '/denials/auto-correction/bulk',
            headers: { authorization: `Bearer ${token}` },
            payload: {
              filter: { status: 'OPEN', ...(carc ? { carc } : {}) },
              dryRun: true,
              withWorkLeft: true,
            },
          }),
        );
        assert.equal(http.statusCode, 200);
        assert.deepEqual(JSON.parse(cli.out), http.json());
      }
      const co4Run = await doors.reclaim('correct', '--all', '--dry-run', '--json', '--carc', 'CO-4');
      assert.equal(co4Run.code, 0, co4Run.err);
      const co4 = JSON.parse(co4Run.out) as { denials: number; byHandler: Record<string, unknown> };
      // `--carc` (the cohort's `filter.carc`) picks the handlers as well as the denials.
      assert.deepEqual([co4.denials, Object.keys(co4.byHandler)], [8, ['Co4ModifierHandler']]);
    });

    void it('the same bad input is the same error, naming the same field', async () => {
      const cli = await doors.reclaim('correct', '--all', '--carc', 'CO4');
      assert.equal(cli.code, exitCode('VALIDATION_FAILED'));
      assert.equal(cli.err, "reclaim: filter.carc: a group and code such as 'CO-4'\n");
      const http = await doors.withApp((app, token) =>
        app.inject({
          method: 'POST',
          url: '/denials/auto-correction/bulk',
          headers: { authorization: `Bearer ${token}` },
          payload: { filter: { status: 'OPEN', carc: 'CO4' }, dryRun: false },
        }),
      );
      assert.equal(http.statusCode, 400);
      const e = http.json<Err>().error;
      assert.deepEqual([e.code, e.details.field], ['VALIDATION_FAILED', 'filter.carc']);
    });

    void it('a CLI run is a job: worked to the end by the CLI, read back through GET /jobs/:id', async () => {
      const run = await doors.reclaim('correct', '--all', '--json');
      assert.equal(run.code, 0, run.err);
      const summary = JSON.parse(run.out) as {
        jobId: string;
        denials: number;
        attempts: Record<string, number>;
        byHandler: Record<string, Record<string, number>>;
      };
      assert.deepEqual([summary.denials, summary.attempts], [20, { SUCCESS: 16, FAILED: 0, SKIPPED: 4 }]);
      const job = await doors.withApp(async (app, token) =>
        (
          await app.inject({
            method: 'GET',
            url: `/jobs/${summary.jobId}`,
            headers: { authorization: `Bearer ${token}` },
          })
        ).json<{ status: string; total: number; done: number; counts: Record<string, number> }>(),
      );
      assert.deepEqual([job.status, job.total, job.done, job.counts], ['done', 20, 20, summary.attempts]);
      // A second run passes over the four denials still open whose handlers all answered SKIPPED
      // (withWorkLeft); the API's cohort without it has them, each short-circuited, nothing written.
      const againRun = await doors.reclaim('correct', '--all', '--json');
      assert.equal(againRun.code, 0, againRun.err);
      const again = JSON.parse(againRun.out) as { denials: number; attempts: Record<string, number> };
      assert.deepEqual([again.denials, again.attempts], [0, { SUCCESS: 0, FAILED: 0, SKIPPED: 0 }]);
    });

    void it('a job nobody finished (the API queued it, or a command died) is finished by correct --all --resume', async () => {
      const queued = await doors.withApp((app, token) =>
        app.inject({
          method: 'POST',
          url: '/denials/auto-correction/bulk',
          headers: { authorization: `Bearer ${token}` },
          payload: { filter: { status: 'OPEN' }, dryRun: false },
        }),
      );
      assert.equal(queued.statusCode, 202);
      const { job } = queued.json<{ job: { id: string; status: string } }>();
      assert.equal(job.status, 'queued');
      const resumed = await doors.reclaim('correct', '--all', '--resume', '--json');
      assert.equal(resumed.code, 0, resumed.err);
      const out = JSON.parse(resumed.out) as { resumed: { jobId: string; denials: number }[] };
      assert.deepEqual(
        out.resumed.map((r) => [r.jobId, r.denials]),
        [[job.id, 4]],
      );
      const none = await doors.reclaim('correct', '--all', '--resume');
      assert.deepEqual([none.code, none.out], [0, 'no unfinished bulk job\n']);
      const mixed = await doors.reclaim('correct', '--all', '--resume', '--carc', 'CO-4');
      assert.equal(mixed.code, 2);
    });

    void it('correct --all takes only denials with a code some handler covers (real remittances)', async () => {
      // The public 835s leave denials of codes no handler covers (CO-45, PR-96 …) beside covered ones.
      const dir = '../shared/data/public/x12-835';
      const files = readdirSync(dir).map((f) => join(dir, f));
      const ingested = await doors.reclaim('ingest', ...files);
      assert.equal(ingested.code, 0, ingested.err);
      const dry = await doors.reclaim('correct', '--all', '--dry-run', '--json');
      assert.equal(dry.code, 0, dry.err);
      const p = JSON.parse(dry.out) as { denials: number; attempts: Record<string, number> };
      assert.ok(p.denials > 0);
      // Each denial in the cohort gets at least one handler run: none is there for nothing.
      const runs = p.attempts.SUCCESS! + p.attempts.SKIPPED! + p.attempts.FAILED!;
      assert.ok(runs >= p.denials, `${p.denials} denials, ${runs} handler runs`);
      const uncovered = await doors.reclaim('correct', '--all', '--dry-run', '--json', '--carc', 'CO-45');
      assert.equal(uncovered.code, 0, uncovered.err);
      assert.equal((JSON.parse(uncovered.out) as { denials: number }).denials, 0);
    });
  });
}
