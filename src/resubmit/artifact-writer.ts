import { verdictOf, type Label } from '../classify/types.js';
import { AtomicFile } from './artifacts.js';
import { ByteBuffer } from '../io/byte-buffer.js';
import {
  CANDIDATES_CSV_HEADER,
  encode,
  encodeClassification,
  writeRejection,
  type EncodedClassification,
  type RenderedCandidates,
} from './outputs.js';

interface RenderedCandidate {
  claim_id: string;
  denial_reason: string | null;
  classification: {
    label: Label;
    category: string | null;
    carc: string | null;
    confidence: number;
    source: 'code' | 'rule' | 'model' | 'fallback';
    version: string;
  };
  source_system: string;
  source_file: string;
  source_row: number;
}

/**
 * Writes the run's artifacts from batches rendered on other threads, taken in input order:
 * resubmission_candidates.json and .csv (published on commit) and the run's rejection lines
 * (staged, for the log). Rendered bytes are written as they are; a candidate found to be a
 * duplicate is cut out by its offsets and logged as `duplicate_claim` instead.
 */
export class ArtifactWriter {
  private readonly json: AtomicFile;
  private readonly csv: AtomicFile;
  private readonly rejections: AtomicFile;
  private written = 0;
  private readonly classifications = new Map<string, EncodedClassification>();

  constructor(
    private readonly runId: string,
    paths: { candidatesJson: string; candidatesCsv: string },
    /** Where the run's rejection lines are staged before they join the log. */
    readonly rejectionsPath: string,
  ) {
    this.json = new AtomicFile(paths.candidatesJson);
    this.csv = new AtomicFile(paths.candidatesCsv);
    this.rejections = new AtomicFile(rejectionsPath);
    this.json.write('[');
    this.csv.write(CANDIDATES_CSV_HEADER);
  }

  /**
   * Appends a batch's candidates except those at `drop` (ascending indexes), and its rejection
   * lines with a `duplicate_claim` line for each candidate dropped, at its row's place.
   * `rejectionAt[i]` is where candidate i's row falls among the rejection lines.
   */
  add(
    candidates: RenderedCandidates,
    rejections: Uint8Array,
    rejectionAt: Uint32Array,
    drop: readonly number[],
  ): void {
    const { json, csv, jsonStarts, csvStarts } = candidates;
    const count = jsonStarts.length;
    let from = 0;
    for (const index of [...drop, count]) {
      if (index > from) {
        this.writeJson(json.subarray(jsonStarts[from], index < count ? jsonStarts[index] : json.length));
        this.csv.writeBytes(csv.subarray(csvStarts[from], index < count ? csvStarts[index] : csv.length));
        this.written += index - from;
      }
      from = index + 1;
    }
    const decoder = new TextDecoder();
    let lines = 0;
    for (const index of drop) {
      const at = rejectionAt[index]!;
      this.rejections.writeBytes(rejections.subarray(lines, at));
      lines = at;
      const end = index + 1 < count ? jsonStarts[index + 1] : json.length;
      // Each rendered object is preceded by ",\n".
      const c = JSON.parse(decoder.decode(json.subarray(jsonStarts[index]! + 2, end))) as RenderedCandidate;
      const k = c.classification;
      const line = new ByteBuffer(1024);
      writeRejection(line, this.runId, {
        sourceSystem: c.source_system,
        file: c.source_file,
        row: c.source_row,
        claimId: c.claim_id,
        reason: 'duplicate_claim',
        detail: null,
        denialReason: encode(c.denial_reason),
        classification: this.classification(k),
      });
      this.rejections.writeBytes(line.take());
    }
    this.rejections.writeBytes(rejections.subarray(lines));
  }

  /** Finishes all three files and waits until they are on disk (side by side); nothing is visible yet. */
  async seal(): Promise<void> {
    this.json.write(this.written === 0 ? ']\n' : '\n]\n');
    await Promise.all([this.json.seal(), this.csv.seal(), this.rejections.seal()]);
  }

  /** Publishes both sealed candidate files and the staged rejection lines (at `rejectionsPath`). */
  publish(): void {
    this.json.publish();
    this.csv.publish();
    this.rejections.publish();
  }

  abort(): void {
    this.json.abort();
    this.csv.abort();
    this.rejections.abort();
  }

  /** A classification read back from a candidate, encoded once per distinct one. */
  private classification(k: RenderedCandidate['classification']): EncodedClassification {
    const key = JSON.stringify(k);
    let known = this.classifications.get(key);
    if (!known)
      this.classifications.set(key, (known = encodeClassification({ ...k, verdict: verdictOf(k.label) })));
    return known;
  }

  private writeJson(bytes: Uint8Array): void {
    // The first object of the file has no comma before it: "[\n{…}".
    this.json.writeBytes(this.written === 0 ? bytes.subarray(1) : bytes);
  }
}
