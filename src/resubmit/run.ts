import { randomUUID } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTextClassifier } from '../classify/classifier.js';
import type { Classification } from '../classify/types.js';
import type { Db } from '../db/db.js';
import { ReclaimError } from '../errors.js';
import { log } from '../log.js';
import { checksumOf, openSource, readSource, type SourceFile } from '../ingest/read-source.js';
import { clean, dateNormaliser, statusNormaliser } from '../ingest/normalise.js';
import { loadProfile, type SourceProfile } from '../ingest/profile.js';
import { AtomicFile, appendLinesFrom } from './artifacts.js';
import {
  ageCalculator,
  DuplicateGuard,
  EXCLUSION_REASONS,
  exclusionFor,
  type EligibilityRules,
} from './eligibility.js';
import { RunCounters } from './metrics.js';
import { CandidateWriter, RejectionLines } from './outputs.js';
import { recommendChange } from './recommend.js';
import { RecordSink } from './record-sink.js';
import * as repo from './repository.js';

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

const QUARANTINED = 255;

/**
 * The batch run: reads every input (streamed), normalises, classifies and decides each record,
 * stores records and decisions in one transaction, and writes the artifacts. Artifacts appear
 * whole or not at all; the rejection log only ever grows by complete lines.
 */
export async function runBatch(db: Db, options: RunOptions): Promise<RunResult> {
  return executeRun(db, planRun(options));
}

/** A run whose inputs, profiles and output directory have been checked; nothing is read or written yet. */
export interface RunPlan {
  readonly options: RunOptions;
  readonly rules: EligibilityRules;
  readonly sources: readonly { profile: SourceProfile; file: SourceFile }[];
  readonly outDir: string;
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
  return { options, rules, sources, outDir: prepareOutDir(options.outDir) };
}

/** Runs a checked plan against the database. */
export async function executeRun(db: Db, plan: RunPlan): Promise<RunResult> {
  const started = Date.now();
  const { options, rules, sources, outDir } = plan;

  const runId = randomUUID();
  const paths = {
    candidatesJson: join(outDir, 'resubmission_candidates.json'),
    candidatesCsv: join(outDir, 'resubmission_candidates.csv'),
    metrics: join(outDir, `metrics_${runId}.json`),
    rejectionLog: join(outDir, 'rejection_log.jsonl'),
  };
  const classifier = createTextClassifier(
    options.classifierThreshold === undefined ? {} : { threshold: options.classifierThreshold },
  );
  const runOptions = {
    inputs: sources.map((s) => ({ profile: s.profile.name, file: s.file.name })),
    min_age_days: rules.minAgeDays,
    timely_filing_days: rules.timelyFilingDays,
    classifier_version: classifier.version,
    classifier_threshold: options.classifierThreshold ?? null,
  };
  await repo.insertRun(db, { runId, tenant: options.tenant, asOf: rules.asOf, options: runOptions });
  log.info({ runId, inputs: sources.length }, 'run started');

  const candidates = new CandidateWriter(paths.candidatesJson, paths.candidatesCsv);
  const rejections = new RejectionLines(runId, join(outDir, `.rejection_log.${runId}.jsonl`));
  const counters = new RunCounters();
  const classes = new Map<string, Classification>();
  const classify = (text: string | null): Classification => {
    if (text === null) return classifier.classify(null);
    let c = classes.get(text);
    if (!c) classes.set(text, (c = classifier.classify(text)));
    return c;
  };
  const totalBytes = sources.reduce((n, s) => n + s.file.sizeBytes, 0);
  const progress = () =>
    options.onProgress?.(
      sources.reduce((n, s) => n + s.file.bytesRead, 0),
      totalBytes,
    );

  try {
    const metrics = await db.transaction(async (tx) => {
      const guard = new DuplicateGuard();
      const age = ageCalculator(rules.asOf);
      for (const [order, { profile, file }] of sources.entries()) {
        const checksum = await checksumOf(file.path);
        const known = await repo.findSourceFile(tx, options.tenant, profile.name, checksum);
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
        if (known !== null)
          log.info({ runId, fileId }, 'file already ingested: decisions only, nothing stored');
        const sink = known === null ? new RecordSink(tx, options.tenant, fileId, profile.name) : null;
        const input = counters.startInput({
          source_system: profile.name,
          file: file.name,
          format: file.format,
          checksum_sha256: checksum,
          size_bytes: file.sizeBytes,
          already_ingested: known !== null,
          read: 0,
          accepted: 0,
          quarantined: 0,
          denied: 0,
          candidates: 0,
        });
        const decisions = await decideFile({
          profile,
          file,
          sink,
          input,
          guard,
          age,
          rules,
          classify,
          counters,
          candidates,
          rejections,
          progress,
        });
        if (sink) {
          await sink.close();
          await repo.updateSourceFileCounts(tx, fileId, input);
        }
        await repo.insertRunFile(tx, {
          runId,
          fileId,
          inputOrder: order + 1,
          alreadyIngested: known !== null,
          decisions,
        });
      }
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
      // Publish the artifacts before committing: a crash in between leaves the run marked
      // 'running' and its records uncommitted, and the next run simply reads the files again.
      candidates.commit();
      const metricsFile = new AtomicFile(paths.metrics);
      metricsFile.write(JSON.stringify(metrics, null, 2) + '\n');
      metricsFile.commit();
      rejections.commit();
      // The staged lines are complete and on disk: a new log is the staged file itself.
      if (existsSync(paths.rejectionLog)) {
        appendLinesFrom(paths.rejectionLog, rejections.path);
        rmSync(rejections.path, { force: true });
      } else renameSync(rejections.path, paths.rejectionLog);
      await repo.finishRun(tx, runId, metrics);
      return metrics;
    });
    log.info({ runId, durationMs: Date.now() - started }, 'run finished');
    return { runId, metrics, artifacts: paths };
  } catch (error) {
    candidates.abort();
    rejections.abort();
    await repo
      .failRun(db, runId, error instanceof ReclaimError ? error.code : 'INTERNAL')
      .catch(() => undefined);
    throw error;
  }
}

interface FileWork {
  profile: SourceProfile;
  file: SourceFile;
  sink: RecordSink | null;
  input: ReturnType<RunCounters['startInput']>;
  guard: DuplicateGuard;
  age: (submittedOn: string | null) => number | null;
  rules: EligibilityRules;
  classify: (text: string | null) => Classification;
  counters: RunCounters;
  candidates: CandidateWriter;
  rejections: RejectionLines;
  progress: () => void;
}

/** Reads one file and decides every record; returns the decision byte of each row. */
async function decideFile(w: FileWork): Promise<Uint8Array> {
  const { profile, file, sink, input, counters } = w;
  const missing = counters.missing[profile.name]!;
  const unreadable = counters.unreadable[profile.name]!;
  const status = statusNormaliser(profile);
  const date = dateNormaliser(profile);
  let decisions: Uint8Array = new Uint8Array(1 << 16);
  for await (const batch of readSource(file, profile)) {
    for (const item of batch) {
      input.read++;
      if (decisions.length < item.row) decisions = grow(decisions, item.row);
      if (item.kind === 'rejected') {
        quarantine(w, item.row, item.reason, item.detail, item.raw);
        decisions[item.row - 1] = QUARANTINED;
        continue;
      }
      const [rawClaim, rawPatient, rawCode, rawReason, rawDate, rawStatus] = item.cells;
      const claimId = clean(rawClaim);
      if (claimId === null) {
        quarantine(w, item.row, 'missing_claim_id', 'no claim id', JSON.stringify(item.cells));
        decisions[item.row - 1] = QUARANTINED;
        continue;
      }
      input.accepted++;
      const patientId = clean(rawPatient);
      const procedureCode = clean(rawCode);
      const reason = clean(rawReason);
      const dateText = clean(rawDate);
      const statusText = clean(rawStatus);
      const submitted = date(dateText);
      const state = status(statusText);
      if (patientId === null) missing.patient_id!++;
      if (procedureCode === null) missing.procedure_code!++;
      if (reason === null) missing.denial_reason!++;
      if (dateText === null) missing.submitted_at!++;
      if (statusText === null) missing.status!++;
      if (submitted.unreadable) {
        unreadable.submitted_at!++;
        sink?.issue(item.row, 'submitted_at', 'unparseable_date', dateText);
      }
      if (state.unreadable) {
        unreadable.status!++;
        sink?.issue(item.row, 'status', 'unknown_status', statusText);
      }
      sink?.record(item.row, claimId, patientId, procedureCode, reason, state.value, submitted.value);

      const classification = w.classify(reason);
      counters.classified(classification);
      const submittedOn = submitted.value;
      let outcome = exclusionFor(
        { status: state.value, patientId, submittedOn, classification },
        w.age(submittedOn),
        w.rules,
      );
      if (outcome === null && w.guard.seen(claimId)) outcome = 'duplicate_claim';
      if (state.value === 'denied') input.denied++;
      if (outcome === null) {
        input.candidates++;
        counters.outcomes.candidate++;
        decisions[item.row - 1] = 0;
        w.candidates.add({
          claimId,
          patientId: patientId!,
          procedureCode,
          submittedOn: submittedOn!,
          denialReason: reason,
          classification,
          sourceSystem: profile.name,
          file: file.name,
          row: item.row,
          recommendedChange: recommendChange(reason, classification),
        });
      } else {
        counters.outcomes[outcome]++;
        decisions[item.row - 1] = EXCLUSION_REASONS.indexOf(outcome) + 1;
        if (outcome !== 'not_denied') {
          w.rejections.add({
            sourceSystem: profile.name,
            file: file.name,
            row: item.row,
            claimId,
            reason: outcome,
            detail: null,
            denialReason: reason,
            classification,
          });
        }
      }
    }
    w.progress();
    if (sink) await sink.ready();
  }
  return decisions.slice(0, input.read);
}

/** A row that cannot be accepted: stored in quarantine and logged, with no claim id to name. */
function quarantine(w: FileWork, row: number, reason: string, detail: string, raw: string): void {
  w.input.quarantined++;
  w.counters.quarantined(reason);
  w.sink?.quarantined(row, reason, detail, raw);
  w.rejections.add({
    sourceSystem: w.profile.name,
    file: w.file.name,
    row,
    claimId: null,
    reason: 'quarantined',
    detail: `${reason}: ${detail}`,
    denialReason: null,
    classification: null,
  });
}

function grow(bytes: Uint8Array, atLeast: number): Uint8Array {
  const next = new Uint8Array(Math.max(bytes.length * 2, atLeast));
  next.set(bytes);
  return next;
}

function validDate(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = m ? new Date(`${text}T00:00:00Z`) : null;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text) {
    throw new ReclaimError('VALIDATION_FAILED', `--as-of must be a date as YYYY-MM-DD, got '${text}'`, {
      field: 'as-of',
    });
  }
  return text;
}

function prepareOutDir(dir: string): string {
  const path = resolve(dir);
  try {
    mkdirSync(path, { recursive: true });
    accessSync(path, constants.W_OK);
  } catch (error) {
    throw new ReclaimError(
      'OUTPUT_NOT_WRITABLE',
      `--out ${dir} is not a writable directory: ${(error as Error).message}`,
      {
        field: 'out',
      },
    );
  }
  return path;
}
