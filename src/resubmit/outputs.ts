import type { Classification } from '../classify/types.js';
import { AtomicFile } from './artifacts.js';
import type { ExclusionReason } from './eligibility.js';

/** What a candidate carries into the artifacts. */
export interface Candidate {
  readonly claimId: string;
  readonly patientId: string;
  readonly procedureCode: string | null;
  readonly submittedOn: string;
  readonly denialReason: string | null;
  readonly classification: Classification;
  readonly sourceSystem: string;
  readonly file: string;
  readonly row: number;
  readonly recommendedChange: string;
}

const CSV_HEADER =
  'claim_id,patient_id,procedure_code,submitted_at,denial_reason,label,category,carc,confidence,classification_source,source_system,source_file,source_row,recommended_change\n';

/** Streams candidates into resubmission_candidates.json and .csv; both appear only on commit. */
export class CandidateWriter {
  private readonly json: AtomicFile;
  private readonly csv: AtomicFile;
  count = 0;

  constructor(jsonPath: string, csvPath: string) {
    this.json = new AtomicFile(jsonPath);
    this.csv = new AtomicFile(csvPath);
    this.json.write('[');
    this.csv.write(CSV_HEADER);
  }

  add(c: Candidate): void {
    const k = c.classification;
    this.json.write(
      (this.count++ === 0 ? '\n' : ',\n') +
        JSON.stringify({
          claim_id: c.claimId,
          patient_id: c.patientId,
          procedure_code: c.procedureCode,
          submitted_at: c.submittedOn,
          denial_reason: c.denialReason,
          classification: {
            label: k.label,
            category: k.category,
            carc: k.carc,
            confidence: round(k.confidence),
            source: k.source,
            version: k.version,
          },
          source_system: c.sourceSystem,
          source_file: c.file,
          source_row: c.row,
          recommended_change: c.recommendedChange,
        }),
    );
    this.csv.write(
      [
        c.claimId,
        c.patientId,
        c.procedureCode,
        c.submittedOn,
        c.denialReason,
        k.label,
        k.category,
        k.carc,
        round(k.confidence),
        k.source,
        c.sourceSystem,
        c.file,
        c.row,
        c.recommendedChange,
      ]
        .map(csvCell)
        .join(',') + '\n',
    );
  }

  commit(): void {
    this.json.write(this.count === 0 ? ']\n' : '\n]\n');
    this.json.commit();
    this.csv.commit();
  }

  abort(): void {
    this.json.abort();
    this.csv.abort();
  }
}

/** One line of the rejection log: a denied record that was not resubmitted, or a quarantined one. */
export interface Rejection {
  readonly sourceSystem: string;
  readonly file: string;
  readonly row: number;
  readonly claimId: string | null;
  readonly reason: ExclusionReason | 'quarantined';
  readonly detail: string | null;
  readonly denialReason: string | null;
  readonly classification: Classification | null;
}

/** Collects a run's rejection lines (each carrying the run id) for one append at the end of the run. */
export class RejectionLines {
  private readonly file: AtomicFile;
  count = 0;

  constructor(
    private readonly runId: string,
    /** Where the run's lines are staged until the run is complete. */
    readonly path: string,
  ) {
    this.file = new AtomicFile(path);
  }

  add(r: Rejection): void {
    this.count++;
    const k = r.classification;
    this.file.write(
      JSON.stringify({
        run_id: this.runId,
        source_system: r.sourceSystem,
        source_file: r.file,
        source_row: r.row,
        claim_id: r.claimId,
        reason: r.reason,
        detail: r.detail,
        denial_reason: r.denialReason,
        label: k?.label ?? null,
        category: k?.category ?? null,
        confidence: k ? round(k.confidence) : null,
        classification_source: k?.source ?? null,
      }) + '\n',
    );
  }

  /** Finishes the staging file: complete and on disk, ready to append to the log. */
  commit(): void {
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
