import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../../src/db/open.js';
import { reclaimBin } from '../support/cli.js';
import { CONTENTS_SQL, copyHome, roundCommands, start } from '../support/same-home.js';
import { tempDir } from '../support/temp.js';

const CLI = ['--import', 'tsx', 'scripts/reclaim-dev.ts'];

async function contents(home: string): Promise<string> {
  const db = await openDatabase({ databaseUrl: undefined, home, lockWaitSeconds: 10 });
  try {
    return (await db.query<{ contents: string }>(CONTENTS_SQL))[0]!.contents;
  } finally {
    await db.close();
  }
}

// The embedded database only: several processes sharing a server is the server's own business
// (test/correction/concurrency.test.ts, and the advisory locks in test/resubmit/hostile-input.test.ts).
describe('several processes started together on one embedded database', () => {
  it(
    'two, then four (runs, an ingest, corrections): documented exit codes, the database opens, contents as if run one after another',
    { timeout: 600_000 },
    async () => {
      const work = tempDir('reclaim-same-home-');
      const template = join(work, 'template');
      const seeded = await reclaimBin(['ingest', 'test/x12/fixtures/linuxforhealth__managed-care.835'], {
        RECLAIM_HOME: template,
      });
      assert.equal(seeded.code, 0, seeded.err);
      for (const processes of [4] as const) {
        const home = copyHome(template, join(work, `together-${processes}`));
        const commands = roundCommands(processes, join(work, `outs-${processes}`));
        const t0 = performance.now();
        const finished = await Promise.all(commands.map((c) => start(CLI, c, home, t0)));
        for (const f of finished) assert.equal(f.code, 0, `${f.command.join(' ')}: ${f.err}`);
        // They worked one at a time, and the ones that waited said so.
        assert.ok(finished.some((f) => /waiting for the embedded database/.test(f.err)));
        const got = await contents(home);
        const alone = copyHome(template, join(work, `alone-${processes}`));
        for (const f of [...finished].sort((a, b) => a.at - b.at)) {
          const r = await start(CLI, f.command, alone, t0);
          assert.equal(r.code, 0, r.err);
        }
        assert.equal(got, await contents(alone));
      }
    },
  );
});
