// The fuzz harness: mutated inputs through every entry point that takes user input, and an
// invariant check after each case. `npm run fuzz -- --cases N --seed S` runs it at length;
// test/fuzz/fuzz.test.ts runs a fixed seed inside `npm test`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Io } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';
import { exitCode, ReclaimError } from '../../src/errors.js';
import { loadProfile, type SourceProfile } from '../../src/ingest/profile.js';
import { openSource, readSource } from '../../src/ingest/read-source.js';
import { REFERENCE_KINDS, type ReferenceKind } from '../../src/reference/kinds.js';
import { parseReferenceText } from '../../src/reference/reference-file.js';
import { runBatch } from '../../src/resubmit/run.js';
import { collectingSink } from '../../src/x12/document.js';
import { readX12Text } from '../../src/x12/read.js';
import type { TestDb } from '../support/databases.js';
import { CANARY, mutate, Random } from './mutate.js';

export type Target = 'csv' | 'json' | 'ndjson' | 'profile' | 'x12' | 'reference' | 'cli' | 'run' | 'api';

/** What a case ended as: the exit code the CLI would give (1: a bug). */
export interface Outcome {
  readonly code: number;
  readonly messages: readonly string[];
}

export interface Violation {
  readonly target: Target;
  readonly caseNumber: number;
  readonly problem: string;
}

export interface FuzzReport {
  readonly cases: number;
  readonly seconds: number;
  /** Cases per target and exit code: `csv:0`, `x12:2`, … */
  readonly counts: Record<string, number>;
  readonly byCode: Record<string, number>;
  readonly violations: readonly Violation[];
  readonly slowestMs: number;
  /** Time spent per entry point, in seconds. */
  readonly secondsByTarget: Record<string, number>;
}

/** The API under test, when there is one (`app.inject`). */
export interface FuzzApi {
  inject(request: {
    method: string;
    url: string;
    payload?: unknown;
    headers?: Record<string, string>;
  }): Promise<{ statusCode: number; body: string }>;
  readonly token: string;
  readonly routes: readonly { method: string; url: string }[];
}

export interface FuzzOptions {
  readonly cases: number;
  readonly seed: number;
  /** Where case files are written. */
  readonly dir: string;
  /** A migrated database for whole batch runs (1 case in 40), else none are run. */
  readonly db?: TestDb;
  readonly api?: FuzzApi;
  readonly onProgress?: (done: number) => void;
}

/** Exit codes the CLI documents: 0 ok, 2 bad input or usage, 3 environment, 4 conflict. */
const DOCUMENTED = new Set([0, 2, 3, 4]);
const STACK = /\n\s+at |\bat [\w.<>]+ \(.*:\d+:\d+\)/;

const root = new URL('../../', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(root, path));
const listed = (dir: string) =>
  readdirSync(dir)
    .filter((f) => !f.endsWith('.md'))
    .map((f) => readFileSync(join(dir, f)));

/** Seeds: the public samples and the repository's own fixtures. */
function seeds() {
  const betaJson = read('samples/emr_beta.json');
  const ndjson = Buffer.from(
    (JSON.parse(betaJson.toString()) as unknown[]).map((o) => JSON.stringify(o)).join('\n') + '\n',
  );
  const publicX12 = ['/work/shared/data/public/x12-835', '/work/shared/data/public/x12-837'].flatMap((d) => {
    try {
      return listed(d);
    } catch {
      return [];
    }
  });
  return {
    csv: [read('samples/emr_alpha.csv'), read('test/fixtures/emr/seed_alpha.csv')],
    json: [betaJson, read('test/fixtures/emr/seed_beta.json')],
    ndjson: [ndjson],
    profile: [read('profiles/alpha.profile.json'), read('profiles/beta.profile.json')],
    x12: [...listed(join(root, 'test/x12/fixtures')).filter((b) => b.length > 0), ...publicX12],
    reference: readdirSync(join(root, 'samples/reference')).map((f) => ({
      kind: REFERENCE_KINDS.find((k) => f.startsWith(k)) ?? 'payers',
      json: f.endsWith('.json'),
      bytes: read(`samples/reference/${f}`),
    })),
  };
}

/** A ReclaimError is an outcome with its exit code; anything else thrown is a bug (exit 1). */
function outcomeOf(error: unknown): Outcome {
  if (error instanceof ReclaimError) return { code: exitCode(error.code), messages: [error.message] };
  return { code: 1, messages: [`${(error as Error)?.stack ?? String(error)}`] };
}

/** Runs `cases` fuzz cases and checks every invariant after each. */
export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const all = seeds();
  const alpha = loadProfile('alpha');
  const beta = loadProfile('beta');
  const counts: Record<string, number> = {};
  const byCode: Record<string, number> = {};
  const violations: Violation[] = [];
  let slowestMs = 0;
  const secondsByTarget: Record<string, number> = {};
  const started = performance.now();
  const targets: Target[] = ['csv', 'json', 'ndjson', 'profile', 'x12', 'x12', 'reference', 'cli'];

  for (let n = 0; n < options.cases; n++) {
    const random = new Random(options.seed * 1_000_003 + n);
    const target: Target =
      options.db && n % 40 === 7
        ? 'run'
        : options.api && n % 20 === 3
          ? 'api'
          : targets[random.int(targets.length)]!;
    const violation = (problem: string) => violations.push({ target, caseNumber: n, problem });
    const caseStart = performance.now();
    let outcome: Outcome;
    try {
      switch (target) {
        case 'csv':
          outcome = await readerCase(
            options.dir,
            'case.csv',
            mutate(random.pick(all.csv), random),
            alpha,
            violation,
          );
          break;
        case 'json':
          outcome = await readerCase(
            options.dir,
            'case.json',
            mutate(random.pick(all.json), random),
            beta,
            violation,
          );
          break;
        case 'ndjson':
          outcome = await readerCase(
            options.dir,
            'case.ndjson',
            mutate(random.pick(all.ndjson), random),
            beta,
            violation,
          );
          break;
        case 'profile':
          outcome = profileCase(options.dir, mutate(random.pick(all.profile), random));
          break;
        case 'x12':
          outcome = x12Case(mutate(random.pick(all.x12), random), random.next() < 0.5);
          break;
        case 'reference': {
          const seed = random.pick(all.reference);
          outcome = referenceCase(mutate(seed.bytes, random), seed.kind, seed.json);
          break;
        }
        case 'cli':
          outcome = await cliCase(options.dir, random, all.csv[0]!, violation);
          break;
        case 'run':
          outcome = await runCase(options.dir, options.db!, random, all, violation);
          break;
        case 'api':
          outcome = await apiCase(options.api!, random, violation);
          break;
      }
    } catch (error) {
      outcome = outcomeOf(error);
    }
    const ms = performance.now() - caseStart;
    slowestMs = Math.max(slowestMs, ms);
    secondsByTarget[target] = (secondsByTarget[target] ?? 0) + ms / 1000;
    if (ms > 30_000) violation(`took ${Math.round(ms)} ms (a hang)`);
    if (!DOCUMENTED.has(outcome.code))
      violation(`exit ${outcome.code}: ${outcome.messages.join(' | ').slice(0, 500)}`);
    for (const message of outcome.messages) {
      if (message.includes(CANARY)) violation(`a message repeats input content: ${message.slice(0, 300)}`);
      if (outcome.code !== 1 && STACK.test(message))
        violation(`a stack trace in a message: ${message.slice(0, 300)}`);
    }
    const key = `${target}:${outcome.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
    byCode[String(outcome.code)] = (byCode[String(outcome.code)] ?? 0) + 1;
    options.onProgress?.(n + 1);
  }
  return {
    cases: options.cases,
    seconds: (performance.now() - started) / 1000,
    counts,
    byCode,
    violations,
    slowestMs,
    secondsByTarget,
  };
}

/** An EMR export read whole: every record read is a row or a rejected record, numbered 1, 2, … */
async function readerCase(
  dir: string,
  name: string,
  bytes: Buffer,
  profile: SourceProfile,
  violation: (problem: string) => void,
): Promise<Outcome> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const messages: string[] = [];
  try {
    let expected = 1;
    for await (const batch of readSource(openSource(path, profile), profile)) {
      for (const item of batch) {
        if (item.row !== expected) violation(`row ${item.row} read where row ${expected} was due`);
        expected = item.row + 1;
        if (item.kind === 'rejected') messages.push(item.detail);
        else if (item.cells.some((c) => typeof c === 'string' && c.includes('\0')))
          violation(`row ${item.row} accepted with a NUL character`);
      }
    }
    return { code: 0, messages };
  } catch (error) {
    const o = outcomeOf(error);
    return { code: o.code, messages: [...messages, ...o.messages] };
  }
}

function profileCase(dir: string, bytes: Buffer): Outcome {
  const path = join(dir, 'case.profile.json');
  writeFileSync(path, bytes);
  try {
    loadProfile(path);
    return { code: 0, messages: [] };
  } catch (error) {
    return outcomeOf(error);
  }
}

function x12Case(bytes: Buffer, strict: boolean): Outcome {
  const { sink, document } = collectingSink();
  try {
    readX12Text(bytes.toString('utf8'), sink, 'case.x12', strict);
    return { code: 0, messages: document().warnings.map((w) => w.message) };
  } catch (error) {
    return outcomeOf(error);
  }
}

function referenceCase(bytes: Buffer, kind: ReferenceKind, json: boolean): Outcome {
  try {
    parseReferenceText(`case.${json ? 'json' : 'csv'}`, bytes, kind, json);
    return { code: 0, messages: [] };
  } catch (error) {
    return outcomeOf(error);
  }
}

/** Flags and values a user may type (or mistype), for commands that validate before they work. */
const ARGV_PIECES = [
  '--input',
  'alpha:CASE',
  'beta:CASE',
  'gamma:CASE',
  'alpha:',
  ':CASE',
  '--as-of',
  '2025-07-30',
  '2025-02-30',
  '0000-01-01',
  '99999-01-01',
  '--out',
  'OUT',
  '/proc/reclaim-fuzz',
  '--min-age-days',
  '--timely-filing-days',
  '-1',
  '1.5',
  '1e9',
  'NaN',
  '--threads',
  '500',
  '0',
  '--json',
  '--help',
  '--denial',
  'abc',
  '--since',
  '--tenant',
  'Bad Tenant',
  '--',
  '-',
  '',
  '\u00e9',
];
const COMMANDS = [
  ['run'],
  ['x12', 'parse'],
  ['preview'],
  ['stats'],
  ['attempts'],
  ['kpi', 'denial-rate'],
  ['recovery'],
  ['classify'],
  ['reference', 'import', 'payers'],
  ['ingest'],
  ['bogus'],
];

/**
 * A command line put together from pieces, run in this process against a server that is not
 * there (DATABASE_URL on a closed port): what passes validation reaches the database and ends
 * as exit 3, quickly, instead of starting an embedded database per case.
 */
async function cliCase(
  dir: string,
  random: Random,
  csv: Buffer,
  violation: (problem: string) => void,
): Promise<Outcome> {
  const input = join(dir, 'cli.csv');
  writeFileSync(input, csv);
  const argv = [...random.pick(COMMANDS)];
  const extra = random.int(7);
  for (let i = 0; i < extra; i++)
    argv.push(random.pick(ARGV_PIECES).replace('CASE', input).replace('OUT', join(dir, 'out')));
  let err = '';
  const io: Io = { out: () => undefined, err: (t) => void (err += t + '\n'), isTty: false };
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = 'postgres://fuzz@127.0.0.1:9/none';
  try {
    const code = await main(['node', 'reclaim', ...argv], io);
    if (code !== 0 && err.trim().split('\n').length > 2)
      violation(`${argv.join(' ')}: ${err.trim().split('\n').length} lines on stderr`);
    return { code, messages: err ? [err] : [] };
  } catch (error) {
    return outcomeOf(error);
  } finally {
    process.env.DATABASE_URL = saved;
  }
}

/**
 * A whole batch run on mutated exports: committed with read = accepted + quarantined and its
 * files' counts stored, or refused with nothing stored (no file, no run).
 */
async function runCase(
  dir: string,
  db: TestDb,
  random: Random,
  all: ReturnType<typeof seeds>,
  violation: (problem: string) => void,
): Promise<Outcome> {
  const csv = join(dir, 'run.csv');
  const json = join(dir, random.next() < 0.5 ? 'run.json' : 'run.ndjson');
  writeFileSync(csv, mutate(random.pick(all.csv), random));
  writeFileSync(json, mutate(json.endsWith('.json') ? random.pick(all.json) : all.ndjson[0]!, random));
  const count = async (sql: string) => (await db.query<{ n: number }>(sql))[0]!.n;
  const before = {
    files: await count('SELECT count(*)::int AS n FROM ingest.source_file'),
    runs: await count('SELECT count(*)::int AS n FROM billing.batch_run'),
  };
  try {
    const result = await runBatch(db, {
      inputs: [
        { profile: 'alpha', path: csv },
        { profile: 'beta', path: json },
      ],
      asOf: '2025-07-30',
      outDir: join(dir, 'run-out'),
      tenant: 'default',
    });
    const m = result.metrics as {
      totals: { read: number; accepted: number; quarantined: number };
      inputs: { read: number; accepted: number; quarantined: number; already_ingested: boolean }[];
    };
    if (m.totals.read !== m.totals.accepted + m.totals.quarantined)
      violation(
        `read ${m.totals.read} ≠ accepted ${m.totals.accepted} + quarantined ${m.totals.quarantined}`,
      );
    const stored = await db.query<{ rows_read: number; rows_accepted: number; records: number }>(
      `SELECT sf.rows_read, sf.rows_accepted,
              (SELECT count(*)::int FROM ingest.claim_record r WHERE r.file_id = sf.file_id) AS records
       FROM billing.run_file rf JOIN ingest.source_file sf USING (file_id)
       WHERE rf.run_id = $1 AND NOT rf.already_ingested ORDER BY rf.input_order`,
      [result.runId],
    );
    for (const s of stored)
      if (s.records !== s.rows_accepted)
        violation(`a file stored ${s.records} records of ${s.rows_accepted} accepted`);
    return { code: 0, messages: [] };
  } catch (error) {
    const o = outcomeOf(error);
    if (o.code === 2) {
      if ((await count('SELECT count(*)::int AS n FROM ingest.source_file')) !== before.files)
        violation('a refused run stored a file');
      if ((await count('SELECT count(*)::int AS n FROM billing.batch_run')) !== before.runs)
        violation('a refused run left its batch_run row');
    }
    return o;
  }
}

/** Arbitrary JSON-ish bodies, with the canary in their strings. */
function body(random: Random, depth = 0): unknown {
  switch (random.int(depth > 2 ? 5 : 8)) {
    case 0:
      return null;
    case 1:
      return random.pick([0, -1, 1.5, 1e308, 2 ** 53 + 1, 42]);
    case 2:
      return random.pick([true, false]);
    case 3:
      return `${CANARY}${random.int(1000)}`;
    case 4:
      return random.pick(['', 'x'.repeat(5000), '2025-02-30', '\u0000', 'default']);
    case 5:
    case 6: {
      const out: Record<string, unknown> = {};
      const keys = [
        'denialIds',
        'dryRun',
        'handler',
        'owner',
        'note',
        'text',
        'tenant',
        'status',
        'limit',
        CANARY,
      ];
      for (let i = random.int(5); i > 0; i--) out[random.pick(keys)] = body(random, depth + 1);
      return out;
    }
    default:
      return Array.from({ length: random.int(4) }, () => body(random, depth + 1));
  }
}

/** A request with a fuzzed body to a route: never a 500, never the body's text back in an error. */
async function apiCase(api: FuzzApi, random: Random, violation: (problem: string) => void): Promise<Outcome> {
  const route = random.pick(api.routes);
  const url = route.url.replace(/:(\w+)|\{(\w+)\}/g, () =>
    random.pick(['1', '0', '-1', 'abc', '99999999999']),
  );
  const response = await api.inject({
    method: route.method,
    url,
    payload: body(random) as object,
    headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
  });
  if (response.statusCode >= 500) violation(`${route.method} ${route.url}: status ${response.statusCode}`);
  const code =
    response.statusCode < 400 ? 0 : response.statusCode === 409 ? 4 : response.statusCode >= 500 ? 1 : 2;
  return { code, messages: response.statusCode >= 400 ? [response.body] : [] };
}
