// What deciding costs, on its own: the batches of the generated exports are cut first (as the run's
// main thread does), then decided one after another in this thread by a fresh `BatchDecider` (as a
// decider thread does), best of N. Single-threaded and without the database, so a change to the
// deciding shows up here even when the machine is too noisy for the whole batch run to show it.
//   python3 ../shared/bench/gen_emr.py /tmp/bench1m --rows 1000000
//   npx tsx bench/batch/decide.bench.ts [--dir /tmp/bench1m] [--runs 3] [--digest]
// --digest prints a SHA-256 of everything the deciding produced (decisions, COPY rows, candidates,
// rejection lines, counters), to check that two versions decide byte for byte alike.
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadProfile } from '../../src/ingest/profile.js';
import { openSource, splitSource, type SourceBatch } from '../../src/ingest/read-source.js';
import { BatchDecider, type FileSpec } from '../../src/resubmit/decide-batch.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '/tmp/bench1m' },
    runs: { type: 'string', default: '3' },
    digest: { type: 'boolean', default: false },
  },
});
const dir = values.dir ?? '/tmp/bench1m';
const runs = Number(values.runs);
const rules = { asOf: '2025-07-30', minAgeDays: 7, timelyFilingDays: 365 };

const specs: FileSpec[] = [];
const batches: { order: number; batch: SourceBatch }[] = [];
for (const [order, [name, profileName]] of [
  ['emr_alpha.csv', 'alpha'],
  ['emr_beta.json', 'beta'],
].entries()) {
  const profile = loadProfile(profileName!);
  const file = openSource(join(dir, name!), profile);
  specs.push({
    order,
    runId: '00000000-0000-4000-8000-000000000000',
    profile,
    fileName: file.name,
    format: file.format,
    sizeBytes: file.sizeBytes,
    rules,
  });
  for await (const batch of splitSource(file, profile)) batches.push({ order, batch });
}

let best = Infinity;
let digest = '';
let rows = 0;
for (let run = 0; run < runs; run++) {
  const hash = values.digest ? createHash('sha256') : null;
  const decider = new BatchDecider(undefined);
  for (const spec of specs) decider.addFile(spec);
  rows = 0;
  const started = performance.now();
  for (const [seq, { order, batch }] of batches.entries()) {
    const r = await decider.decide({ seq, order, batch });
    rows += r.decisions.length;
    if (hash) {
      for (const part of [
        r.decisions,
        r.copy.records,
        r.candidates.json,
        r.candidates.csv,
        r.candidates.jsonStarts,
        r.candidates.csvStarts,
        r.keys,
        r.rows,
        r.rejectionAt,
        r.rejections,
      ])
        hash.update(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
      hash.update(r.copy.quarantine).update(r.copy.issues);
      hash.update(JSON.stringify(r.counters)).update(JSON.stringify(r.classes));
    }
  }
  const ms = performance.now() - started;
  best = Math.min(best, ms);
  if (hash) digest = hash.digest('hex');
}

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}`,
);
console.log(
  `decided ${rows.toLocaleString('en')} rows in ${batches.length} batches, one thread: best of ${runs} ${best.toFixed(0)} ms (${Math.round((rows / best) * 1000).toLocaleString('en')} rows/s)${values.digest ? ' (with --digest: includes hashing)' : ''}`,
);
if (digest) console.log(`digest: ${digest}`);
