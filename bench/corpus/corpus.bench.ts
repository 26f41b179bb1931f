// The open corpus end to end: `npx tsx bench/corpus/corpus.bench.ts [--claims 100000]
// [--engines pglite,postgres] [--seed 1]`. Generates the corpus once, then on each engine (a fresh
// in-memory PGlite; a fresh database on DATABASE_URL) imports its reference files, ingests the
// 837s, the 835s, runs the engine over every denial and ingests the follow-up 835s, timing each
// stage, and checks the outcome of every denial and the realised recovery against the manifest.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { generateCorpus } from '../../src/corpus/generate.js';
import type { Manifest } from '../../src/corpus/manifest.js';
import { correctAll } from '../../src/correction/bulk.js';
import type { Db } from '../../src/db/db.js';
import { migrate } from '../../src/db/migrate.js';
import { openPglite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';
import { ingestX12File } from '../../src/ingest/x12/ingest-x12.js';
import { importReference } from '../../src/reference/import-reference.js';
import { REFERENCE_KINDS } from '../../src/reference/kinds.js';
import { readReferenceFile } from '../../src/reference/reference-file.js';
import { tempDir } from '../../test/support/temp.js';

const { values } = parseArgs({
  options: {
    claims: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    engines: { type: 'string', default: process.env.DATABASE_URL ? 'pglite,postgres' : 'pglite' },
  },
});
const claims = Number(values.claims);
const tenantId = 'default';

const files = (dir: string, folder: string) =>
  readdirSync(join(dir, folder))
    .sort()
    .map((f) => join(dir, folder, f));

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

interface Stages {
  reference: number;
  ingest837: number;
  ingest835: number;
  correct: number;
  followUp: number;
}

async function run(db: Db, dir: string): Promise<Stages> {
  const ingest = async (paths: string[]) => {
    for (const path of paths)
      await db.transaction((tx) => ingestX12File(tx, path, { tenantId, sourceSystem: 'bench' }));
  };
  return {
    reference: await timed(async () => {
      for (const kind of REFERENCE_KINDS) {
        const file = await readReferenceFile(join(dir, 'reference', `${kind}.csv`), kind);
        await db.transaction((tx) => importReference(tx, { tenantId, kind, loadedBy: 'bench' }, [file]));
      }
    }),
    ingest837: await timed(() => ingest(files(dir, '837'))),
    ingest835: await timed(() => ingest(files(dir, '835'))),
    correct: await timed(() =>
      correctAll(db, { envelope: { tenantId, orgId: null, correlationId: 'bench' }, batchSize: 1000 }),
    ),
    followUp: await timed(() => ingest(files(dir, 'followup'))),
  };
}

/** How many denials reached their manifest outcome, and the realised total the database holds. */
async function agreement(db: Db, manifest: Manifest): Promise<{ agree: number; realised: number }> {
  const rows = await db.query<{ pcn: string; handler_name: string; status: string; reason: string | null }>(
    `SELECT d.patient_control_number AS pcn, a.handler_name, a.status, a.details->>'reason' AS reason
     FROM billing.auto_correction_attempt a JOIN billing.denial d ON d.denial_id = a.denial_id`,
  );
  const got = new Map(rows.map((r) => [`${r.pcn}|${r.handler_name}`, `${r.status}|${r.reason ?? ''}`]));
  let agree = 0;
  for (const d of manifest.denials) {
    if (got.get(`${d.patientControlNumber}|${d.handler}`) === `${d.outcome}|${d.skipReason ?? ''}`) agree++;
  }
  const [r] = await db.query<{ realised: number }>(
    `SELECT coalesce(sum(realised_amount_cents), 0)::bigint AS realised FROM billing.auto_correction_attempt`,
  );
  return { agree, realised: r!.realised };
}

async function onEngine(engine: string, dir: string, manifest: Manifest) {
  let db: Db;
  let drop: (() => Promise<void>) | undefined;
  if (engine === 'pglite') db = await openPglite(undefined);
  else {
    const base = process.env.DATABASE_URL!;
    const name = `reclaim_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    db = await openPostgres(url.toString());
    drop = async () => {
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  }
  try {
    await migrate(db);
    const stages = await run(db, dir);
    return { engine, stages, ...(await agreement(db, manifest)) };
  } finally {
    await db.close();
    await drop?.();
  }
}

const dir = tempDir('reclaim-bench-corpus-');
let manifest: Manifest | undefined;
const generate = await timed(async () => {
  manifest = await generateCorpus(dir, { claims, seed: Number(values.seed), start: '2025-01-06' });
});
const m = manifest!;
console.log(
  `corpus: ${m.counts.claims837} claims (837), ${m.counts.remitClaims} claim payments (835), ${m.counts.denials} denials; ` +
    `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GB, load ${loadavg()[0]!.toFixed(1)}`,
);
console.log(`generate: ${generate.toFixed(1)} s (${Math.round(claims / generate)} claims/s)`);
const rate = (n: number, s: number) => `${s.toFixed(1)} s, ${Math.round(n / s)}/s`;
console.log(
  '| engine | reference | ingest 837 (claims/s) | ingest 835 (claims/s) | correct (denials/s) | follow-up | total (claims/s) | outcomes as manifest | realised = manifest |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const engine of values.engines.split(',')) {
  const r = await onEngine(engine, dir, m);
  const s = r.stages;
  const total = generate + s.reference + s.ingest837 + s.ingest835 + s.correct + s.followUp;
  console.log(
    `| ${engine} | ${s.reference.toFixed(1)} s | ${rate(m.counts.claims837, s.ingest837)} | ${rate(m.counts.remitClaims, s.ingest835)} | ` +
      `${rate(m.counts.denials, s.correct)} | ${rate(m.counts.followUpClaims, s.followUp)} | ${total.toFixed(1)} s, ${Math.round(claims / total)}/s | ` +
      `${r.agree} / ${m.denials.length} | ${r.realised} / ${m.expected.realisedTotalCents} |`,
  );
}
