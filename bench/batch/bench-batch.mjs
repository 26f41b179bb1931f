#!/usr/bin/env node
// The batch-run benchmark: generates EMR exports with ../shared/bench/gen_emr.py, then runs on the
// same input, one after another, `reclaim run` on embedded PGlite and on the PostgreSQL server, and
// the pandas reference pipeline in both modes, for several rounds. Prints each pipeline's median
// wall time (and range) and peak RSS side by side, with the ratio to the pandas reference with
// --fast-export.
//
// usage: npm run bench:batch -- [--rows 1000000] [--database-url postgres://root@127.0.0.1:5432/postgres]
//                              [--skip-pandas] [--reuse DIR] [--repeat 3]
// Needs a build (npm run build), python3, GNU time (/usr/bin/time), and pandas for the reference
// (Debian: apt-get install python3-pandas).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    'database-url': {
      type: 'string',
      default: process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres',
    },
    'skip-pandas': { type: 'boolean', default: false },
    reuse: { type: 'string' },
    repeat: { type: 'string', default: '3' },
  },
});
const root = resolve(import.meta.dirname, '../..');
const shared = resolve(root, '../shared/bench');
const rows = Number(args.rows);
const repeat = Number(args.repeat);
if (!Number.isInteger(repeat) || repeat < 1)
  throw new Error(`--repeat must be a positive whole number, got ${args.repeat}`);
const work = mkdtempSync(join(tmpdir(), 'reclaim-bench-'));
const data = args.reuse ?? join(work, 'data');

if (!existsSync(join(data, 'emr_alpha.csv'))) {
  mkdirSync(data, { recursive: true });
  execFileSync('python3', [join(shared, 'gen_emr.py'), data, '--rows', String(rows)], { stdio: 'inherit' });
}
const inputs = [
  '--input',
  `alpha:${join(data, 'emr_alpha.csv')}`,
  '--input',
  `beta:${join(data, 'emr_beta.json')}`,
];
const reclaim = [join(root, 'bin/reclaim.js'), 'run', ...inputs, '--as-of', '2025-07-30', '--json'];

/** Runs a command under GNU time; returns wall seconds and peak RSS in MB. */
function measure(label, command, argv, env = {}) {
  // What the pipeline before wrote (hundreds of megabytes each) is flushed to disk first, so that
  // its write-back does not land on this one's time.
  execFileSync('sync');
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...argv], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (result.status !== 0) throw new Error(`${label} failed: ${result.stderr.slice(-2000)}`);
  const [wall, rssKb] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { label, wall, rss: rssKb / 1024, stdout: result.stdout };
}

// Each round runs every pipeline once, in the same order, so that whatever else the machine is
// doing falls on all of them alike; the table shows each pipeline's median over the rounds.
const pipelines = [];
/** The decision view's read-back after the first PGlite round (see timeDecisionView). */
let viewQuery = null;
const home = join(work, 'pglite-home');
// Embedded: the database is created once (initdb is a one-off, not part of a run) and each round
// starts from a copy of it.
execFileSync(process.execPath, [join(root, 'bin/reclaim.js'), 'migrate'], {
  env: { ...process.env, RECLAIM_HOME: home, DATABASE_URL: '' },
});
pipelines.push({
  label: 'reclaim run, PGlite (embedded)',
  run(round) {
    const roundHome = join(work, `pglite-home-${round}`);
    cpSync(home, roundHome, { recursive: true });
    try {
      const result = measure(
        this.label,
        process.execPath,
        [...reclaim, '--out', join(work, `out-pglite-${round}`)],
        {
          RECLAIM_HOME: roundHome,
          DATABASE_URL: '',
        },
      );
      if (round === 1) viewQuery = timeDecisionView(roundHome);
      return result;
    } finally {
      rmSync(roundHome, { recursive: true, force: true });
    }
  },
});

// Server: a fresh database of its own each round.
const admin = new pg.Client({ connectionString: args['database-url'] });
await admin.connect();
pipelines.push({
  label: 'reclaim run, PostgreSQL server',
  async run(round) {
    const dbName = `reclaim_bench_${process.pid}_${round}`;
    await admin.query(`CREATE DATABASE ${dbName}`);
    const url = new URL(args['database-url']);
    url.pathname = `/${dbName}`;
    try {
      execFileSync(process.execPath, [join(root, 'bin/reclaim.js'), 'migrate'], {
        env: { ...process.env, DATABASE_URL: url.toString() },
      });
      return measure(this.label, process.execPath, [...reclaim, '--out', join(work, `out-server-${round}`)], {
        DATABASE_URL: url.toString(),
      });
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    }
  },
});

if (!args['skip-pandas']) {
  const ref = join(shared, 'pandas_reference.py');
  for (const [label, flags] of [
    ['pandas reference, --fast-export', ['--fast-export']],
    ['pandas reference, notebook export', []],
  ])
    pipelines.push({
      label,
      run: (round) =>
        measure(label, '/usr/bin/python3', [ref, data, join(work, `out-pandas-${round}`), ...flags]),
    });
}

/**
 * Reads the whole run back through billing.v_run_decision (every stored record with its outcome)
 * from the embedded database a run left: the auditable record has to stay usable at this size.
 */
function timeDecisionView(roundHome) {
  const script = `
    const { openPglite } = await import(${JSON.stringify(join(root, 'dist/db/pglite.js'))});
    const db = await openPglite(${JSON.stringify(join(roundHome, 'pgdata'))});
    const started = performance.now();
    const rows = await db.query("SELECT outcome, count(*)::int AS n FROM billing.v_run_decision GROUP BY 1");
    const seconds = (performance.now() - started) / 1000;
    await db.close();
    console.log(JSON.stringify({ seconds, rows }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const { seconds, rows: counted } = JSON.parse(out);
  return {
    seconds,
    records: counted.reduce((n, r) => n + r.n, 0),
    candidates: counted.find((r) => r.outcome === 'candidate')?.n ?? 0,
  };
}

const runs = new Map(pipelines.map((p) => [p.label, []]));
try {
  for (let round = 1; round <= repeat; round++) {
    for (const pipeline of pipelines) {
      const result = await pipeline.run(round);
      runs.get(pipeline.label).push(result);
      // Each pipeline writes hundreds of megabytes: its outputs go once it is measured.
      for (const name of readdirSync(work))
        if (name.startsWith('out-')) rmSync(join(work, name), { recursive: true, force: true });
      console.error(
        `round ${round}/${repeat}: ${pipeline.label}: ${result.wall.toFixed(2)} s, ${result.rss.toFixed(0)} MB`,
      );
    }
  }
} finally {
  await admin.end();
}
const results = pipelines.map(({ label }) => {
  const all = runs.get(label);
  const walls = all.map((r) => r.wall);
  return {
    label,
    wall: median(walls),
    min: Math.min(...walls),
    max: Math.max(...walls),
    rss: Math.max(...all.map((r) => r.rss)),
    stdout: all[0].stdout,
  };
});
const embedded = results[0];

const fast = results.find((r) => r.label.includes('--fast-export'));
const metrics = JSON.parse(embedded.stdout);
console.log(
  `\nbatch run benchmark: ${rows.toLocaleString('en')} rows (${sizeMb(join(data, 'emr_alpha.csv'))} MB CSV + ${sizeMb(join(data, 'emr_beta.json'))} MB JSON)`,
);
console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
console.log(
  `candidates: ${metrics.totals.candidates.toLocaleString('en')} of ${metrics.totals.read.toLocaleString('en')} rows\n`,
);
console.log(
  `median of ${repeat} round${repeat === 1 ? '' : 's'} (each round runs every pipeline once, in this order); peak RSS is the highest of the rounds\n`,
);
console.log(
  '| pipeline | wall (s), median | wall (s), min–max | peak RSS (MB) | speed-up vs pandas --fast-export |',
);
console.log('|---|---:|---:|---:|---:|');
for (const r of results) {
  const ratio = fast ? `${(fast.wall / r.wall).toFixed(2)}×` : 'n/a';
  console.log(
    `| ${r.label} | ${r.wall.toFixed(2)} | ${r.min.toFixed(2)}–${r.max.toFixed(2)} | ${r.rss.toFixed(0)} | ${ratio} |`,
  );
}
if (viewQuery)
  console.log(
    `\nbilling.v_run_decision, PGlite, after round 1: ${viewQuery.records.toLocaleString('en')} records (${viewQuery.candidates.toLocaleString('en')} candidates) counted by outcome in ${viewQuery.seconds.toFixed(2)} s`,
  );
rmSync(work, { recursive: true, force: true });

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function sizeMb(path) {
  return (readFileSync(path).length / 1e6).toFixed(0);
}
