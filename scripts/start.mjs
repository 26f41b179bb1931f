// `npm start`: the product on the embedded database, from files, in one command.
//  1. builds the CLI and the web app, each only when its sources changed since the last build;
//  2. loads the demonstration data from files: the open corpus (`reclaim demo corpus`: 837s, 835s
//     and reference files, the same bytes every time) through `reference import` and `ingest`
//     (builds without the corpus load the reference samples and the public X12 samples instead);
//  3. runs the correction engine once over the open denials, and the batch run on the EMR
//     samples (its summary is printed);
//  4. serves the API and the web app (`reclaim serve --dev`) and prints where to sign in.
// Every step is idempotent (files are recognised by checksum, live attempts are not repeated), so
// starting again adds nothing twice. Each step is its own process: the embedded database under
// RECLAIM_HOME belongs to one process at a time, so the server starts last.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

const PORT = process.env.PORT ?? '3000';
const HOST = process.env.HOST ?? '127.0.0.1';
const HOME = process.env.RECLAIM_HOME ?? '.reclaim';
const CORPUS = join(HOME, 'demo-corpus');
const CORPUS_CLAIMS = '2000';
const OUT = process.env.OUT_DIR ?? 'out';

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

function run(command, args, { quiet = false } = {}) {
  const r = spawnSync(command, args, {
    stdio: quiet ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.error(`npm start: ${[command, ...args].join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
  return r.stdout ?? '';
}

const reclaim = (...args) => run(process.execPath, ['bin/reclaim.js', ...args]);

// 1. The CLI and the web app, each only if its sources changed.
run(process.execPath, ['scripts/build.mjs']);

// 2. Demonstration data from files: the open corpus when this build has `reclaim demo corpus`,
// else the reference samples and the public X12 samples the tests read.
const hasCorpus = /\bcorpus\b/.test(
  run(process.execPath, ['bin/reclaim.js', 'demo', '--help'], { quiet: true }),
);
if (hasCorpus) {
  reclaim('demo', 'corpus', '--claims', CORPUS_CLAIMS, '--out', CORPUS);
  for (const kind of ['payers', 'providers', 'modifier-rules', 'authorizations'])
    reclaim('reference', 'import', kind, join(CORPUS, 'reference', `${kind}.csv`), '--by', 'npm start');
  reclaim('ingest', ...files(join(CORPUS, '837')), ...files(join(CORPUS, '835')));
} else {
  for (const kind of ['payers', 'providers', 'modifier-rules', 'authorizations'])
    reclaim('reference', 'import', kind, join('samples', 'reference', `${kind}.csv`), '--by', 'npm start');
  reclaim('ingest', ...files('test/x12/fixtures').filter((f) => /\.(835|837|edi)$/.test(f)));
}

// 3. The engine once, then the batch run with its summary.
reclaim('correct', '--all');
reclaim(
  'run',
  '--input',
  'alpha:samples/emr_alpha.csv',
  '--input',
  'beta:samples/emr_beta.json',
  '--as-of',
  '2025-07-30',
  '--out',
  'out',
);

// 4. The server, in the foreground until Ctrl-C.
const server = spawn(process.execPath, ['bin/reclaim.js', 'serve', '--dev', '--port', PORT, '--host', HOST], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
server.stdout.setEncoding('utf8');
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const m = /serving on (http:\/\/\S+)/.exec(chunk);
  if (m)
    console.log(
      `\nReclaim is running. Open ${m[1]}/ui/sign-in and choose a one-click sign-in (Ctrl-C stops it).`,
    );
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
