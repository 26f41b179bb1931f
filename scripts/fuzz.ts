// Long fuzz runs: `npm run fuzz -- --cases 100000 --seed 1`. Prints cases per second, the count of
// every exit code per entry point and every invariant violated (exit 1 when there is one).
import { parseArgs } from 'node:util';
import { freshDb } from '../test/support/databases.js';
import { tempDir } from '../test/support/temp.js';
import { fuzz } from '../test/fuzz/harness.js';
import { fuzzApi } from '../test/fuzz/setup.js';

const { values } = parseArgs({
  options: { cases: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' } },
});
const cases = Number(values.cases);
const seed = Number(values.seed);
if (!Number.isInteger(cases) || cases < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- [--cases N] [--seed S]');
  process.exit(2);
}
const db = await freshDb('pglite');
const api = await fuzzApi(db);
const step = Math.max(1, Math.floor(cases / 20));
const report = await fuzz({
  cases,
  seed,
  dir: tempDir('reclaim-fuzz-'),
  db,
  api,
  onProgress: (done) => {
    if (done % step === 0) process.stderr.write(`${done} cases\n`);
  },
});
await api.close();
await db.dispose();
console.log(
  `${report.cases} cases, seed ${seed}, ${report.seconds.toFixed(1)} s, ${(report.cases / report.seconds).toFixed(0)} cases/s, slowest case ${report.slowestMs.toFixed(0)} ms`,
);
console.log(`by exit code: ${JSON.stringify(report.byCode)}`);
console.log(
  `by entry point and exit code: ${JSON.stringify(Object.fromEntries(Object.entries(report.counts).sort()))}`,
);
console.log(
  `seconds by entry point: ${JSON.stringify(Object.fromEntries(Object.entries(report.secondsByTarget).map(([k, v]) => [k, Number(v.toFixed(1))])))}`,
);
console.log(`invariant violations: ${report.violations.length}`);
for (const v of report.violations.slice(0, 50))
  console.log(`  case ${v.caseNumber} (${v.target}): ${v.problem}`);
process.exit(report.violations.length > 0 ? 1 : 0);
