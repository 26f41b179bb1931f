// Hostile X12: `reclaim x12 parse` and `reclaim ingest` on a 20 MB 835 whose body ends its segments
// with another character than its ISA declares, and on one 40 MB element without a terminator,
// beside the well-formed 20 MB file: wall time, CPU time, peak RSS and exit code of each.
//   node scripts/build.mjs cli && npx tsx bench/x12/hostile.bench.ts [--mb 20]
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { make835 } from './make-835.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({ options: { mb: { type: 'string', default: '20' } } });
const mb = Number(values.mb);
const dir = join(tmpdir(), 'reclaim-x12-hostile');
mkdirSync(dir, { recursive: true });

const files = {
  'well-formed': join(dir, `ok-${mb}mb.835`),
  'wrong terminator': join(dir, `wrong-terminator-${mb}mb.835`),
  'one 40 MB element': join(dir, 'one-element-40mb.835'),
};
if (!existsSync(files['well-formed'])) await make835(files['well-formed'], mb * 1e6);
if (!existsSync(files['wrong terminator']))
  await make835(files['wrong terminator'], mb * 1e6, { wrongTerminator: true });
if (!existsSync(files['one 40 MB element']))
  writeFileSync(
    files['one 40 MB element'],
    'ISA*00*          *00*          *ZZ*S              *ZZ*R              *250101*1200*^*00501*000000001*0*P*:~' +
      'GS*HP*S*R*20250101*1200*1*X*005010X221A1~ST*835*0001~NTE*' +
      'x'.repeat(40e6),
  );

// A migrated embedded database to copy for every ingest (initdb once, not per measurement).
const template = join(dir, 'home-template');
if (!existsSync(template))
  spawnSync(process.execPath, ['bin/reclaim.js', 'migrate'], {
    cwd: root,
    env: { ...process.env, RECLAIM_HOME: template, DATABASE_URL: '' },
  });

function measure(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ wall: number; cpu: number; rss: number; code: number | null }>((resolve) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', join(root, 'bench/x12/rss.mjs'), 'bin/reclaim.js', ...args],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: '', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      const m = /maxrss_kb=(\d+) cpu_us=(\d+)/.exec(err);
      resolve({
        wall: (performance.now() - t0) / 1000,
        cpu: Number(m?.[2] ?? 0) / 1e6,
        rss: Number(m?.[1] ?? 0) / 1024,
        code,
      });
    });
  });
}

console.log(
  `machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log('| command | input | exit | wall s | CPU s | peak RSS MB | wall vs well-formed |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const command of ['x12 parse', 'ingest'] as const) {
  let base = 0;
  for (const [name, path] of Object.entries(files)) {
    const home = join(dir, 'home');
    rmSync(home, { recursive: true, force: true });
    cpSync(template, home, { recursive: true });
    const m = await measure(command === 'ingest' ? ['ingest', path] : ['x12', 'parse', path], {
      RECLAIM_HOME: home,
    });
    if (name === 'well-formed') base = m.wall;
    console.log(
      `| reclaim ${command} | ${name} | ${m.code} | ${m.wall.toFixed(2)} | ${m.cpu.toFixed(2)} | ${m.rss.toFixed(0)} | ${(m.wall / base).toFixed(2)}× |`,
    );
  }
}
