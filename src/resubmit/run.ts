import { randomUUID } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { createTextClassifier } from '../classify/classifier.js';
import type { Classification } from '../classify/types.js';
import type { Db, Tx } from '../db/db.js';
import { exitCode, ReclaimError } from '../errors.js';
import { sourceFileKey } from '../db/source-file-key.js';
import { checksumOf, openSource, splitSource, type SourceFile } from '../ingest/read-source.js';
import { loadProfile, type SourceProfile } from '../ingest/profile.js';
import { makeDirectory } from '../io/directories.js';
import { log } from '../log.js';
import { ArtifactWriter } from './artifact-writer.js';
import { AtomicFile, appendLinesFrom } from './artifacts.js';
import { binaryCopy, FileRows } from './copy-rows.js';
import { emptyInput, type BatchResult, type FileSpec } from './decide-batch.js';
import { LocalDeciders, ThreadDeciders, type Deciders } from './deciders.js';
import { DuplicateGuard } from './duplicate-guard.js';
import { EXCLUSION_REASONS, type EligibilityRules } from './eligibility.js';
import { RunCounters, type InputMetrics } from './metrics.js';
import * as repo from './run.repository.js';

const DUPLICATE_CODE = EXCLUSION_REASONS.indexOf('duplicate_claim') + 1;

/**
 * COPY data (a file's records, quarantined rows and issues) and decisions gathered from batches
 * before they are loaded.
 */
const LOAD_BYTES = 4 << 20;
/**
 * Batches between reading and merging, per decider thread. Results are merged in input order, so
 * a thread that is done waits while an earlier batch is still being decided elsewhere: with two
 * per thread the cores were idle 15 % of the run, with four 5 %.
 */
const BATCHES_PER_THREAD = 4;
/** Database loads queued behind the merge before reading waits: enough to ride out a slow load. */
const LOADS_QUEUED = 6;
/**
 * The same while the database is still opening (PGlite takes over a second when the deciders
 * are busy beside it): with six, reading stopped and the deciders stood idle until it was open.
 * At most about 64 MB of records wait.
 */
const LOADS_QUEUED_BEFORE_OPEN = 16;

export interface RunInput {
  /** A built-in profile name or a path to a profile file. */
  readonly profile: string;
  readonly path: string;
}

export interface RunOptions extends Partial<Omit<EligibilityRules, 'asOf'>> {
  readonly inputs: readonly RunInput[];
  readonly asOf: string;
  readonly outDir: string;
  readonly tenant: string;
  readonly classifierThreshold?: number;
  /**
   * Worker threads deciding batches of records side by side (batches of every file go to any
   * of them); 0 decides in this thread. Default: one per core once the input is 8 MiB or more.
   */
  readonly threads?: number;
  /** Called as input is read: bytes read so far of all inputs, and their total. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface RunResult {
  readonly runId: string;
  readonly metrics: Record<string, unknown>;
  readonly artifacts: {
    candidatesJson: string;
    candidatesCsv: string;
    metrics: string;
    rejectionLog: string;
  };
}

/** From this much input on, files are read on worker threads (below it, starting threads costs more). */
const THREADS_FROM_BYTES = 8 << 20;

/**
 * The batch run: reads every input (streamed), normalises, classifies and decides each record,
 * stores records and decisions in one transaction, and writes the artifacts. Artifacts appear
 * whole or not at all; the rejection log only ever grows by complete lines.
 */
export async function runBatch(db: Db | Promise<Db>, options: RunOptions): Promise<RunResult> {
  return executeRun(db, planRun(options));
}

/**
 * A run whose inputs, profiles and output directory have been checked. Nothing is written yet; the
 * inputs' checksums are already being computed, so that they are ready when the database is open.
 */
export interface RunPlan {
  readonly options: RunOptions;
  readonly rules: EligibilityRules;
  readonly sources: readonly { profile: SourceProfile; file: SourceFile; checksum: Promise<string> }[];
  readonly outDir: string;
  readonly threads: number;
}

/** Checks everything that can be checked before touching the database, reporting the first problem. */
export function planRun(options: RunOptions): RunPlan {
  const rules: EligibilityRules = {
    asOf: validDate(options.asOf),
    minAgeDays: options.minAgeDays ?? 7,
    timelyFilingDays: options.timelyFilingDays ?? 365,
  };
  if (options.inputs.length === 0)
    throw new ReclaimError('VALIDATION_FAILED', 'at least one --input is required');
  const sources = options.inputs.map((input) => {
    const profile = loadProfile(input.profile);
    return { profile, file: openSource(input.path, profile) };
  });
  const outDir = prepareOutDir(options.outDir);
  const checksummed = sources.map((source) => {
    const checksum = checksumOf(source.file.path);
    // Awaited by the run; a run that never starts (the database cannot be opened) lets it go.
    checksum.catch(() => undefined);
    return { ...source, checksum };
  });
  const totalBytes = sources.reduce((n, s) => n + s.file.sizeBytes, 0);
  const threads = options.threads ?? (totalBytes >= THREADS_FROM_BYTES ? availableParallelism() : 0);
  return { options, rules, sources: checksummed, outDir, threads };
}

/**
 * Runs a checked plan against the database, which may still be opening: records are read and
 * decided meanwhile, and loaded once the run's transaction is open.
 */
export async function executeRun(database: Db | Promise<Db>, plan: RunPlan): Promise<RunResult> {
  const started = Date.now();
  const { options, rules, sources, outDir } = plan;
  const runId = randomUUID();
  const paths = {
    candidatesJson: join(outDir, 'resubmission_candidates.json'),
    candidatesCsv: join(outDir, 'resubmission_candidates.csv'),
    metrics: join(outDir, `metrics_${runId}.json`),
    rejectionLog: join(outDir, 'rejection_log.jsonl'),
  };
  const classifierVersion = createTextClassifier(
    options.classifierThreshold === undefined ? {} : { threshold: options.classifierThreshold },
  ).version;
  const runOptions = {
    inputs: sources.map((s) => ({ profile: s.profile.name, file: s.file.name })),
    min_age_days: rules.minAgeDays,
    timely_filing_days: rules.timelyFilingDays,
    classifier_version: classifierVersion,
    classifier_threshold: options.classifierThreshold ?? null,
  };
  const writer = new ArtifactWriter(
    runId,
    paths,
    join(outDir, `.rejection_log.${process.pid}.${runId}.jsonl`),
  );
  let metricsFile: AtomicFile | null = null;
  const discard = () => {
    writer.abort();
    metricsFile?.abort();
    rmSync(writer.rejectionsPath, { force: true });
  };
  const counters = new RunCounters();
  const classes = new Map<string, Classification>();
  const transaction = new PendingTransaction();
  // Reading and deciding start now (the decider threads too), while the database opens.
  const deciding = decideAll(transaction, plan, runId, writer, counters, classes);
  deciding.catch(() => undefined);

  let db: Db;
  try {
    db = await database;
    await repo.insertRun(db, { runId, tenant: options.tenant, asOf: rules.asOf, options: runOptions });
  } catch (error) {
    transaction.fail(error as Error);
    await deciding.catch(() => undefined);
    discard();
    throw error;
  }
  log.info({ runId, inputs: sources.length, threads: plan.threads }, 'run started');

  let metrics: Record<string, unknown>;
  try {
    metrics = await db.transaction(async (tx) => {
      transaction.open(tx);
      await deciding;
      // The artifacts reach the disk while the run's own rows are written.
      const sealed = writer.seal();
      sealed.catch(() => undefined);
      await repo.insertReasonClasses(tx, runId, classes);
      const metrics = counters.build({
        run_id: runId,
        tenant: options.tenant,
        as_of: rules.asOf,
        engine: db.engine,
        options: runOptions,
        started_at: new Date(started).toISOString(),
        finished_at: new Date().toISOString(),
        duration_ms: Date.now() - started,
        classification_distinct_reasons: classes.size,
      });
      // Every artifact is complete and on disk under a temporary name before the commit, and the
      // places they go are checked again; they are published only once the run is committed.
      await sealed;
      metricsFile = new AtomicFile(paths.metrics);
      metricsFile.write(JSON.stringify(metrics, null, 2) + '\n');
      await metricsFile.seal();
      checkArtifactPaths(outDir, paths);
      await repo.finishRun(tx, runId, metrics);
      return metrics;
    });
  } catch (error) {
    // The transaction may have failed to open: then nothing waits for it any more.
    transaction.fail(error as Error);
    await deciding.catch(() => undefined);
    discard();
    // A refused run (bad input) leaves nothing behind; any other failure stays visible.
    const refused = error instanceof ReclaimError && exitCode(error.code) === 2;
    await (
      refused
        ? repo.deleteRun(db, runId)
        : repo.failRun(db, runId, error instanceof ReclaimError ? error.code : 'INTERNAL')
    ).catch(() => undefined);
    throw error;
  }
  log.info({ runId, durationMs: Date.now() - started }, 'run committed');
  publish(runId, writer, metricsFile!, paths);
  return { runId, metrics, artifacts: paths };
}

/**
 * Publishes a committed run's artifacts: renames in one directory, and the staged rejection lines
 * appended to the log (or, when there is no log yet, the staged file moved into place). A process
 * killed before this leaves only temporary files, which the next run in `--out` removes.
 */
function publish(
  runId: string,
  writer: ArtifactWriter,
  metricsFile: AtomicFile,
  paths: RunResult['artifacts'],
): void {
  try {
    writer.publish();
    metricsFile.publish();
    if (existsSync(paths.rejectionLog)) {
      appendLinesFrom(paths.rejectionLog, writer.rejectionsPath);
      rmSync(writer.rejectionsPath, { force: true });
    } else renameSync(writer.rejectionsPath, paths.rejectionLog);
  } catch (error) {
    throw new ReclaimError(
      'OUTPUT_NOT_WRITABLE',
      `run ${runId} is stored, but its artifacts could not be published in ${dirname(paths.metrics)}: ${errorText(error)}`,
      { runId },
      { cause: error },
    );
  }
}

/** The run's transaction, which opens while records are already being decided. */
class PendingTransaction {
  private settle!: (tx: Tx | null) => void;
  /** The transaction, or null once the run has failed without one. */
  readonly tx = new Promise<Tx | null>((resolve) => (this.settle = resolve));
  private readonly failures: ((error: Error) => void)[] = [];
  isOpen = false;

  open(tx: Tx): void {
    this.isOpen = true;
    this.settle(tx);
  }

  fail(error: Error): void {
    this.settle(null);
    for (const failed of this.failures) failed(error);
  }

  onFail(failed: (error: Error) => void): void {
    this.failures.push(failed);
  }
}

/** Where a file's rows go: known once the run's transaction is open. */
interface Storage {
  readonly fileId: number;
  /**
   * The file's partition of `ingest.claim_record`, created by this run; null when the file was
   * ingested before (its rows are decided, not stored again).
   */
  readonly partition: string | null;
  readonly rows: FileRows;
}

/** One input as the run tracks it while its batches are decided. */
interface FileProgress {
  readonly spec: FileSpec;
  readonly input: InputMetrics;
  /** Set by the first piece of database work queued for the file. */
  storage: Storage | null;
  /** The `seq` of the file's last batch, once the whole file has been read. */
  lastSeq: number | null;
}

/**
 * Reads every input in this thread, cut into batches of whole records, and has the batches decided
 * on the decider threads (or here, for small inputs). Results are merged strictly in input order,
 * whatever order they come back in: that is where duplicates are settled, artifacts written and
 * rows loaded, so the outcome is the same as deciding one row after another. Database work (the
 * files' rows in `ingest.source_file`, then their records and decisions, then their counts and
 * `billing.run_file` rows) queues behind the merge and starts when the run's transaction opens.
 */
async function decideAll(
  transaction: PendingTransaction,
  plan: RunPlan,
  runId: string,
  writer: ArtifactWriter,
  counters: RunCounters,
  classes: Map<string, Classification>,
): Promise<void> {
  const { options, sources } = plan;
  const files: FileProgress[] = [];
  const guard = new DuplicateGuard();
  const waiting = new Map<number, BatchResult>();
  let submitted = 0;
  let merged = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  transaction.onFail((error) => {
    failure ??= error;
    signal();
  });
  // Database work runs one piece after another on the run's transaction, behind the merge.
  let loads: Promise<unknown> = Promise.resolve();
  let loadsPending = 0;
  const enqueue = (work: (tx: Tx) => Promise<unknown>) => {
    loadsPending++;
    loads = loads
      .then(async () => {
        const tx = await transaction.tx;
        if (tx !== null && failure === null) await work(tx);
      })
      .catch((error: Error) => {
        failure ??= error;
      })
      .finally(() => {
        loadsPending--;
        signal();
      });
  };

  enqueue(async (tx) => {
    await repo.startDecisions(tx);
    // Another process storing any of these files now: wait for it (see lockSourceFiles).
    const checksums = await Promise.all(sources.map((s) => s.checksum));
    await repo.lockSourceFiles(
      tx,
      sources.map((s, i) => sourceFileKey(options.tenant, s.profile.name, checksums[i]!)),
    );
  });

  // A file's records, quarantined rows, data-quality issues and decisions of several batches go in
  // one statement each: every statement has a fixed cost (PGlite's most; one COPY of issues per
  // batch took longer than the records).
  let records: Uint8Array[] = [];
  let recordBytes = 0;
  let quarantine = '';
  let issues = '';
  let decisions: Uint8Array[] = [];
  let decisionBytes = 0;
  /** The row the first of `decisions` is about (set with it). */
  let decisionsFrom = 0;
  let gathering: FileProgress | null = null;
  const load = () => {
    const file = gathering;
    if (file === null) return;
    const [pieces, bytes, quarantined, issued] = [records, recordBytes, quarantine, issues];
    const part = {
      inputOrder: file.spec.order + 1,
      firstRow: decisionsFrom,
      codes: Buffer.concat(decisions, decisionBytes),
    };
    if (pieces.length > 0 || quarantined || issued || part.codes.length > 0)
      enqueue(async (tx) => {
        const { partition, rows } = file.storage!;
        if (part.codes.length > 0) await repo.addDecisions(tx, part);
        if (partition === null) return;
        if (pieces.length > 0) await repo.copyRecords(tx, partition, binaryCopy(pieces, bytes));
        if (quarantined) await repo.copyQuarantine(tx, rows.text(quarantined));
        if (issued) await repo.copyIssues(tx, rows.text(issued));
      });
    records = [];
    recordBytes = 0;
    quarantine = '';
    issues = '';
    decisions = [];
    decisionBytes = 0;
  };

  // A file's counts and decisions are recorded as soon as its last batch is merged (after what is
  // left of its rows): for every file but the last, while the run goes on.
  const fileDone = (file: FileProgress) => {
    load();
    enqueue(async (tx) => {
      const { fileId, partition } = file.storage!;
      if (partition) await repo.updateSourceFileCounts(tx, fileId, file.input);
      await repo.insertRunFile(tx, {
        runId,
        fileId,
        inputOrder: file.spec.order + 1,
        alreadyIngested: partition === null,
      });
    });
  };

  const merge = (r: BatchResult) => {
    const file = files[r.order]!;
    counters.absorb(r.counters, file.input);
    for (const [text, c] of r.classes) classes.set(text, c);
    const drop: number[] = [];
    for (let i = 0; i < r.keys.length / 2; i++)
      if (guard.seenKey(r.keys[2 * i]!, r.keys[2 * i + 1]!)) drop.push(i);
    writer.add(r.candidates, r.rejections, r.rejectionAt, drop);
    for (const i of drop) {
      r.decisions[r.rows[i]! - r.firstRow] = DUPLICATE_CODE;
      file.input.candidates--;
      counters.outcomes.candidate--;
      counters.outcomes.duplicate_claim++;
    }
    if (gathering !== file) load();
    gathering = file;
    if (decisions.length === 0) decisionsFrom = r.firstRow;
    decisions.push(r.decisions);
    decisionBytes += r.decisions.length;
    // Rows of a file ingested before are dropped (batches decided before the deciders heard of it
    // still bring some).
    if (file.storage?.partition !== null) {
      if (r.copy.recordCount > 0) records.push(r.copy.records);
      recordBytes += r.copy.records.length;
      quarantine += r.copy.quarantine;
      issues += r.copy.issues;
    }
    if (recordBytes + quarantine.length + issues.length + decisionBytes >= LOAD_BYTES) load();
    if (r.seq === file.lastSeq) fileDone(file);
  };
  const events = {
    result: (result: BatchResult) => {
      waiting.set(result.seq, result);
      try {
        for (let next = waiting.get(merged); next; next = waiting.get(merged)) {
          waiting.delete(merged);
          merge(next);
          merged++;
        }
      } catch (error) {
        failure ??= error as Error;
      }
      signal();
    },
    failed: (error: Error, order?: number) => {
      const file = order === undefined ? undefined : sources[order]?.file.path;
      // Named after the file whose batch failed, keeping the error's code when it has one.
      failure ??=
        file === undefined
          ? error
          : new ReclaimError(
              error instanceof ReclaimError ? error.code : 'INTERNAL',
              `${file}: ${error.message}`,
              { file },
              { cause: error },
            );
      signal();
    },
  };
  /** Resolves once `ready()` holds (or a failure is known, which it then throws). */
  const until = async (ready: () => boolean) => {
    while (!ready()) {
      if (failure) throw failure;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    if (failure) throw failure;
  };

  const deciders: Deciders =
    plan.threads > 0
      ? new ThreadDeciders(plan.threads, options.classifierThreshold, events)
      : new LocalDeciders(options.classifierThreshold, events);
  const inFlight = Math.max(2, plan.threads * BATCHES_PER_THREAD);
  const totalBytes = sources.reduce((n, s) => n + s.file.sizeBytes, 0);
  let doneBytes = 0;
  try {
    for (const [order, { profile, file, checksum: checksumming }] of sources.entries()) {
      const spec: FileSpec = {
        order,
        runId,
        profile,
        fileName: file.name,
        format: file.format,
        sizeBytes: file.sizeBytes,
        rules: plan.rules,
      };
      const progress: FileProgress = {
        spec,
        input: counters.startInput(emptyInput(spec)),
        storage: null,
        lastSeq: null,
      };
      files.push(progress);
      // Reading starts at once; the checksum is needed only to find or record the file.
      enqueue(async (tx) => {
        const checksum = await checksumming;
        progress.input.checksum_sha256 = checksum;
        const known = await repo.findSourceFile(tx, options.tenant, profile.name, checksum);
        // A file is one part of a run: the same content twice under one profile is a mistake.
        const twin =
          known === null ? undefined : files.find((f) => f !== progress && f.storage?.fileId === known);
        if (twin)
          throw new ReclaimError(
            'INPUT_INVALID',
            `${file.path}: the same ${profile.name} file as ${sources[twin.spec.order]!.file.path}, already an input of this run`,
            { file: file.path },
          );
        if (known !== null) {
          log.info({ runId, fileId: known }, 'file already ingested: decisions only, nothing stored');
          deciders.notStored(order);
        }
        const fileId =
          known ??
          (await repo.insertSourceFile(tx, {
            tenant: options.tenant,
            sourceSystem: profile.name,
            format: file.format,
            name: file.name,
            checksum,
            sizeBytes: file.sizeBytes,
          }));
        progress.input.already_ingested = known !== null;
        progress.storage = {
          fileId,
          partition:
            known === null
              ? await repo.createRecordPartition(tx, {
                  tenant: options.tenant,
                  fileId,
                  sourceSystem: profile.name,
                })
              : null,
          rows: new FileRows(options.tenant, fileId),
        };
      });
      deciders.addFile(spec);
      for await (const batch of splitSource(file, profile)) {
        // Back-pressure: a bounded number of batches between reading and merging, and of loads
        // queued behind the merge, so memory stays flat however large the input.
        await until(
          () =>
            submitted - merged < inFlight &&
            loadsPending <= (transaction.isOpen ? LOADS_QUEUED : LOADS_QUEUED_BEFORE_OPEN),
        );
        deciders.submit({ seq: submitted++, order, batch });
        options.onProgress?.(doneBytes + file.bytesRead, totalBytes);
      }
      doneBytes += file.sizeBytes;
      // Every file has at least one batch (one that has no record is refused when it is read).
      progress.lastSeq = submitted - 1;
      if (merged === submitted) fileDone(progress);
    }
    // Every file's last batch has been merged, and so its rows loaded and its decisions recorded.
    await until(() => merged === submitted);
    await until(() => loadsPending === 0);
  } finally {
    guard.close();
    await deciders.close();
    // Nothing may still be writing in the transaction when the caller commits or rolls back.
    await loads;
  }
}

function validDate(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = m ? new Date(`${text}T00:00:00Z`) : null;
  // Year 0 reads as a date here but not in PostgreSQL (which has no year 0): a real range.
  const year = m ? Number(m[1]) : 0;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text || year < 1900) {
    throw new ReclaimError(
      'VALIDATION_FAILED',
      `--as-of must be a date as YYYY-MM-DD from 1900 on, got '${text}'`,
      {
        field: 'as-of',
      },
    );
  }
  return text;
}

function prepareOutDir(dir: string): string {
  const path = resolve(dir);
  try {
    makeDirectory(path);
    accessSync(path, constants.W_OK);
  } catch (error) {
    throw new ReclaimError(
      'OUTPUT_NOT_WRITABLE',
      `--out ${dir} is not a writable directory: ${errorText(error)}`,
      {
        field: 'out',
      },
    );
  }
  checkArtifactPaths(path, {
    candidatesJson: join(path, 'resubmission_candidates.json'),
    candidatesCsv: join(path, 'resubmission_candidates.csv'),
    rejectionLog: join(path, 'rejection_log.jsonl'),
  });
  removeStaleTemporaries(path);
  return path;
}

/**
 * Each artifact's final name is free or a regular file the run may replace (or, for the log,
 * append to): a directory, a FIFO or a device there (a link to /dev/full) fails the run before it
 * stores anything, rather than after.
 */
function checkArtifactPaths(
  outDir: string,
  paths: { candidatesJson: string; candidatesCsv: string; rejectionLog: string },
): void {
  for (const path of [paths.candidatesJson, paths.candidatesCsv, paths.rejectionLog]) {
    let problem: string | null = null;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) problem = `is ${stat.isDirectory() ? 'a directory' : 'not a regular file'}`;
      else if (path === paths.rejectionLog) accessSync(path, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      problem = code === 'EACCES' ? 'is not writable' : `cannot be read (${code ?? 'error'})`;
    }
    if (problem)
      throw new ReclaimError('OUTPUT_NOT_WRITABLE', `--out ${outDir}: ${basename(path)} ${problem}`, {
        field: 'out',
        file: path,
      });
  }
}

/**
 * Temporary artifacts of runs that died (killed, or the machine stopped) are removed: their names
 * carry the pid of the process that wrote them, and that process is gone.
 */
function removeStaleTemporaries(outDir: string): void {
  let names: string[];
  try {
    names = readdirSync(outDir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = temporaryOwner(name);
    if (pid !== null && pid !== process.pid && !alive(pid)) rmSync(join(outDir, name), { force: true });
  }
}

/** The pid in the name of a run's temporary file (`.<name>.<pid>.<n>.tmp`, `.rejection_log.<pid>.<run>.jsonl`). */
function temporaryOwner(name: string): number | null {
  const m =
    /^\..+\.(\d+)\.\d+\.tmp$/.exec(name) ?? /^\.rejection_log\.(\d+)\.[0-9a-f-]{36}\.jsonl$/.exec(name);
  return m ? Number(m[1]) : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An error's message without the path Node repeats in it: the one line names the file already. */
function errorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code}${e.syscall ? ` (${e.syscall})` : ''}` : e.message;
}
