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
    // Reason texts, classifications and recommendations repeat across rows: their rendered
    // forms are memoised, and each line is assembled from them (the hot path of large runs).
    const k = c.classification;
    this.json.write(
      `${this.count++ === 0 ? '\n' : ',\n'}{"claim_id":${JSON.stringify(c.claimId)},"patient_id":${JSON.stringify(
        c.patientId,
      )},"procedure_code":${jsonText(c.procedureCode)},"submitted_at":"${c.submittedOn}","denial_reason":${jsonText(
        c.denialReason,
      )},"classification":${classificationJson(k)},"source_system":${jsonText(c.sourceSystem)},"source_file":${jsonText(
        c.file,
      )},"source_row":${c.row},"recommended_change":${jsonText(c.recommendedChange)}}`,
    );
    this.csv.write(
      `${csvCell(c.claimId)},${csvCell(c.patientId)},${csvCell(c.procedureCode)},${c.submittedOn},${csvText(
        c.denialReason,
      )},${classificationCsv(k)},${csvText(c.sourceSystem)},${csvText(c.file)},${c.row},${csvText(c.recommendedChange)}\n`,
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
      `{"run_id":"${this.runId}","source_system":${jsonText(r.sourceSystem)},"source_file":${jsonText(
        r.file,
      )},"source_row":${r.row},"claim_id":${JSON.stringify(r.claimId)},"reason":"${r.reason}","detail":${JSON.stringify(
        r.detail,
      )},"denial_reason":${jsonText(r.denialReason)},${k ? rejectionClassJson(k) : NO_CLASS}}\n`,
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

const NO_CLASS = '"label":null,"category":null,"confidence":null,"classification_source":null';

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function memo<K extends object | string | null, V>(render: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = render(key);
      if (cache.size < 50_000) cache.set(key, value);
    }
    return value;
  };
}

const jsonText = memo((text: string | null) => JSON.stringify(text));
const csvText = memo((text: string | null) => csvCell(text));

const classificationJson = memo((k: Classification) =>
  JSON.stringify({
    label: k.label,
    category: k.category,
    carc: k.carc,
    confidence: round(k.confidence),
    source: k.source,
    version: k.version,
  }),
);

const classificationCsv = memo((k: Classification) =>
  [k.label, k.category, k.carc, round(k.confidence), k.source].map(csvCell).join(','),
);

const rejectionClassJson = memo((k: Classification) =>
  JSON.stringify({
    label: k.label,
    category: k.category,
    confidence: round(k.confidence),
    classification_source: k.source,
  }).slice(1, -1),
);

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
