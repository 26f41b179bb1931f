/**
 * Generates large, realistic carrier-line sets for the KPI benchmark: deterministic (seeded), in
 * our own line layout, as text COPY chunks for the database or as a CSV file for the CLI.
 *
 *   npx tsx bench/kpi/generate-lines.ts --lines 1000000 --out /tmp/lines.csv
 *
 * The mix follows what Medicare carrier data looks like: mostly allowed lines, about 10% denied
 * across the denial codes, about 2% MSP/COB (codes, a primary-payer code, or a primary-payer
 * payment), small admin and benefits-exhausted shares, about 1% with no code, spread over two
 * years of service weeks with a weekday pattern.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { prng } from '../../src/classify/augment.js';

/** Cumulative weights of each kind of line, per 10,000. */
const MIX: readonly [number, string, 'plain' | 'payer_cd' | 'payer_paid'][] = [
  [8500, 'A', 'plain'],
  [8540, 'A', 'payer_cd'],
  [8580, 'A', 'payer_paid'],
  [8830, 'C', 'plain'],
  [8980, 'D', 'plain'],
  [9130, 'I', 'plain'],
  [9180, 'L', 'plain'],
  [9330, 'N', 'plain'],
  [9430, 'O', 'plain'],
  [9480, 'P', 'plain'],
  [9580, 'Z', 'plain'],
  [9640, 'S', 'plain'],
  [9680, '12', 'plain'],
  [9700, 'G', 'plain'],
  [9720, 'X', 'plain'],
  [9740, 'D', 'payer_paid'],
  [9780, 'M', 'plain'],
  [9800, 'R', 'plain'],
  [9830, 'B', 'plain'],
  [9930, '', 'plain'],
  [10000, 'A', 'plain'],
];

const DAY_MS = 86_400_000;
/** Two years of service dates starting on a Monday. */
const START = Date.UTC(2023, 0, 2);
const DAYS = 728;

export interface GeneratedLine {
  claimRef: string;
  lineNum: number;
  svcDt: string;
  prcsgCd: string;
  primaryPayerCd: string;
  primaryPayerPaidCents: number;
}

/** Yields lines in batches; claims have 1 to 6 lines on one service date. */
export function* generateLines(total: number, seed = 20240101, batch = 100_000): Generator<GeneratedLine[]> {
  const rand = prng(seed);
  const dates = Array.from({ length: DAYS }, (_, d) =>
    new Date(START + d * DAY_MS).toISOString().slice(0, 10),
  );
  let out: GeneratedLine[] = [];
  let claim = 0;
  let produced = 0;
  while (produced < total) {
    claim++;
    let day = Math.floor(rand() * DAYS);
    // Weekends see a fraction of the volume.
    if (day % 7 >= 5 && rand() < 0.7) day -= (day % 7) - 4;
    const lines = Math.min(total - produced, 1 + Math.floor(rand() * rand() * 6));
    for (let n = 1; n <= lines; n++) {
      const roll = Math.floor(rand() * 10_000);
      const kind = MIX.find(([upTo]) => roll < upTo)!;
      out.push({
        claimRef: `G${claim}`,
        lineNum: n,
        svcDt: dates[day]!,
        prcsgCd: kind[1],
        primaryPayerCd: kind[2] === 'payer_cd' ? 'A' : '',
        primaryPayerPaidCents: kind[2] === 'payer_paid' ? 1000 + Math.floor(rand() * 20_000) : 0,
      });
      produced++;
      if (out.length >= batch) {
        yield out;
        out = [];
      }
    }
  }
  if (out.length > 0) yield out;
}

async function main(): Promise<void> {
  const arg = (name: string) => process.argv[process.argv.indexOf(name) + 1];
  const total = Number(arg('--lines') ?? 1_000_000);
  const path = arg('--out') ?? '/tmp/reclaim-kpi-lines.csv';
  const file = createWriteStream(path);
  file.write('claim_ref,line_num,svc_dt,prcsg_cd,primary_payer_cd,primary_payer_paid_cents\n');
  for (const batch of generateLines(total)) {
    let text = '';
    for (const l of batch) {
      text += `${l.claimRef},${l.lineNum},${l.svcDt},${l.prcsgCd},${l.primaryPayerCd},${l.primaryPayerPaidCents}\n`;
    }
    if (!file.write(text)) await once(file, 'drain');
  }
  file.end();
  await once(file, 'finish');
  process.stdout.write(`wrote ${total} lines to ${path}\n`);
}

if (process.argv[1]?.endsWith('generate-lines.ts')) await main();
