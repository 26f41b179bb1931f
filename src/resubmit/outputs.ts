import type { Classification } from '../classify/types.js';
import { ByteBuffer } from '../io/byte-buffer.js';
import type { ExclusionReason } from './eligibility.js';

/**
 * A value that repeats across rows (a code, a reason text, a recommendation, a name), encoded once
 * for every output: UTF-8 for a binary COPY tuple (null for NULL), a JSON literal and a CSV cell.
 * The deciders keep one per distinct value, so a row costs one lookup per field, not one per output.
 */
export interface Encoded {
  readonly text: string | null;
  readonly utf8: Uint8Array | null;
  readonly json: Uint8Array;
  readonly csv: Uint8Array;
}

export function encode(text: string | null): Encoded {
  return {
    text,
    utf8: text === null ? null : Buffer.from(text),
    json: Buffer.from(JSON.stringify(text)),
    csv: Buffer.from(csvCell(text)),
  };
}

/** A classification as the candidate files and the rejection log show it, encoded once. */
export interface EncodedClassification {
  readonly classification: Classification;
  readonly json: Uint8Array;
  readonly csv: Uint8Array;
  /** Its fields in a rejection-log line. */
  readonly rejection: Uint8Array;
}

export function encodeClassification(k: Classification): EncodedClassification {
  return {
    classification: k,
    json: classificationJson(k),
    csv: classificationCsv(k),
    rejection: rejectionClassJson(k),
  };
}

/** What a candidate carries into the artifacts; repeated values come encoded. */
export interface Candidate {
  readonly claimId: string;
  readonly patientId: string;
  readonly procedureCode: Encoded;
  readonly submittedOn: string;
  readonly denialReason: Encoded;
  readonly classification: EncodedClassification;
  readonly sourceSystem: Encoded;
  readonly file: Encoded;
  readonly row: number;
  readonly recommendedChange: Encoded;
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
    // recommendations, names) come encoded and are copied; the rest is copied character by
    // character. No line is ever built as a string (the hot path of large runs).
    const k = c.classification;
    const j = this.json;
    j.ascii(',\n{"claim_id":');
    jsonString(j, c.claimId);
    j.ascii(',"patient_id":');
    jsonString(j, c.patientId);
    j.ascii(',"procedure_code":');
    j.appendBytes(c.procedureCode.json);
    j.ascii(',"submitted_at":"');
    j.ascii(c.submittedOn);
    j.ascii('","denial_reason":');
    j.appendBytes(c.denialReason.json);
    j.ascii(',"classification":');
    j.appendBytes(k.json);
    j.ascii(',"source_system":');
    j.appendBytes(c.sourceSystem.json);
    j.ascii(',"source_file":');
    j.appendBytes(c.file.json);
    j.ascii(',"source_row":');
    j.digits(c.row);
    j.ascii(',"recommended_change":');
    j.appendBytes(c.recommendedChange.json);
    j.byte(RIGHT_BRACE);

    const v = this.csv;
    csvString(v, c.claimId);
    v.byte(COMMA);
    csvString(v, c.patientId);
    v.byte(COMMA);
    v.appendBytes(c.procedureCode.csv);
    v.byte(COMMA);
    v.ascii(c.submittedOn);
    v.byte(COMMA);
    v.appendBytes(c.denialReason.csv);
    v.byte(COMMA);
    v.appendBytes(k.csv);
    v.byte(COMMA);
    v.appendBytes(c.sourceSystem.csv);
    v.byte(COMMA);
    v.appendBytes(c.file.csv);
    v.byte(COMMA);
    v.digits(c.row);
    v.byte(COMMA);
    v.appendBytes(c.recommendedChange.csv);
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
  readonly denialReason: Encoded;
  readonly classification: EncodedClassification | null;
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
  out.appendBytes(r.denialReason.json);
  out.byte(COMMA);
  out.appendBytes(r.classification ? r.classification.rejection : NO_CLASS);
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

const classificationJson = (k: Classification) =>
  Buffer.from(
    JSON.stringify({
      label: k.label,
      category: k.category,
      carc: k.carc,
      confidence: round(k.confidence),
      source: k.source,
      version: k.version,
    }),
  );

const classificationCsv = (k: Classification) =>
  Buffer.from([k.label, k.category, k.carc, round(k.confidence), k.source].map(csvCell).join(','));

const rejectionClassJson = (k: Classification) =>
  Buffer.from(
    JSON.stringify({
      label: k.label,
      category: k.category,
      confidence: round(k.confidence),
      classification_source: k.source,
    }).slice(1, -1),
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
