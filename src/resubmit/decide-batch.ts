import { createTextClassifier } from '../classify/classifier.js';
import type { Classification, TextClassifier } from '../classify/types.js';
import { clean, dateNormaliser, statusNormaliser } from '../ingest/normalise.js';
import type { SourceProfile } from '../ingest/profile.js';
import { rowsOf, type SourceBatch } from '../ingest/read-source.js';
import { ByteBuffer } from '../io/byte-buffer.js';
import { CopyRows, type CopyBatch } from './copy-rows.js';
import {
  ageCalculator,
  EXCLUSION_REASONS,
  exclusionFor,
  fingerprint,
  type EligibilityRules,
} from './eligibility.js';
import { RunCounters, type CountersSnapshot, type InputMetrics } from './metrics.js';
import { CandidateLines, writeRejection, type Rejection, type RenderedCandidates } from './outputs.js';
import { recommendChange } from './recommend.js';

/** One input file as the threads deciding its batches see it; plain data. */
export interface FileSpec {
  /** 0-based position among the run's inputs. */
  readonly order: number;
  readonly runId: string;
  readonly profile: SourceProfile;
  readonly fileName: string;
  readonly format: string;
  readonly sizeBytes: number;
  readonly rules: EligibilityRules;
}

/** A batch of one file's records to decide; `seq` orders batches across the whole run. */
export interface BatchJob {
  readonly seq: number;
  readonly order: number;
  readonly batch: SourceBatch;
}

/**
 * One batch decided, except for duplicates: every record that passes the other checks is rendered
 * as a candidate, with its claim-id fingerprint, and the run (which sees batches in order) leaves
 * out those whose claim id an earlier candidate already has.
 */
export interface BatchResult {
  readonly seq: number;
  readonly order: number;
  readonly firstRow: number;
  /** One byte per record of the batch: 0 candidate, 1 + index in EXCLUSION_REASONS, QUARANTINED. */
  readonly decisions: Uint8Array;
  readonly copy: CopyBatch;
  readonly candidates: RenderedCandidates;
  /**
   * Claim-id fingerprint of each candidate (high and low half, two entries a candidate), its row,
   * and where in `rejections` its row falls.
   */
  readonly keys: Uint32Array;
  readonly rows: Uint32Array;
  readonly rejectionAt: Uint32Array;
  readonly rejections: Uint8Array;
  readonly counters: CountersSnapshot;
  /** Reason texts this thread classified for the first time, with their classification. */
  readonly classes: [string, Classification][];
}

export const QUARANTINED = 255;

/**
 * A file's counters before any of its records are read (its checksum, and whether it was ingested
 * before, are filled in by the run once known).
 */
export function emptyInput(spec: FileSpec): InputMetrics {
  return {
    source_system: spec.profile.name,
    file: spec.fileName,
    format: spec.format,
    checksum_sha256: '',
    size_bytes: spec.sizeBytes,
    already_ingested: false,
    read: 0,
    accepted: 0,
    quarantined: 0,
    denied: 0,
    candidates: 0,
  };
}

/** The buffers of a result, to move them to another thread instead of copying them. */
export function transferList(result: BatchResult): ArrayBuffer[] {
  const views: ArrayBufferView[] = [
    result.decisions,
    result.candidates.json,
    result.candidates.csv,
    result.candidates.jsonStarts,
    result.candidates.csvStarts,
    result.keys,
    result.rows,
    result.rejectionAt,
    result.rejections,
  ];
  views.push(result.copy.records);
  return views.map((v) => v.buffer as ArrayBuffer);
}

/**
 * Decides batches of any of the run's files, in whatever thread holds it. Per file it keeps the
 * profile's normalisers; the classifier and its cache of reason texts serve every file.
 */
export class BatchDecider {
  private readonly files = new Map<number, FileState>();
  private readonly classifier: TextClassifier;
  private readonly reasons = new Map<string, KnownReason>();
  private noReason: KnownReason | undefined;
  private readonly codes = new Map<string, string>();
  private fresh: [string, Classification][] = [];
  // Rendered into, batch after batch (see `decide`).
  private readonly copy = new CopyRows();
  private readonly candidates = new CandidateLines();
  private readonly rejections = new ByteBuffer(1 << 20);

  constructor(classifierThreshold: number | undefined) {
    this.classifier = createTextClassifier(
      classifierThreshold === undefined ? {} : { threshold: classifierThreshold },
    );
  }

  addFile(spec: FileSpec): void {
    this.files.set(spec.order, {
      spec,
      status: statusNormaliser(spec.profile),
      date: dateNormaliser(spec.profile),
      age: ageCalculator(spec.rules.asOf),
    });
  }

  async decide(job: BatchJob): Promise<BatchResult> {
    const state = this.files.get(job.order);
    if (!state) throw new Error(`batch ${job.seq} belongs to an unknown file ${job.order}`);
    const { spec } = state;
    const { profile, rules } = spec;
    const items = await rowsOf(job.batch, profile);
    const firstRow = job.batch.firstRow;
    const decisions = new Uint8Array(items.length);
    // Rendered whether or not the file turns out to be stored: that is known only once the
    // database is open, and the run drops the rows of a file it has stored before.
    // The renderers are the decider's own, reused batch after batch: fresh megabyte buffers for
    // every batch were most of what the garbage collector had to deal with (results are copied out).
    const { copy, candidates, rejections } = this;
    copy.clear();
    candidates.clear();
    rejections.clear();
    const keys: number[] = [];
    const rows: number[] = [];
    const rejectionAt: number[] = [];
    const counters = new RunCounters();
    const input = counters.startInput(emptyInput(spec));
    const missing = counters.missing[profile.name]!;
    const unreadable = counters.unreadable[profile.name]!;
    const reject = (
      row: number,
      claimId: string | null,
      reason: Rejection['reason'],
      detail: string | null,
      denialReason: string | null,
      classification: Classification | null,
    ) =>
      writeRejection(rejections, spec.runId, {
        sourceSystem: profile.name,
        file: spec.fileName,
        row,
        claimId,
        reason,
        detail,
        denialReason,
        classification,
      });

    for (const item of items) {
      const at = item.row - firstRow;
      input.read++;
      if (item.kind === 'rejected') {
        input.quarantined++;
        counters.quarantined(item.reason);
        copy.quarantined(item.row, item.reason, item.detail, item.raw);
        reject(item.row, null, 'quarantined', `${item.reason}: ${item.detail}`, null, null);
        decisions[at] = QUARANTINED;
        continue;
      }
      const [rawClaim, rawPatient, rawCode, rawReason, rawDate, rawStatus] = item.cells;
      const claimId = clean(rawClaim);
      if (claimId === null) {
        const raw = JSON.stringify(item.cells);
        input.quarantined++;
        counters.quarantined('missing_claim_id');
        copy.quarantined(item.row, 'missing_claim_id', 'no claim id', raw);
        reject(item.row, null, 'quarantined', 'missing_claim_id: no claim id', null, null);
        decisions[at] = QUARANTINED;
        continue;
      }
      input.accepted++;
      const patientId = clean(rawPatient);
      // Interned: the renderers' caches of encoded values then find them by identity.
      const procedureCode = this.intern(clean(rawCode));
      const known = this.reason(clean(rawReason));
      const reason = known.text;
      const dateText = clean(rawDate);
      const statusText = clean(rawStatus);
      const submitted = state.date(dateText);
      const status = state.status(statusText);
      if (patientId === null) missing.patient_id!++;
      if (procedureCode === null) missing.procedure_code!++;
      if (reason === null) missing.denial_reason!++;
      if (dateText === null) missing.submitted_at!++;
      if (statusText === null) missing.status!++;
      if (submitted.unreadable) {
        unreadable.submitted_at!++;
        copy.issue(item.row, 'submitted_at', 'unparseable_date', dateText);
      }
      if (status.unreadable) {
        unreadable.status!++;
        copy.issue(item.row, 'status', 'unknown_status', statusText);
      }
      copy.record(item.row, claimId, patientId, procedureCode, reason, status.value, submitted.value);

      const classification = known.classification;
      counters.classified(classification);
      const submittedOn = submitted.value;
      const outcome = exclusionFor(
        { status: status.value, patientId, submittedOn, classification },
        state.age(submittedOn),
        rules,
      );
      if (status.value === 'denied') input.denied++;
      if (outcome === null) {
        input.candidates++;
        counters.outcomes.candidate++;
        decisions[at] = 0;
        const [high, low] = fingerprint(claimId);
        keys.push(high, low);
        rows.push(item.row);
        rejectionAt.push(rejections.length);
        candidates.add({
          claimId,
          patientId: patientId!,
          procedureCode,
          submittedOn: submittedOn!,
          denialReason: reason,
          classification,
          sourceSystem: profile.name,
          file: spec.fileName,
          row: item.row,
          recommendedChange: known.recommendation,
        });
      } else {
        counters.outcomes[outcome]++;
        decisions[at] = EXCLUSION_REASONS.indexOf(outcome) + 1;
        if (outcome !== 'not_denied') reject(item.row, claimId, outcome, null, reason, classification);
      }
    }
    const classes = this.fresh;
    this.fresh = [];
    return {
      seq: job.seq,
      order: job.order,
      firstRow,
      decisions,
      copy: copy.take(),
      candidates: candidates.take(),
      keys: Uint32Array.from(keys),
      rows: Uint32Array.from(rows),
      rejectionAt: Uint32Array.from(rejectionAt),
      rejections: rejections.take(),
      counters: counters.snapshot(),
      classes,
    };
  }

  /**
   * A reason text as first met (one string per distinct text), with its classification and
   * recommended change: each distinct text is classified once per thread.
   */
  private reason(text: string | null): KnownReason {
    if (text === null) {
      if (!this.noReason) {
        const classification = this.classifier.classify(null);
        this.noReason = { text, classification, recommendation: recommendChange(null, classification) };
      }
      return this.noReason;
    }
    let known = this.reasons.get(text);
    if (!known) {
      const classification = this.classifier.classify(text);
      known = { text, classification, recommendation: recommendChange(text, classification) };
      this.reasons.set(text, known);
      this.fresh.push([text, classification]);
    }
    return known;
  }

  private intern(code: string | null): string | null {
    if (code === null) return null;
    let interned = this.codes.get(code);
    if (interned === undefined) {
      interned = code;
      if (this.codes.size < 100_000) this.codes.set(code, code);
    }
    return interned;
  }
}

interface KnownReason {
  readonly text: string | null;
  readonly classification: Classification;
  readonly recommendation: string;
}

interface FileState {
  readonly spec: FileSpec;
  readonly status: ReturnType<typeof statusNormaliser>;
  readonly date: ReturnType<typeof dateNormaliser>;
  readonly age: (submittedOn: string | null) => number | null;
}
