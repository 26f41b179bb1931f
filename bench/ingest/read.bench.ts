// Reading cost of the EMR export readers: time to iterate readSource over the generated alpha CSV
// and beta JSON array (scanner + parse + row building), best of N runs, beside the cost of only
// reading and decoding the same bytes.
//   python3 /work/shared/bench/gen_emr.py /tmp/ingest-bench --rows 1000000
//   npx tsx bench/ingest/read.bench.ts [--dir /tmp/ingest-bench] [--runs 3] [--digest]
// --digest also prints a SHA-256 of every item read (slower; run it separately to compare the
// output of two versions of the readers).
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadProfile } from '../../src/ingest/profile.js';
import { decodeUtf8, openSource, readSource } from '../../src/ingest/read-source.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '/tmp/ingest-bench' },
    runs: { type: 'string', default: '3' },
    digest: { type: 'boolean', default: false },
  },
});
const dir = values.dir ?? '/tmp/ingest-bench';
const runs = Number(values.runs);

const inputs = [
  { file: join(dir, 'emr_alpha.csv'), profile: loadProfile('alpha') },
  { file: join(dir, 'emr_beta.json'), profile: loadProfile('beta') },
];

/** Reads and decodes the file as readSource does, without parsing: the floor under each reader. */
async function decodeOnly(path: string): Promise<number> {
  let chars = 0;
  const reads = createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
  for await (const text of decodeUtf8(reads)) chars += text.length;
  return chars;
}

/** Iterates every batch; counts rows and rejections, and hashes every item when asked. */
async function readAll(input: (typeof inputs)[number]) {
  const hash = values.digest ? createHash('sha256') : null;
  let rows = 0;
  let rejected = 0;
  for await (const batch of readSource(openSource(input.file, input.profile), input.profile)) {
    for (const item of batch) {
      if (item.kind === 'row') rows++;
      else rejected++;
      // undefined cells would vanish from JSON.stringify: spell them out.
      hash?.update(JSON.stringify(item, (_, v: unknown) => (v === undefined ? '(undefined)' : v)) + '\n');
    }
  }
  return { rows, rejected, digest: hash?.digest('hex') };
}

/** Best wall time of `runs` calls. */
async function best<T>(action: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let ms = Infinity;
  let result: T | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await action();
    ms = Math.min(ms, performance.now() - started);
  }
  return { ms, result: result as T };
}

const lines = [
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}`,
  `best of ${runs}${values.digest ? ' (with --digest: times include hashing)' : ''}`,
  '',
  '| file | MB | decode only (ms) | readSource (ms) | rows/s | rows | rejected |',
  '|---|---:|---:|---:|---:|---:|---:|',
];
const digests: string[] = [];
for (const input of inputs) {
  const decode = await best(() => decodeOnly(input.file));
  const read = await best(() => readAll(input));
  const { rows, rejected, digest } = read.result;
  const perSecond = Math.round(((rows + rejected) / read.ms) * 1000);
  lines.push(
    `| ${input.file} | ${(statSync(input.file).size / 1e6).toFixed(1)} | ${decode.ms.toFixed(0)} | ${read.ms.toFixed(0)} | ${perSecond.toLocaleString('en')} | ${rows.toLocaleString('en')} | ${rejected.toLocaleString('en')} |`,
  );
  if (digest) digests.push(`${input.file}: sha256 ${digest}`);
}
process.stdout.write([...lines, '', ...digests, ''].join('\n'));
