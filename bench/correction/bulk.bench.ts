// Bulk auto-correction throughput: `npx tsx bench/correction/bulk.bench.ts [--denials 100000]
// [--engines pglite,postgres] [--processes 2] [--batch-size 1000]`. PostgreSQL runs use the built
// CLI (`npm run build` first) in that many processes against a fresh database on DATABASE_URL.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { correctAll } from '../../src/correction/bulk.js';
import { seedDemoDenials } from '../../src/correction/demo-data.repository.js';
import type { Db } from '../../src/db/db.js';
import { migrate } from '../../src/db/migrate.js';
import { openPglite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';

const { values } = parseArgs({
  options: {
    denials: { type: 'string', default: '100000' },
    engines: { type: 'string', default: process.env.DATABASE_URL ? 'pglite,postgres' : 'pglite' },
    processes: { type: 'string', default: '2' },
    'batch-size': { type: 'string', default: '1000' },
  },
});
const denials = Number(values.denials);
const processes = Number(values.processes);
const batchSize = Number(values['batch-size']);
const envelope = { tenantId: 'default', orgId: null, correlationId: 'bench' };

interface Row {
  engine: string;
  processes: number;
  seedSeconds: number;
  seconds: number;
  attempts: number;
  events: number;
}

async function seed(db: Db): Promise<number> {
  const t = performance.now();
  // In chunks, so that PGlite's single transaction never holds the whole set at once.
  for (let done = 0; done < denials; done += 20_000) {
    await db.transaction((tx) =>
      seedDemoDenials(tx, 'default', Math.min(20_000, denials - done), `B${done}`),
    );
  }
  return (performance.now() - t) / 1000;
}

async function totals(db: Db): Promise<{ attempts: number; events: number }> {
  const [r] = await db.query<{ attempts: number; events: number }>(
    `SELECT (SELECT count(*)::int FROM billing.auto_correction_attempt WHERE status <> 'PENDING') AS attempts,
            (SELECT count(*)::int FROM billing.outbox_event) AS events`,
  );
  return r!;
}

async function onPglite(): Promise<Row> {
  const db = await openPglite(undefined);
  await migrate(db);
  const seedSeconds = await seed(db);
  const t = performance.now();
  await correctAll(db, { envelope, batchSize });
  const seconds = (performance.now() - t) / 1000;
  const row = { engine: 'pglite', processes: 1, seedSeconds, seconds, ...(await totals(db)) };
  await db.close();
  return row;
}

async function onPostgres(): Promise<Row> {
  const base = process.env.DATABASE_URL!;
  const name = `reclaim_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString());
  try {
    await migrate(db);
    const seedSeconds = await seed(db);
    await db.query('ANALYZE');
    const t = performance.now();
    const runs = Array.from({ length: processes }, () => run(url.toString()));
    const codes = await Promise.all(runs);
    const seconds = (performance.now() - t) / 1000;
    if (codes.some((c) => c !== 0)) throw new Error(`an engine process exited with ${codes.join(',')}`);
    return { engine: 'postgres', processes, seedSeconds, seconds, ...(await totals(db)) };
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

function run(url: string): Promise<number | null> {
  const child = spawn(
    process.execPath,
    ['bin/reclaim.js', 'correct', '--all', '--json', '--batch-size', String(batchSize)],
    {
      env: { ...process.env, DATABASE_URL: url, NATS_URL: '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

const rows: Row[] = [];
for (const engine of values.engines!.split(','))
  rows.push(engine === 'postgres' ? await onPostgres() : await onPglite());

const cpu = cpus();
console.log(
  `machine: ${cpu.length} × ${cpu[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  `input: ${denials} demo denials (all six handlers, 80% SUCCESS / 20% SKIPPED), batch size ${batchSize}`,
);
console.log('| engine | processes | seed s | correct s | denials/s | attempts | events |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.engine} | ${r.processes} | ${r.seedSeconds.toFixed(1)} | ${r.seconds.toFixed(1)} | ${Math.round(denials / r.seconds)} | ${r.attempts} | ${r.events} |`,
  );
}
