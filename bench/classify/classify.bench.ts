// Benchmark: loading the classifier, and classifying 1,000,000 reasons with 2,000 distinct values
// (the shape of a large EMR export: a few thousand phrasings repeated). Target: under 2 s.
// Run: npx tsx bench/classify/classify.bench.ts [--rows N] [--distinct D]
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createTextClassifier } from '../../src/classify/classifier.js';
import { loadModel, DEFAULT_MODEL_PATH } from '../../src/classify/model.js';
import { loadLabelled } from '../../src/classify/training-data.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const rows = arg('--rows', 1_000_000);
const distinct = arg('--distinct', 2_000);

// Distinct texts built from the evaluation phrasings with the casing, spacing and numbering
// variations exports carry, so that most of them reach the model, not just the rules.
const base = loadLabelled('eval').map((e) => e.text);
const texts: string[] = [];
for (let i = 0; texts.length < distinct; i++) {
  const t = base[i % base.length]!;
  const round = Math.floor(i / base.length);
  texts.push(
    round === 0
      ? t
      : round % 3 === 1
        ? `${t} (line ${round})`
        : round % 3 === 2
          ? `  ${t.toUpperCase()} #${round}`
          : `${t.toLowerCase()} ref ${round}`,
  );
}
const input: (string | null)[] = new Array(rows);
let x = 12345;
for (let i = 0; i < rows; i++) {
  x = (Math.imul(x, 1103515245) + 12345) >>> 0;
  input[i] = i % 50 === 0 ? null : texts[x % distinct]!;
}

const t0 = performance.now();
loadModel(DEFAULT_MODEL_PATH);
const tLoad = performance.now() - t0;

const t1 = performance.now();
const classifier = createTextClassifier();
const tCreate = performance.now() - t1;

const t2 = performance.now();
const cpu2 = process.cpuUsage();
let retryable = 0;
for (const text of input) if (classifier.classify(text).verdict === 'retryable') retryable++;
const tAll = performance.now() - t2;
const cpuAll = process.cpuUsage(cpu2);

const t3 = performance.now();
for (const text of input) classifier.classify(text);
const tWarm = performance.now() - t3;

const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;
process.stdout.write(
  [
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}`,
    `input: ${rows.toLocaleString('en')} texts, ${distinct.toLocaleString('en')} distinct, 2% null`,
    '',
    '| step | time |',
    '|---|---|',
    `| read + build model file (cold) | ${fmt(tLoad)} |`,
    `| createTextClassifier (model already read) | ${fmt(tCreate)} |`,
    `| classify all rows, first pass (every distinct text decided once) | ${fmt(tAll)} (cpu ${fmt((cpuAll.user + cpuAll.system) / 1000)}) |`,
    `| classify all rows again (all cached) | ${fmt(tWarm)} |`,
    '',
    `retryable rows: ${retryable.toLocaleString('en')}; target < 2000 ms for the first pass: ${tAll < 2000 ? 'met' : 'MISSED'}`,
    '',
  ].join('\n'),
);
