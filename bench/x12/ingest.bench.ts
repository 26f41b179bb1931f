// Parse-only beside ingest, on a large 835 and a large 837, on PGlite and on the server.
//   npm run build && npx tsx bench/x12/ingest.bench.ts [--mb 20] [--engines pglite,postgres] [--files 835,837]
//     [--runs 1]
// The server case needs DATABASE_URL (a database is created and dropped per run). For each file:
// `reclaim x12 parse FILE` (reading only), `reclaim ingest FILE` into an empty database, and the
// same `reclaim ingest FILE` again (recognised by checksum). Wall time, MB/s, CPU time and peak
// RSS of the built CLI, as a user runs it; then, per engine, a command that opens the database and
// does nothing (`reclaim migrate` with every migration applied): the floor under re-ingest.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { make835 } from './make-835.js';
import { make837 } from './make-837.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '20' },
    engines: { type: 'string', default: 'pglite,postgres' },
    runs: { type: 'string', default: '1' },
    files: { type: 'string', default: '835,837' },
  },
});
const mb = Number(values.mb);
const runs = Number(values.runs);
const engines = (values.engines ?? 'pglite')
  .split(',')
  .filter((e) => e === 'pglite' || process.env.DATABASE_URL);

interface Measure {
  wallS: number;
  rssMb: number;
  /** CPU time of the CLI process (both threads; on the server, not the server's own). */
  cpuS: number;
  ok: boolean;
}

/** Runs the CLI with the RSS reporter preloaded; stdout is discarded. */
function measure(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Measure> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', join(root, 'bench/x12/rss.mjs'), 'bin/reclaim.js', ...args],
      {
        cwd: root,
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      const rss = /maxrss_kb=(\d+)/.exec(stderr);
      const cpu = /cpu_us=(\d+)/.exec(stderr);
      if (code !== 0) process.stderr.write(stderr);
      resolve({
        wallS: (performance.now() - started) / 1000,
        rssMb: Number(rss?.[1] ?? 0) / 1024,
        cpuS: Number(cpu?.[1] ?? 0) / 1e6,
        ok: code === 0,
      });
    });
  });
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(sql);
  await client.end();
}

/** A fresh, migrated database for one run: a new RECLAIM_HOME, or a new database on the server. */
async function freshEnv(
  engine: string,
  n: number,
): Promise<{ env: NodeJS.ProcessEnv; drop: () => Promise<void> }> {
  const home = join(tmpdir(), `reclaim-ingest-bench-${process.pid}-${n}`);
  rmSync(home, { recursive: true, force: true });
  const base: NodeJS.ProcessEnv = { ...process.env, RECLAIM_HOME: home, LOG_LEVEL: 'error' };
  if (engine === 'pglite') {
    delete base.DATABASE_URL;
    const env = base;
    // Migrations are not what is measured.
    await measure(['migrate'], env);
    return { env, drop: async () => rmSync(home, { recursive: true, force: true }) };
  }
  const name = `reclaim_ingest_bench_${process.pid}_${n}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const env = { ...base, DATABASE_URL: url.toString() };
  await measure(['migrate'], env);
  return {
    env,
    drop: async () => {
      rmSync(home, { recursive: true, force: true });
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

if (!existsSync(join(root, 'dist/cli/main.js'))) {
  console.error('build first: npm run build');
  process.exit(1);
}
const dir = join(tmpdir(), 'reclaim-x12-bench');
mkdirSync(dir, { recursive: true });
const kinds = new Set((values.files ?? '835,837').split(','));
const files: [string, string][] = [];
if (kinds.has('835')) files.push(['835', join(dir, `remit-${mb}mb.835`)]);
if (kinds.has('837')) files.push(['837', join(dir, `claims-${mb}mb.837`)]);
for (const [kind, file] of files) {
  if (!existsSync(file)) await (kind === '835' ? make835 : make837)(file, mb * 1_000_000);
}

console.log(
  `machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log('| file | engine | step | MB | wall s | MB/s | CPU s | peak RSS MB |');
console.log('|---|---|---|---:|---:|---:|---:|---:|');
let n = 0;
/** Every run of each (file, engine, step), for the summary after the table. */
const seen = new Map<string, { size: number; runs: Measure[] }>();
for (const [kind, file] of files) {
  const size = statSync(file).size / 1e6;
  const row = (engine: string, step: string, m: Measure) => {
    const key = `${kind} | ${engine} | ${step}`;
    const entry = seen.get(key) ?? { size, runs: [] };
    entry.runs.push(m);
    seen.set(key, entry);
    console.log(
      `| ${kind} | ${engine} | ${step} | ${size.toFixed(1)} | ${m.wallS.toFixed(2)} | ${(size / m.wallS).toFixed(1)} | ${m.cpuS.toFixed(2)} | ${m.rssMb.toFixed(0)} |${m.ok ? '' : ' FAILED'}`,
    );
  };
  for (let r = 0; r < runs; r++) row('—', 'x12 parse', await measure(['x12', 'parse', file], process.env));
  for (const engine of engines) {
    for (let r = 0; r < runs; r++) {
      const { env, drop } = await freshEnv(engine, n++);
      row(engine, 'ingest', await measure(['ingest', file], env));
      row(engine, 're-ingest', await measure(['ingest', file], env));
      await drop();
    }
  }
}
// The floor under re-ingest: starting the CLI and opening a migrated database, nothing else.
for (const engine of engines) {
  const { env, drop } = await freshEnv(engine, n++);
  for (let r = 0; r < runs; r++) {
    const m = await measure(['migrate'], env);
    const key = `— | ${engine} | open only`;
    seen.set(key, { size: 0, runs: [...(seen.get(key)?.runs ?? []), m] });
    console.log(
      `| — | ${engine} | open only (\`migrate\`, nothing to apply) | | ${m.wallS.toFixed(2)} | | ${m.cpuS.toFixed(2)} | ${m.rssMb.toFixed(0)} |${m.ok ? '' : ' FAILED'}`,
    );
  }
  await drop();
}

// Wall times on a shared machine vary by a tenth or more from run to run: with several runs, the
// median and the range say more than any one of them. Targets are issue 16's.
if (runs > 1) {
  const target = (engine: string, step: string): string =>
    step === 're-ingest'
      ? '≤ 1 s'
      : step === 'ingest'
        ? `≥ ${engine === 'postgres' ? 15 : 8} MB/s, ≤ 300 MB`
        : '';
  console.log(`\nmedian of ${runs} runs`);
  console.log(
    '| file | engine | step | median wall s | MB/s at median | wall range s | peak RSS MB (max) | target |',
  );
  console.log('|---|---|---|---:|---:|---|---:|---|');
  for (const [key, { size, runs: every }] of seen) {
    // A run that failed ends early and looks fast: counted apart, never in the figures.
    const all = every.filter((m) => m.ok);
    const failed = every.length - all.length;
    if (all.length === 0) {
      console.log(`| ${key} | FAILED (${failed}) | | | | |`);
      continue;
    }
    const walls = all.map((m) => m.wallS).sort((a, b) => a - b);
    const mid =
      walls.length % 2
        ? walls[(walls.length - 1) / 2]!
        : (walls[walls.length / 2 - 1]! + walls[walls.length / 2]!) / 2;
    const [, engine = '', step = ''] = key.split(' | ');
    console.log(
      `| ${key} | ${mid.toFixed(2)} | ${size ? (size / mid).toFixed(1) : ''} | ${walls[0]!.toFixed(2)}–${walls.at(-1)!.toFixed(2)} | ${Math.max(...all.map((m) => m.rssMb)).toFixed(0)} | ${target(engine, step)}${failed ? ` (${failed} failed, left out)` : ''} |`,
    );
  }
}
