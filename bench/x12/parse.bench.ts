// Throughput and peak memory of `reclaim x12 parse` against node-x12 on large 835s.
//   npm run build && npx tsx bench/x12/parse.bench.ts [--sizes 50,200] [--node-x12-max 50] [--runs 3]
// Files are generated once into the system temp directory by repeating the claim loops of a public
// sample (see make-835.ts). The built CLI is measured, as a user runs it.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { make835 } from './make-835.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '50,200' },
    'node-x12-max': { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
  },
});
const sizes = (values.sizes ?? '50').split(',').map(Number);
const nodeX12Max = Number(values['node-x12-max']);
const runs = Number(values.runs);

interface Measure {
  wallS: number;
  cpuS: number;
  rssMb: number;
  ok: boolean;
}

/** Runs `node args` with the RSS/CPU reporter preloaded; stdout is discarded. */
function measure(args: readonly string[]): Promise<Measure> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', join(root, 'bench/x12/rss.mjs'), ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      const wallS = (performance.now() - started) / 1000;
      const rss = /maxrss_kb=(\d+) cpu_us=(\d+)/.exec(stderr);
      resolve({
        wallS,
        cpuS: Number(rss?.[2] ?? 0) / 1e6,
        rssMb: Number(rss?.[1] ?? 0) / 1024,
        ok: code === 0,
      });
    });
  });
}

function median(ms: Measure[]): Measure {
  const sorted = [...ms].sort((a, b) => a.wallS - b.wallS);
  return sorted[Math.floor(sorted.length / 2)] ?? { wallS: 0, cpuS: 0, rssMb: 0, ok: false };
}

if (!existsSync(join(root, 'dist/cli/main.js'))) {
  console.error('build first: npm run build');
  process.exit(1);
}
const dir = join(tmpdir(), 'reclaim-x12-bench');
mkdirSync(dir, { recursive: true });

console.log(
  `machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const rows: string[][] = [];
const results = new Map<string, Measure>();
for (const mb of sizes) {
  const file = join(dir, `remit-${mb}mb.835`);
  if (!existsSync(file)) await make835(file, mb * 1_000_000);
  const bytes = statSync(file).size;
  const cases: [string, string[], number][] = [
    ['reclaim x12 parse', ['bin/reclaim.js', 'x12', 'parse', file], runs],
    ['reclaim x12 parse --json', ['bin/reclaim.js', 'x12', 'parse', file, '--json'], runs],
  ];
  if (mb <= nodeX12Max)
    cases.push([
      'node-x12 parse()',
      ['--max-old-space-size=16000', 'bench/x12/node-x12-parse.mjs', 'whole', file],
      1,
    ]);
  for (const [name, args, n] of cases) {
    const all: Measure[] = [];
    for (let i = 0; i < n; i++) all.push(await measure(args));
    const m = median(all);
    results.set(`${name}@${mb}`, m);
    const size = bytes / 1e6;
    rows.push([
      name,
      size.toFixed(1),
      m.ok ? 'ok' : 'FAILED',
      m.wallS.toFixed(2),
      (size / m.wallS).toFixed(1),
      m.cpuS.toFixed(2),
      (size / m.cpuS).toFixed(1),
      m.rssMb.toFixed(0),
    ]);
  }
}

const header = ['tool', 'MB', 'exit', 'wall s', 'MB/s', 'CPU s', 'MB/CPU-s', 'peak RSS MB'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) =>
  `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|')}|`);
for (const r of rows) console.log(line(r));

for (const mb of sizes) {
  const ours = results.get(`reclaim x12 parse@${mb}`);
  const theirs = results.get(`node-x12 parse()@${mb}`);
  if (ours && theirs) {
    console.log(
      `${mb} MB: reclaim is ${(theirs.wallS / ours.wallS).toFixed(1)}× node-x12 by wall time, ` +
        `${(theirs.cpuS / ours.cpuS).toFixed(1)}× by CPU time, with ${(theirs.rssMb / ours.rssMb).toFixed(0)}× less memory`,
    );
  }
}
