// HTTP API benchmark: `reclaim serve` on the PostgreSQL server, autocannon with 50 connections for
// 20 s per route. Usage: npm run build && DATABASE_URL=postgres://… node bench/api/bench-api.mjs
//   [--duration 20] [--connections 50] [--skip-seed] [--seed-only] [--only 1,5]
// Seeds a database of its own (reclaim_bench_api): 1,000,000 denials and 1,000,000 attempts with
// generate_series (seed.sql, seed-attempts.sql), plus demo denials the engine can correct.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { signToken } from '../../dist/api/auth/sign.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    'skip-seed': { type: 'boolean', default: false },
    'execute-denials': { type: 'string', default: '40000' },
    'seed-only': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const base = process.env.DATABASE_URL;
if (!base) throw new Error('set DATABASE_URL to a PostgreSQL server');
const DB = 'reclaim_bench_api';
const url = new URL(base);
url.pathname = `/${DB}`;
const SECRET = 'bench-secret-0123456789-0123456789-0123456789';
const env = {
  ...process.env,
  DATABASE_URL: url.toString(),
  RECLAIM_JWT_SECRET: SECRET,
  LOG_LEVEL: 'warn',
  NATS_URL: '',
};
const cli = (...a) => {
  const r = spawnSync(process.execPath, ['bin/reclaim.js', ...a], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`reclaim ${a.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const t0 = () => process.hrtime.bigint();
const secs = (since) => (Number(process.hrtime.bigint() - since) / 1e9).toFixed(1);

if (!args['skip-seed']) {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  cli('migrate');
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  let start = t0();
  await db.query(readFileSync('bench/api/seed.sql', 'utf8'));
  console.error(`seeded 1,000,000 denials in ${secs(start)} s`);
  start = t0();
  const attempts = readFileSync('bench/api/seed-attempts.sql', 'utf8');
  const [{ lo }] = (
    await db.query(`SELECT min(denial_id)::bigint AS lo FROM billing.denial WHERE tenant_id = 'bench'`)
  ).rows;
  for (let i = 0; i < 10; i++) await db.query(attempts, [Number(lo) - 1 + i * 100_000]);
  console.error(`seeded 1,000,000 attempts in ${secs(start)} s`);
  start = t0();
  cli('demo', 'seed', '--denials', args['execute-denials'], '--tenant', 'bench', '--tag', 'X');
  console.error(`seeded ${args['execute-denials']} demo denials in ${secs(start)} s`);
  // VACUUM as well as ANALYZE: the seed writes a year of rows in a few statements, and without
  // the visibility map autovacuum would build (it is off on this project's CI machines) the
  // worklist's counts cannot use index-only scans; the roll-up's seed updates also leave it 10x
  // its live size, which HOT updates and autovacuum keep from happening in real use.
  await db.query('VACUUM ANALYZE');
  await db.query('VACUUM FULL billing.auto_correction_daily, billing.auto_correction_monthly');
  await db.end();
}
if (args['seed-only']) process.exit(0);

const db = new pg.Client({ connectionString: url.toString() });
await db.connect();
const count = async (sql) => Number((await db.query(sql)).rows[0].n);
const denials = await count(`SELECT count(*) AS n FROM billing.denial WHERE tenant_id = 'bench'`);
const attemptsN = await count(
  `SELECT count(*) AS n FROM billing.auto_correction_attempt WHERE tenant_id = 'bench'`,
);
const [{ lo, hi }] = (
  await db.query(`SELECT min(denial_id)::bigint AS lo, max(denial_id)::bigint AS hi FROM billing.denial
                  WHERE tenant_id = 'bench' AND payer_claim_control_number LIKE 'BI%'`)
).rows;
// Open demo denials with no attempt yet: each execute request takes the next one.
const fresh = (
  await db.query(`SELECT denial_id AS id FROM billing.denial d WHERE tenant_id = 'bench' AND status = 'OPEN'
                  AND last_outcome IS NULL AND payer_claim_control_number NOT LIKE 'BI%' ORDER BY denial_id`)
).rows.map((r) => Number(r.id));
await db.end();

const server = spawn(
  process.execPath,
  ['bin/reclaim.js', 'serve', '--port', '0', '--rate-limit', '100000000', '--db-pool', '24'],
  {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const address = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (b) => {
    out += b.toString();
    const m = /serving on (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  server.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
});
const token = await signToken(SECRET, {
  tenant: 'bench',
  scopes: ['denials.read', 'denials.update', 'reports.read.operational', 'reports.read.financial'],
  subject: 'bench',
  ttlSeconds: 3600,
});
const headers = { authorization: `Bearer ${token}` };
const jsonHeaders = { ...headers, 'content-type': 'application/json' };

const range = (n) => Number(lo) + (Math.floor(Math.random() * (Number(hi) - Number(lo) + 1)) % n);
let next = 0;
const scenarios = [
  { name: 'stats, all time (1 M attempts)', path: '/denials/auto-correction/stats' },
  {
    name: 'stats, 2025-03-01..2025-08-31',
    path: '/denials/auto-correction/stats?since=2025-03-01&until=2025-08-31',
  },
  {
    name: 'worklist: OPEN, payer P2, sorted -amount, page 1',
    path: '/denials?status=OPEN&payer=P2&sort=-amount&limit=50',
  },
  {
    name: 'worklist: CO-45, age 181+, sorted -age, page 3',
    path: '/denials?carc=CO-45&ageBand=181%2B&sort=-age&limit=50&offset=100',
  },
  {
    name: 'denial detail (random of 1 M)',
    setup: (req) => ({ ...req, path: `/denials/${range(1_000_000)}` }),
  },
  {
    name: 'execute, distinct denials',
    method: 'POST',
    setup: (req) => ({
      ...req,
      path: `/denials/${fresh[next++ % fresh.length]}/auto-correction/execute`,
      body: '{}',
    }),
  },
];

// --only 1,5 runs the first and fifth scenarios (1-based), to iterate on one route.
const only = args.only ? new Set(args.only.split(',').map(Number)) : null;
const results = [];
for (const [i, s] of scenarios.entries()) {
  if (only && !only.has(i + 1)) continue;
  const result = await autocannon({
    url: s.path ? `${address}${s.path}` : address,
    connections: Number(args.connections),
    duration: Number(args.duration),
    headers: s.method === 'POST' ? jsonHeaders : headers,
    method: s.method ?? 'GET',
    ...(s.setup ? { requests: [{ method: s.method ?? 'GET', setupRequest: s.setup }] } : {}),
  });
  // A benchmark of answers that are not 200 would measure nothing: say so loudly.
  if (result.non2xx > 0)
    console.error(`${s.name}: ${result.non2xx} answers were not 2xx`, result.statusCodeStats);
  const row = {
    scenario: s.name,
    requestsPerSecond: Math.round(result.requests.average),
    ok: result['2xx'],
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
  results.push(row);
  console.error(JSON.stringify(row));
}
server.kill('SIGTERM');
await new Promise((r) => server.on('exit', r));

console.log(
  `machine: ${cpus().length}× ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `data: ${denials} denials, ${attemptsN} attempts (tenant bench); ${args.connections} connections, ${args.duration} s each`,
);
console.log('| route | req/s | p50 (ms) | p99 (ms) | non-2xx | errors |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of results)
  console.log(`| ${r.scenario} | ${r.requestsPerSecond} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.errors} |`);
if (next > fresh.length)
  console.log(`note: execute reused denials (${next} requests, ${fresh.length} fresh denials)`);
