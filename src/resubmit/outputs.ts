import type { Classification } from '../classify/types.js';
import { ByteBuffer } from '../io/byte-buffer.js';
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

export const CANDIDATES_CSV_HEADER =
  'claim_id,patient_id,procedure_code,submitted_at,denial_reason,label,category,carc,confidence,classification_source,source_system,source_file,source_row,recommended_change\n';

/**
 * A batch's candidates rendered for resubmission_candidates.json and .csv: each JSON object is
 * preceded by `,\n` (the writer drops the very first comma), CSV records come without the header.
 * Where each candidate starts is kept, so the run can still leave one out (a duplicate of a
 * candidate in an earlier batch) without rendering anything again.
 */
export class CandidateLines {
  readonly json = new ByteBuffer(1 << 20);
  readonly csv = new ByteBuffer(1 << 19);
  private jsonStarts: number[] = [];
  private csvStarts: number[] = [];

  get count(): number {
    return this.jsonStarts.length;
  }

  add(c: Candidate): void {
    this.jsonStarts.push(this.json.length);
    this.csvStarts.push(this.csv.length);
    // Reason texts, classifications and recommendations repeat across rows: their rendered
    // forms are memoised, and each line is assembled from them (the hot path of large runs).
    const k = c.classification;
    this.json.append(
      `,\n{"claim_id":${JSON.stringify(c.claimId)},"patient_id":${JSON.stringify(
        c.patientId,
      )},"procedure_code":${jsonText(c.procedureCode)},"submitted_at":"${c.submittedOn}","denial_reason":${jsonText(
        c.denialReason,
      )},"classification":${classificationJson(k)},"source_system":${jsonText(c.sourceSystem)},"source_file":${jsonText(
        c.file,
      )},"source_row":${c.row},"recommended_change":${jsonText(c.recommendedChange)}}`,
    );
    this.csv.append(
      `${csvCell(c.claimId)},${csvCell(c.patientId)},${csvCell(c.procedureCode)},${c.submittedOn},${csvText(
        c.denialReason,
      )},${classificationCsv(k)},${csvText(c.sourceSystem)},${csvText(c.file)},${c.row},${csvText(c.recommendedChange)}\n`,
    );
  }

  /** The rendered bytes, and each candidate's start in them (plus the end), ready to transfer. */
  take(): RenderedCandidates {
    const out = {
      json: this.json.take(),
      csv: this.csv.take(),
      jsonStarts: Uint32Array.from(this.jsonStarts),
      csvStarts: Uint32Array.from(this.csvStarts),
    };
    this.jsonStarts = [];
    this.csvStarts = [];
    return out;
  }
}

export interface RenderedCandidates {
  readonly json: Uint8Array;
  readonly csv: Uint8Array;
  /** Byte offset of each candidate in `json` / `csv`. */
  readonly jsonStarts: Uint32Array;
  readonly csvStarts: Uint32Array;
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

/** A rejection-log line (with its newline); every line carries the run id. */
export function rejectionLine(runId: string, r: Rejection): string {
  const k = r.classification;
  return `{"run_id":"${runId}","source_system":${jsonText(r.sourceSystem)},"source_file":${jsonText(
    r.file,
  )},"source_row":${r.row},"claim_id":${JSON.stringify(r.claimId)},"reason":"${r.reason}","detail":${JSON.stringify(
    r.detail,
  )},"denial_reason":${jsonText(r.denialReason)},${k ? rejectionClassJson(k) : NO_CLASS}}\n`;
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
