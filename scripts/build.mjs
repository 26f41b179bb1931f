// Builds what `reclaim` runs — the CLI (tsc into dist/) and the web app (vite into web/dist/) —
// each only when its inputs changed since its last build, so `npm install`, `npm start` and the
// tests never rebuild an unchanged tree. A build's stamp is a hash of every input it reads.
// `node scripts/build.mjs [cli|web]…` (default both); `--force` ignores the stamps.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const TARGETS = {
  cli: {
    inputs: ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
    stamp: 'dist/.build-hash',
    command: ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
  },
  web: {
    inputs: [
      'web/src',
      'web/index.html',
      'web/vite.config.ts',
      'package-lock.json',
      'src/recovery/routing.ts',
    ],
    stamp: 'web/dist/.build-hash',
    command: [
      'node_modules/vite/bin/vite.js',
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'warn',
    ],
  },
};

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

const force = process.argv.includes('--force');
const asked = process.argv.slice(2).filter((a) => a in TARGETS);
for (const name of asked.length > 0 ? asked : Object.keys(TARGETS)) {
  const { inputs, stamp, command } = TARGETS[name];
  const hash = createHash('sha256');
  for (const f of inputs.flatMap(files)) hash.update(f).update('\0').update(readFileSync(f));
  const digest = hash.digest('hex');
  if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
    console.log(`${name}: up to date`);
    continue;
  }
  const r = spawnSync(process.execPath, command, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(stamp, digest);
  console.log(`${name}: built`);
}
