import { Option } from 'commander';
import cliProgress from 'cli-progress';
import { ReclaimError } from '../../errors.js';
import { executeRun, planRun, type RunInput } from '../../resubmit/run.js';
import { runAction, type Io } from '../context.js';
import type { RegisterCommand } from './command.js';

interface RunFlags {
  input: string[];
  asOf: string;
  out: string;
  minAgeDays: string;
  timelyFilingDays: string;
  threads?: string;
  json?: boolean;
}

export const registerRun: RegisterCommand = (program, io, setExit) => {
  program
    .command('run')
    .description(
      'the batch run: ingest EMR exports, classify denials, decide resubmission, write the artifacts',
    )
    .requiredOption(
      '--input <profile:path>',
      'an export and the profile that reads it (alpha, beta, or a profile .json file); repeatable',
      (value: string, all: string[] = []) => [...all, value],
    )
    .addOption(
      new Option('--as-of <YYYY-MM-DD>', 'the date ages are measured against').default(today(), 'today'),
    )
    .option('--out <dir>', 'where the artifacts go', 'out')
    .option('--min-age-days <n>', 'a denial must be older than this to be resubmitted', '7')
    .option('--timely-filing-days <n>', "the payer's filing window, in days since submission", '365')
    .option(
      '--threads <n>',
      'worker threads deciding batches of records side by side, 0 for none (default: one per core from 8 MiB of input, else 0)',
    )
    .option('--json', 'print the run metrics as JSON instead of a table')
    .action(async (flags: RunFlags) => {
      setExit(
        await runAction(io, async (ctx) => {
          const bar = io.isTty && !flags.json ? progressBar() : null;
          // Inputs, profiles and --out are checked before the database is opened.
          const plan = planRun({
            inputs: flags.input.map(parseInput),
            asOf: flags.asOf,
            outDir: flags.out,
            tenant: ctx.config.tenant,
            minAgeDays: count(flags.minAgeDays, 'min-age-days'),
            timelyFilingDays: count(flags.timelyFilingDays, 'timely-filing-days'),
            ...(flags.threads === undefined ? {} : { threads: threadCount(flags.threads) }),
            classifierThreshold: ctx.config.classifierThreshold,
            onProgress: bar
              ? (done, total) => (bar.getTotal() === total ? bar.update(done) : bar.start(total, done))
              : undefined,
          });
          try {
            // The database opens while the run starts its decider threads.
            const result = await executeRun(ctx.db({ embeddedThread: true }), plan);
            bar?.stop();
            if (flags.json) io.out(JSON.stringify({ ...result.metrics, artifacts: result.artifacts }));
            else printSummary(io, result.metrics, result.artifacts);
          } finally {
            bar?.stop();
          }
        }),
      );
    });
};

/** `alpha:path`, `beta:path` or `./my.profile.json:path`: the profile is everything before the first colon. */
function parseInput(value: string): RunInput {
  const at = value.indexOf(':');
  if (at <= 0 || at === value.length - 1) {
    throw new ReclaimError(
      'VALIDATION_FAILED',
      `--input must be profile:path (e.g. alpha:samples/emr_alpha.csv), got '${value}'`,
      {
        field: 'input',
      },
    );
  }
  return { profile: value.slice(0, at), path: value.slice(at + 1) };
}

/** Decider threads: a whole number up to MAX_THREADS (each thread loads the classifier). */
function threadCount(value: string): number {
  const n = count(value, 'threads', 'threads');
  if (n > MAX_THREADS)
    throw new ReclaimError('VALIDATION_FAILED', `--threads must be at most ${MAX_THREADS}, got '${value}'`, {
      field: 'threads',
    });
  return n;
}

const MAX_THREADS = 64;

function count(value: string, field: string, unit = 'days'): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new ReclaimError(
      'VALIDATION_FAILED',
      `--${field} must be a whole number of ${unit}, got '${value}'`,
      {
        field,
      },
    );
  return n;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function progressBar(): cliProgress.SingleBar {
  return new cliProgress.SingleBar(
    {
      format: 'reading [{bar}] {percentage}% | {value}/{total} bytes | {eta}s',
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
}

function printSummary(io: Io, metrics: Record<string, unknown>, artifacts: Record<string, string>): void {
  const m = metrics as {
    run_id: string;
    as_of: string;
    duration_ms: number;
    totals: Record<string, number>;
    outcomes: Record<string, number>;
    inputs: {
      source_system: string;
      file: string;
      read: number;
      accepted: number;
      quarantined: number;
      already_ingested: boolean;
    }[];
  };
  const lines = [`run ${m.run_id}  as of ${m.as_of}  (${(m.duration_ms / 1000).toFixed(1)} s)`, ''];
  lines.push(
    table(
      ['source', 'file', 'read', 'accepted', 'quarantined', 'stored'],
      m.inputs.map((i) => [
        i.source_system,
        i.file,
        i.read,
        i.accepted,
        i.quarantined,
        i.already_ingested ? 'already ingested' : 'new',
      ]),
    ),
  );
  lines.push('');
  lines.push(
    table(
      ['outcome', 'records'],
      Object.entries(m.outcomes).map(([k, v]) => [k, v]),
    ),
  );
  lines.push('');
  lines.push(
    `read ${m.totals.read} = accepted ${m.totals.accepted} + quarantined ${m.totals.quarantined}; denied ${m.totals.denied}, candidates ${m.totals.candidates}`,
  );
  for (const [name, path] of Object.entries(artifacts)) lines.push(`${name.padEnd(15)} ${path}`);
  io.out(lines.join('\n'));
}

function table(header: string[], rows: (string | number)[][]): string {
  const all = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  return all
    .map((r, i) => {
      const line = r
        .map((cell, c) =>
          typeof rows[i - 1]?.[c] === 'number' ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!),
        )
        .join('  ');
      return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}
