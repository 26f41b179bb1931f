import { copyValue } from '../db/copy-text.js';
import { ByteBuffer } from '../io/byte-buffer.js';

/**
 * Columns of a file's partition of `ingest.claim_record` that differ from row to row; the
 * partition's defaults fill in the rest (tenant, file id, source system).
 */
export const RECORD_COLUMNS = [
  'row_number',
  'claim_id',
  'patient_id',
  'procedure_code',
  'denial_reason',
  'status',
  'submitted_on',
] as const;
/** Columns of `ingest.quarantine` and `ingest.data_quality_issue`: the first two come from `FileRows`. */
export const QUARANTINE_COLUMNS = ['tenant_id', 'file_id', 'position', 'reason', 'detail', 'raw'] as const;
export const ISSUE_COLUMNS = ['tenant_id', 'file_id', 'position', 'field', 'issue', 'raw_value'] as const;

/**
 * A batch's rows as COPY text for a file's partition of `ingest.claim_record` (`RECORD_COLUMNS`),
 * `ingest.quarantine` and `ingest.data_quality_issue` (these two without the columns their file
 * shares: see `FileRows`).
 */
export interface CopyBatch {
  readonly records: Uint8Array;
  /** Lines in `records`. */
  readonly recordCount: number;
  readonly quarantine: string;
  readonly issues: string;
}

/**
 * Renders one batch of a file's accepted records, quarantined rows and data-quality issues as COPY
 * text. Records go straight into bytes: on million-row runs, strings kept until a load were most
 * of the garbage collector's work.
 */
export class CopyRows {
  private readonly records = new ByteBuffer(1 << 20);
  private recordCount = 0;
  private quarantine = '';
  private issues = '';

  record(
    row: number,
    claimId: string,
    patientId: string | null,
    procedureCode: string | null,
    denialReason: string | null,
    status: string | null,
    submittedOn: string | null,
  ): void {
    // Written piece by piece into bytes (no line is built as a string): this runs once per row.
    const r = this.records;
    r.digits(row);
    r.byte(TAB);
    copyString(r, claimId);
    r.byte(TAB);
    copyString(r, patientId);
    r.byte(TAB);
    r.appendBytes(copyBytes(procedureCode));
    r.byte(TAB);
    r.appendBytes(copyBytes(denialReason));
    r.byte(TAB);
    r.appendBytes(copyBytes(status));
    r.byte(TAB);
    copyString(r, submittedOn);
    r.byte(NEWLINE);
    this.recordCount++;
  }

  quarantined(row: number, reason: string, detail: string, raw: string): void {
    this.quarantine += `${row}\t${copyValue(reason)}\t${copyValue(detail)}\t${copyValue(raw)}\n`;
  }

  issue(row: number, field: string, issue: string, rawValue: string | null): void {
    this.issues += `${row}\t${field}\t${issue}\t${copyValue(rawValue)}\n`;
  }

  /** Empties the renderer (what a failed batch may have left). */
  clear(): void {
    this.records.clear();
    this.recordCount = 0;
    this.quarantine = '';
    this.issues = '';
  }

  /** The batch's COPY text; the renderer is empty again. */
  take(): CopyBatch {
    const out = {
      records: this.records.take(),
      recordCount: this.recordCount,
      quarantine: this.quarantine,
      issues: this.issues,
    };
    this.recordCount = 0;
    this.quarantine = '';
    this.issues = '';
    return out;
  }
}

/** What every row of one stored file shares, put in front of its quarantine and data-quality lines. */
export class FileRows {
  private readonly prefix: string;

  constructor(tenant: string, fileId: number) {
    this.prefix = `${copyValue(tenant)}\t${fileId}\t`;
  }

  /** Quarantine or data-quality lines with the file's columns in front. */
  text(lines: string): string {
    return this.prefix + lines.slice(0, -1).replaceAll('\n', `\n${this.prefix}`) + '\n';
  }
}

/**
 * The pieces in one buffer of its own, so that it can move to the database thread (Buffer.concat
 * takes small results from Node's shared pool, which cannot be transferred).
 */
export function joined(pieces: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

const TAB = 9;
const NEWLINE = 10;

/** Values that repeat across rows (codes, reason texts, statuses), encoded once. */
const copyBytesCache = new Map<string | null, Uint8Array>();
function copyBytes(value: string | null): Uint8Array {
  let bytes = copyBytesCache.get(value);
  if (bytes === undefined) {
    bytes = Buffer.from(copyValue(value));
    if (copyBytesCache.size < 50_000) copyBytesCache.set(value, bytes);
  }
  return bytes;
}

/** Appends a value as `copyValue` encodes it, without building a string when it needs no escape. */
function copyString(out: ByteBuffer, value: string | null): void {
  if (value === null) return out.ascii('\\N');
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === TAB || c === NEWLINE || c === 13 || c === 92) return out.append(copyValue(value));
  }
  out.ascii(value);
}
