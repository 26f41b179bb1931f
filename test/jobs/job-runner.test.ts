import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { bulkCorrect } from '../../src/correction/bulk.service.js';
import { seedDemoDenials } from '../../src/correction/demo-data.repository.js';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { findJob } from '../../src/jobs/job.repository.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';

const DENIALS = 300;
const BATCH = 20;

for (const engine of ENGINES) {
  void describe(`the job runner on ${engine}`, () => {
    let db: TestDb;
    before(async () => {
      db = await freshDb(engine);
      await db.transaction((tx) => seedDemoDenials(tx, 'default', DENIALS, 'J'));
    });
    after(() => db.dispose());

    void it('lets timers and requests run between batches, so a reader sees the job part done', async () => {
      const out = await bulkCorrect(
        db,
        'default',
        { filter: { q: 'J-' }, dryRun: false } as Parameters<typeof bulkCorrect>[2],
        { actor: 'tester', channel: 'http', requestId: null },
      );
      assert.equal(out.dryRun, false);
      const id = out.dryRun ? '' : out.job.id;
      const runner = new JobRunner(db, { pollMs: 50, batchSize: BATCH });
      // What a page polling GET /jobs/:id sees: a timer, then a read.
      const seen: number[] = [];
      runner.start();
      try {
        for (let i = 0; i < 2000; i++) {
          await sleep(5);
          const job = await findJob(db, 'default', id);
          seen.push(job!.done);
          if (job!.status === 'done') break;
        }
      } finally {
        await runner.stop();
      }
      assert.equal(seen.at(-1), DENIALS, 'the job finished');
      const partway = new Set(seen.filter((d) => d > 0 && d < DENIALS));
      // 15 batches: a reader waiting on a timer gets in between several of them.
      assert.ok(partway.size >= 3, `saw the job part done only at ${[...partway].join(', ') || 'no point'}`);
    });
  });
}

for (const engine of ENGINES) {
  void describe(`a bulk dry run on ${engine}`, () => {
    let db: TestDb;
    before(async () => {
      db = await freshDb(engine);
      await db.transaction((tx) => seedDemoDenials(tx, 'default', 3000, 'D'));
    });
    after(() => db.dispose());

    void it('lets timers run between its steps of 1,000 denials', async () => {
      let ticks = 0;
      let running = true;
      const tick = async () => {
        while (running) {
          await sleep(1);
          ticks++;
        }
      };
      const ticking = tick();
      const out = await bulkCorrect(
        db,
        'default',
        { filter: { q: 'D-' }, dryRun: true } as Parameters<typeof bulkCorrect>[2],
        { actor: 'tester', channel: 'http', requestId: null },
      );
      running = false;
      await ticking;
      assert.equal(out.dryRun && out.result.denials, 3000);
      // Three steps: a timer gets in between them at least twice.
      assert.ok(ticks >= 2, `the timer ran ${ticks} times during the dry run`);
    });
  });
}
