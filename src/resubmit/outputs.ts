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
    // Written piece by piece into bytes: repeated values (reason texts, classifications,
    // recommendations, names) are encoded once and copied; the rest is copied character by
    // character. No line is ever built as a string (the hot path of large runs).
    const k = c.classification;
    const j = this.json;
    j.ascii(',\n{"claim_id":');
    jsonString(j, c.claimId);
    j.ascii(',"patient_id":');
    jsonString(j, c.patientId);
    j.ascii(',"procedure_code":');
    j.appendBytes(jsonBytes(c.procedureCode));
    j.ascii(',"submitted_at":"');
    j.ascii(c.submittedOn);
    j.ascii('","denial_reason":');
    j.appendBytes(jsonBytes(c.denialReason));
    j.ascii(',"classification":');
    j.appendBytes(classificationJson(k));
    j.ascii(',"source_system":');
    j.appendBytes(jsonBytes(c.sourceSystem));
    j.ascii(',"source_file":');
    j.appendBytes(jsonBytes(c.file));
    j.ascii(',"source_row":');
    j.digits(c.row);
    j.ascii(',"recommended_change":');
    j.appendBytes(jsonBytes(c.recommendedChange));
    j.byte(RIGHT_BRACE);

    const v = this.csv;
    csvString(v, c.claimId);
    v.byte(COMMA);
    csvString(v, c.patientId);
    v.byte(COMMA);
    v.appendBytes(csvBytes(c.procedureCode));
    v.byte(COMMA);
    v.ascii(c.submittedOn);
    v.byte(COMMA);
    v.appendBytes(csvBytes(c.denialReason));
    v.byte(COMMA);
    v.appendBytes(classificationCsv(k));
    v.byte(COMMA);
    v.appendBytes(csvBytes(c.sourceSystem));
    v.byte(COMMA);
    v.appendBytes(csvBytes(c.file));
    v.byte(COMMA);
    v.digits(c.row);
    v.byte(COMMA);
    v.appendBytes(csvBytes(c.recommendedChange));
    v.byte(NEWLINE);
  }

  /** Empties the renderer (what a failed batch may have left). */
  clear(): void {
    this.json.clear();
    this.csv.clear();
    this.jsonStarts = [];
    this.csvStarts = [];
  }

  /** The rendered bytes, and each candidate's start in them (plus the end), ready to transfer. */
  take(): RenderedCandidates {
    const out = {
      json: this.json.take(),
      csv: this.csv.take(),
      jsonStarts: Uint32Array.from(this.jsonStarts),
      csvStarts: Uint32Array.from(this.csvStarts),
    };
    this.clear();
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

/** Appends a rejection-log line (with its newline); every line carries the run id. */
export function writeRejection(out: ByteBuffer, runId: string, r: Rejection): void {
  out.appendBytes(rejectionHead(runId, r.sourceSystem, r.file));
  out.digits(r.row);
  out.ascii(',"claim_id":');
  jsonString(out, r.claimId);
  out.ascii(',"reason":"');
  out.ascii(r.reason);
  out.ascii('","detail":');
  jsonString(out, r.detail);
  out.ascii(',"denial_reason":');
  out.appendBytes(jsonBytes(r.denialReason));
  out.byte(COMMA);
  out.appendBytes(r.classification ? rejectionClassJson(r.classification) : NO_CLASS);
  out.ascii('}\n');
}

/**
 * `{"run_id":…,"source_system":…,"source_file":…,"source_row":` for a run, source and file. Lines
 * come file by file, so the last one rendered is nearly always the one asked for again.
 */
let lastHead = { runId: '', source: '', file: '', bytes: new Uint8Array(0) };
function rejectionHead(runId: string, source: string, file: string): Uint8Array {
  const last = lastHead;
  if (last.runId === runId && last.source === source && last.file === file) return last.bytes;
  const bytes = Buffer.from(
    `{"run_id":${JSON.stringify(runId)},"source_system":${JSON.stringify(source)},"source_file":${JSON.stringify(file)},"source_row":`,
  );
  lastHead = { runId, source, file, bytes };
  return bytes;
}

const NO_CLASS = Buffer.from('"label":null,"category":null,"confidence":null,"classification_source":null');
const COMMA = 44;
const NEWLINE = 10;
const QUOTE = 34;
const RIGHT_BRACE = 125;

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

const jsonBytes = memo((text: string | null) => Buffer.from(JSON.stringify(text)));
const csvBytes = memo((text: string | null) => Buffer.from(csvCell(text)));

const classificationJson = memo((k: Classification) =>
  Buffer.from(
    JSON.stringify({
      label: k.label,
      category: k.category,
      carc: k.carc,
      confidence: round(k.confidence),
      source: k.source,
      version: k.version,
    }),
  ),
);

const classificationCsv = memo((k: Classification) =>
  Buffer.from([k.label, k.category, k.carc, round(k.confidence), k.source].map(csvCell).join(',')),
);

const rejectionClassJson = memo((k: Classification) =>
  Buffer.from(
    JSON.stringify({
      label: k.label,
      category: k.category,
      confidence: round(k.confidence),
      classification_source: k.source,
    }).slice(1, -1),
  ),
);

/** Appends `text` as JSON.stringify writes it (null as null), without building the literal when it needs no escape. */
function jsonString(out: ByteBuffer, text: string | null): void {
  if (text === null) return out.ascii('null');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Control characters, quote, backslash and lone surrogates are escaped by JSON.stringify.
    if (c < 0x20 || c === QUOTE || c === 92 || (c >= 0xd800 && c <= 0xdfff))
      return out.append(JSON.stringify(text));
  }
  out.byte(QUOTE);
  out.ascii(text);
  out.byte(QUOTE);
}

/** Appends `text` as one CSV cell, quoted only when it holds a quote, comma or line break. */
function csvString(out: ByteBuffer, text: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE || c === COMMA || c === NEWLINE || c === 13) return out.append(csvCell(text));
  }
  out.ascii(text);
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
