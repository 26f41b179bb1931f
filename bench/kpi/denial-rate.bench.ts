/**
 * Benchmark: the locked denial-rate KPI over a large line set.
 *
 *   npx tsx bench/kpi/denial-rate.bench.ts --engine postgres --lines 10000000
 *   npx tsx bench/kpi/denial-rate.bench.ts --engine pglite --lines 10000000
 *
 * Loads generated lines (bench/kpi/generate-lines.ts) with COPY into a fresh database (a new
 * database on the server in DATABASE_URL, or an embedded one under /tmp) and times, separately:
 *   load      COPY of the lines
 *   summarise the one scan over the lines that `reclaim kpi` does at load time (kpi_line_summary)
 *   kpi       the report's query (v_kpi_weekly_counts for the load) plus maturity and rates
 *   rescan    the definition applied line by line over all lines (v_kpi_line_enriched), the
 *             worst case of an ad-hoc query that does not use the summary
 * "lines -> KPI" = summarise + kpi is the time from loaded lines to the numbers.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { copyText } from '../../src/db/copy-text.js';
import type { Db } from '../../src/db/db.js';
import { migrate } from '../../src/db/migrate.js';
import { openPglite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';
import { computeKpi } from '../../src/kpi/compute.js';
import { findWeeklyCounts, LINE_COLUMNS, summariseLoad } from '../../src/kpi/kpi-line.repository.js';
import { generateLines } from './generate-lines.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const engine = arg('--engine', 'postgres');
const total = Number(arg('--lines', '10000000'));
const runs = Number(arg('--runs', '3'));

async function open(): Promise<{ db: Db; dispose: () => Promise<void> }> {
  if (engine === 'pglite') {
    const dir = '/tmp/reclaim-bench-kpi-pglite';
    rmSync(dir, { recursive: true, force: true });
    const db = await openPglite(dir);
    return { db, dispose: async () => (await db.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const base = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const name = 'reclaim_bench_kpi';
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString());
  return {
    db,
    dispose: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

const { db, dispose } = await open();
try {
  await migrate(db);
  const [load] = await db.query<{ load_id: number }>(
    `INSERT INTO billing.kpi_line_load (tenant_id, layout, file_name, checksum_sha256)
     VALUES ('default', 'reclaim', 'generated', 'bench') RETURNING load_id`,
  );
  const loadId = load!.load_id;
  let t0 = process.hrtime.bigint();
  for (const batch of generateLines(total, 20240101, 250_000)) {
    const text = copyText(
      batch.map((l) => [
        'default',
        loadId,
        l.claimRef,
        l.lineNum,
        l.svcDt,
        l.prcsgCd || null,
        l.primaryPayerCd || null,
        l.primaryPayerPaidCents,
      ]),
    );
    await db.copyIn('billing.kpi_carrier_line', LINE_COLUMNS, text);
  }
  const loadSeconds = seconds(t0);
  await db.exec('ANALYZE billing.kpi_carrier_line');
  t0 = process.hrtime.bigint();
  const counted = await db.transaction((tx) => summariseLoad(tx, loadId));
  const summariseSeconds = seconds(t0);
  if (counted !== total) throw new Error(`summary counted ${counted} of ${total}`);
  const kpiTimes: number[] = [];
  let summary = '';
  for (let r = 0; r < runs; r++) {
    t0 = process.hrtime.bigint();
    const counts = await findWeeklyCounts(db, 'default', 'carrier', [loadId]);
    const kpi = computeKpi(counts, { asOf: '2025-01-31', includeBenefitsExhausted: false });
    kpiTimes.push(seconds(t0));
    summary = `${kpi.weeks.length} complete weeks, rate ${kpi.overall.denialRate?.toFixed(6)}, lines ${kpi.totalLines}, leakage ${kpi.leakage.map((l) => l.count).join('/')}`;
  }
  t0 = process.hrtime.bigint();
  const rescan = await db.transaction(async (tx) => {
    await tx.query(`SELECT set_config('work_mem', '64MB', true)`);
    return tx.query<{ denials: number; comparable: number }>(
      `SELECT count(*) FILTER (WHERE is_denial_rate) AS denials, count(*) FILTER (WHERE is_comparable) AS comparable
       FROM billing.v_kpi_line_enriched WHERE tenant_id = 'default' AND source = 'carrier' AND load_id = $1
         AND week_start + 6 <= DATE '2025-01-31' - 60`,
      [loadId],
    );
  });
  const rescanSeconds = seconds(t0);
  const median = [...kpiTimes].sort((a, b) => a - b)[Math.floor(kpiTimes.length / 2)]!;
  const cpu = cpus();
  process.stdout.write(
    [
      `machine: ${cpu.length} x ${cpu[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
      `result: ${summary}; rescan rate ${(Number(rescan[0]!.denials) / Number(rescan[0]!.comparable)).toFixed(6)}`,
      '',
      '| engine | lines | load (COPY) s | summarise s | KPI query s (runs) | lines -> KPI s | rescan lines s |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      `| ${engine} | ${total.toLocaleString('en-US')} | ${loadSeconds.toFixed(1)} | ${summariseSeconds.toFixed(2)} | ${kpiTimes.map((t) => t.toFixed(3)).join(', ')} | ${(summariseSeconds + median).toFixed(2)} | ${rescanSeconds.toFixed(2)} |`,
      '',
    ].join('\n'),
  );
} finally {
  await dispose();
}
