import { createTextClassifier } from '../classify/classifier.js';
import type { Classification, TextClassifier } from '../classify/types.js';
import { clean, dateNormaliser, statusNormaliser } from '../ingest/normalise.js';
import type { SourceProfile } from '../ingest/profile.js';
import { rowsOf, type RawRow, type Rejected, type SourceBatch } from '../ingest/read-source.js';
import { ByteBuffer } from '../io/byte-buffer.js';
import { CopyRows, pgDate, type CopyBatch } from './copy-rows.js';
import { fingerprint } from './duplicate-guard.js';
import { ageCalculator, EXCLUSION_REASONS, exclusionFor, type EligibilityRules } from './eligibility.js';
import { RunCounters, type CountersSnapshot, type InputMetrics } from './metrics.js';
import {
  CandidateLines,
  encode,
  encodeClassification,
  writeRejection,
  type Encoded,
  type EncodedClassification,
  type Rejection,
  type RenderedCandidates,
} from './outputs.js';
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

/** Distinct reason texts, dates, statuses and codes remembered per decider. */
const MAX_REMEMBERED = 100_000;
const NO_TEXT = encode(null);

/**
 * Decides batches of any of the run's files, in whatever thread holds it. Per file it keeps the
 * profile's normalisers; the classifier and its cache of reason texts serve every file.
 *
 * Every distinct value of a field that repeats across rows (a reason text, a date, a status, a
 * procedure code) is worked out once: what it normalises to, how it classifies, and how it is
 * encoded for each output. A row then costs one lookup per field.
 */
export class BatchDecider {
  private readonly files = new Map<number, FileState>();
  private readonly classifier: TextClassifier;
  private readonly reasons = new Map<string, KnownReason>();
  private noReason: KnownReason | undefined;
  private readonly codes = new Map<string, Encoded>();
  private fresh: [string, Classification][] = [];
  /** Reasons met in the batch being decided (their `count`s go into its counters at its end). */
  private touched: KnownReason[] = [];
  // Rendered into, batch after batch (see `decideRows`).
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
      statuses: new Map(),
      dates: new Map(),
      sourceSystem: encode(spec.profile.name),
      fileName: encode(spec.fileName),
      stored: true,
    });
  }

  /**
   * The file was ingested before: its rows are decided, not stored again, so from now on its
   * batches come without COPY rows (the run learns this only once its transaction is open).
   */
  notStored(order: number): void {
    const state = this.files.get(order);
    if (state) state.stored = false;
  }

  async decide(job: BatchJob): Promise<BatchResult> {
    const state = this.files.get(job.order);
    if (!state) throw new Error(`batch ${job.seq} belongs to an unknown file ${job.order}`);
    // Reading a batch's rows is asynchronous; deciding them is not.
    return this.decideRows(job, state, await rowsOf(job.batch, state.spec.profile));
  }

  private decideRows(job: BatchJob, state: FileState, items: (RawRow | Rejected)[]): BatchResult {
    const { spec, stored } = state;
    const { profile, rules } = spec;
    const firstRow = job.batch.firstRow;
    const decisions = new Uint8Array(items.length);
    // COPY rows are rendered until the run says the file is not to be stored (it drops any it
    // gets for such a file). The renderers are the decider's own, reused batch after batch: fresh
    // megabyte buffers for every batch were most of what the garbage collector had to deal with
    // (results are copied out).
    const { copy, candidates, rejections, touched } = this;
    copy.clear();
    candidates.clear();
    rejections.clear();
    for (const known of touched) known.count = 0;
    touched.length = 0;
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
      denialReason: Encoded,
      classification: EncodedClassification | null,
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
        if (stored) copy.quarantined(item.row, item.reason, item.detail, item.raw);
        reject(item.row, null, 'quarantined', `${item.reason}: ${item.detail}`, NO_TEXT, null);
        decisions[at] = QUARANTINED;
        continue;
      }
      const [rawClaim, rawPatient, rawCode, rawReason, rawDate, rawStatus] = item.cells;
      const claimId = clean(rawClaim);
      if (claimId === null) {
        const raw = JSON.stringify(item.cells);
        input.quarantined++;
        counters.quarantined('missing_claim_id');
        if (stored) copy.quarantined(item.row, 'missing_claim_id', 'no claim id', raw);
        reject(item.row, null, 'quarantined', 'missing_claim_id: no claim id', NO_TEXT, null);
        decisions[at] = QUARANTINED;
        continue;
      }
      input.accepted++;
      const patientId = clean(rawPatient);
      const code = this.code(clean(rawCode));
      const known = this.reason(clean(rawReason));
      const reason = known.text;
      const dateText = clean(rawDate);
      const statusText = clean(rawStatus);
      const submitted = this.date(state, dateText);
      const status = this.status(state, statusText);
      if (patientId === null) missing.patient_id!++;
      if (code.text === null) missing.procedure_code!++;
      if (reason === null) missing.denial_reason!++;
      if (dateText === null) missing.submitted_at!++;
      if (statusText === null) missing.status!++;
      if (submitted.unreadable) {
        unreadable.submitted_at!++;
        if (stored) copy.issue(item.row, 'submitted_at', 'unparseable_date', dateText);
      }
      if (status.unreadable) {
        unreadable.status!++;
        if (stored) copy.issue(item.row, 'status', 'unknown_status', statusText);
      }
      if (stored)
        copy.encodedRecord(
          item.row,
          claimId,
          patientId,
          code.utf8,
          known.encoded.utf8,
          status.utf8,
          submitted.pgDays,
        );

      const classification = known.classification;
      if (known.count++ === 0) touched.push(known);
      const submittedOn = submitted.value;
      const outcome = exclusionFor(
        { status: status.value, patientId, submittedOn, classification },
        submitted.age,
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
          procedureCode: code,
          submittedOn: submittedOn!,
          denialReason: known.encoded,
          classification: known.encodedClass,
          sourceSystem: state.sourceSystem,
          file: state.fileName,
          row: item.row,
          recommendedChange: known.recommendation,
        });
      } else {
        counters.outcomes[outcome]++;
        decisions[at] = EXCLUSION_REASONS.indexOf(outcome) + 1;
        if (outcome !== 'not_denied')
          reject(item.row, claimId, outcome, null, known.encoded, known.encodedClass);
      }
    }
    for (const known of touched) {
      counters.classified(known.classification, known.count);
      known.count = 0;
    }
    touched.length = 0;
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
    if (text === null) return (this.noReason ??= this.know(null));
    // Past the limit (free text that differs on every row) a text is worked out each time it is
    // met, and reported again: the run keeps one classification per distinct text.
    return remember(this.reasons, text, () => {
      const known = this.know(text);
      this.fresh.push([text, known.classification]);
      return known;
    });
  }

  private know(text: string | null): KnownReason {
    const classification = this.classifier.classify(text);
    return {
      text,
      encoded: encode(text),
      classification,
      encodedClass: encodeClassification(classification),
      recommendation: encode(recommendChange(text, classification)),
      count: 0,
    };
  }

  private code(text: string | null): Encoded {
    return text === null ? NO_TEXT : remember(this.codes, text, () => encode(text));
  }

  private date(state: FileState, text: string | null): KnownDate {
    if (text === null) return NO_DATE;
    return remember(state.dates, text, () => {
      const { value, unreadable } = state.date(text);
      return { value, unreadable, pgDays: value === null ? null : pgDate(value), age: state.age(value) };
    });
  }

  private status(state: FileState, text: string | null): KnownStatus {
    if (text === null) return NO_STATUS;
    return remember(state.statuses, text, () => {
      const { value, unreadable } = state.status(text);
      return { value, unreadable, utf8: value === null ? null : Buffer.from(value) };
    });
  }
}

/** `known.get(text)`, or what `make` gives, kept while `known` holds fewer than MAX_REMEMBERED. */
function remember<V>(known: Map<string, V>, text: string, make: () => V): V {
  let value = known.get(text);
  if (value === undefined) {
    value = make();
    if (known.size < MAX_REMEMBERED) known.set(text, value);
  }
  return value;
}

interface KnownReason {
  readonly text: string | null;
  readonly encoded: Encoded;
  readonly classification: Classification;
  readonly encodedClass: EncodedClassification;
  readonly recommendation: Encoded;
  /** Records with this reason in the batch being decided. */
  count: number;
}

/** A date text of a file: its normalised value, that value for COPY, and its age at the as-of date. */
interface KnownDate {
  readonly value: string | null;
  readonly unreadable: boolean;
  readonly pgDays: number | null;
  readonly age: number | null;
}
const NO_DATE: KnownDate = { value: null, unreadable: false, pgDays: null, age: null };

/** A status text of a file: its normalised value, and that value for COPY. */
interface KnownStatus {
  readonly value: string | null;
  readonly unreadable: boolean;
  readonly utf8: Uint8Array | null;
}
const NO_STATUS: KnownStatus = { value: null, unreadable: false, utf8: null };

interface FileState {
  readonly spec: FileSpec;
  readonly status: ReturnType<typeof statusNormaliser>;
  readonly date: ReturnType<typeof dateNormaliser>;
  readonly age: (submittedOn: string | null) => number | null;
  readonly statuses: Map<string, KnownStatus>;
  readonly dates: Map<string, KnownDate>;
  readonly sourceSystem: Encoded;
  readonly fileName: Encoded;
  /** False once the run knows the file was ingested before. */
  stored: boolean;
}
