// Two, then four, `reclaim` processes started together on one RECLAIM_HOME (runs, an ingest and
// corrections mixed), ROUNDS times each: every exit code must be documented, the database must
// open afterwards, and it must hold what the same commands hold when run one after another in the
// order the lock let them work (the order they finished in).
//   node scripts/build.mjs cli && npx tsx bench/concurrency/same-home.ts [--rounds 20]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../src/db/open.js';
import { CONTENTS_SQL, copyHome, roundCommands, start, type Finished } from '../../test/support/same-home.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' } } });
const rounds = Number(values.rounds);
const CLI = ['bin/reclaim.js'];
const DOCUMENTED = new Set([0, 2, 3, 4]);

const work = mkdtempSync(join(tmpdir(), 'reclaim-same-home-'));
const template = join(work, 'template');
// A migrated home with an 835 already in it, so that corrections have denials to work on.
spawnSync(process.execPath, [...CLI, 'ingest', 'test/x12/fixtures/linuxforhealth__managed-care.835'], {
  env: { ...process.env, RECLAIM_HOME: template, DATABASE_URL: '' },
});

async function contents(home: string): Promise<string> {
  const db = await openDatabase({ databaseUrl: undefined, home, lockWaitSeconds: 10 });
  try {
    return (await db.query<{ contents: string }>(CONTENTS_SQL))[0]!.contents;
  } finally {
    await db.close();
  }
}

const expected = new Map<string, string>();
async function sequential(order: readonly (readonly string[])[], tag: string): Promise<string> {
  const key = JSON.stringify(order);
  let known = expected.get(key);
  if (known === undefined) {
    const home = copyHome(template, join(work, `seq-${tag}`));
    for (const command of order) await start(CLI, command, home, performance.now());
    known = await contents(home);
    expected.set(key, known);
    rmSync(home, { recursive: true, force: true });
  }
  return known;
}

let failures = 0;
for (const processes of [2, 4] as const) {
  const codes: Record<string, number> = {};
  let equal = 0;
  let opened = 0;
  let longest = 0;
  for (let round = 0; round < rounds; round++) {
    const home = copyHome(template, join(work, `home-${processes}-${round}`));
    const outs = join(work, `outs-${processes}-${round}`);
    const commands = roundCommands(processes, outs);
    const t0 = performance.now();
    const finished: Finished[] = await Promise.all(commands.map((c) => start(CLI, c, home, t0)));
    longest = Math.max(longest, (performance.now() - t0) / 1000);
    for (const f of finished) {
      codes[String(f.code)] = (codes[String(f.code)] ?? 0) + 1;
      if (!DOCUMENTED.has(f.code ?? -1)) {
        failures++;
        console.log(`round ${round}: ${f.command.join(' ')} exited ${f.code}: ${f.err.trim()}`);
      }
    }
    let got: string;
    try {
      got = await contents(home);
      opened++;
    } catch (error) {
      failures++;
      console.log(`round ${round}: the database does not open: ${(error as Error).message}`);
      continue;
    }
    const order = [...finished].sort((a, b) => a.at - b.at).map((f) => f.command);
    const want = await sequential(order, `${processes}-${round}`);
    if (got === want) equal++;
    else {
      failures++;
      console.log(`round ${round}: contents differ from the sequential run\n  got  ${got}\n  want ${want}`);
    }
    rmSync(home, { recursive: true, force: true });
    rmSync(outs, { recursive: true, force: true });
  }
  console.log(
    `${processes} processes × ${rounds} rounds: exit codes ${JSON.stringify(codes)}, database opened ${opened}/${rounds}, ` +
      `contents equal to the sequential run ${equal}/${rounds}, longest round ${longest.toFixed(1)} s`,
  );
}
rmSync(work, { recursive: true, force: true });
process.exit(failures > 0 ? 1 : 0);
