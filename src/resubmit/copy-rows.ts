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
 * A batch's rows for COPY: records as binary tuples for a file's partition of
 * `ingest.claim_record` (`RECORD_COLUMNS`; see `binaryCopy`), quarantined rows and data-quality
 * issues as text lines for `ingest.quarantine` and `ingest.data_quality_issue`, without the
 * columns their file shares (see `FileRows`).
 */
export interface CopyBatch {
  readonly records: Uint8Array;
  /** Tuples in `records`. */
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

  /**
   * One record as a tuple of PostgreSQL's binary COPY format: the database reads lengths and
   * values instead of scanning, unescaping and parsing text (a fifth less of PGlite's time per
   * row, the date most of all).
   */
  record(
    row: number,
    claimId: string,
    patientId: string | null,
    procedureCode: string | null,
    denialReason: string | null,
    status: string | null,
    submittedOn: string | null,
  ): void {
    this.encodedRecord(
      row,
      claimId,
      patientId,
      utf8Of(procedureCode),
      utf8Of(denialReason),
      utf8Of(status),
      submittedOn === null ? null : pgDate(submittedOn),
    );
  }

  /**
   * The same, with the values that repeat across rows already encoded (UTF-8, null for NULL) and
   * the date as `pgDate` gives it: how the deciders call it, once per row.
   */
  encodedRecord(
    row: number,
    claimId: string,
    patientId: string | null,
    procedureCode: Uint8Array | null,
    denialReason: Uint8Array | null,
    status: Uint8Array | null,
    submittedOn: number | null,
  ): void {
    // Written piece by piece into bytes.
    const r = this.records;
    r.int16(RECORD_COLUMNS.length);
    r.int32(4);
    r.int32(row);
    binaryText(r, claimId);
    binaryText(r, patientId);
    binaryBytes(r, procedureCode);
    binaryBytes(r, denialReason);
    binaryBytes(r, status);
    if (submittedOn === null) r.int32(-1);
    else {
      r.int32(4);
      r.int32(submittedOn);
    }
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

  /** The batch's rows; the renderer is empty again. */
  take(): CopyBatch {
    const out = {
      records: this.records.take(),
      recordCount: this.recordCount,
      quarantine: this.quarantine,
      issues: this.issues,
    };
    this.clear();
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
 * Records rendered by `CopyRows` as one binary COPY payload (header, tuples, trailer), in a buffer
 * of its own, so that it can move to the database thread (Buffer.concat takes small results from
 * Node's shared pool, which cannot be transferred).
 */
export function binaryCopy(pieces: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(BINARY_HEADER.length + total + 2);
  out.set(BINARY_HEADER, 0);
  let at = BINARY_HEADER.length;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  // The trailer: a field count of -1.
  out[at] = 0xff;
  out[at + 1] = 0xff;
  return out;
}

/** Signature, flags (0) and header-extension length (0) of the binary COPY format. */
const BINARY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);

/** A text value of a binary tuple: its UTF-8 length, then its bytes (or -1 for NULL). */
function binaryText(out: ByteBuffer, value: string | null): void {
  if (value === null) return out.int32(-1);
  const at = out.length;
  out.int32(0);
  out.ascii(value);
  out.setInt32(at, out.length - at - 4);
}

/** The same for a value already encoded as UTF-8. */
function binaryBytes(out: ByteBuffer, bytes: Uint8Array | null): void {
  if (bytes === null) return out.int32(-1);
  out.int32(bytes.length);
  out.appendBytes(bytes);
}

function utf8Of(value: string | null): Uint8Array | null {
  return value === null ? null : Buffer.from(value);
}

/** A normalised date (`YYYY-MM-DD`) as PostgreSQL stores it: days since 2000-01-01. */
export function pgDate(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  // setUTCFullYear, not Date.UTC, which reads years 0-99 as 1900-1999.
  const day = new Date(0);
  day.setUTCFullYear(y, m - 1, d);
  const days = Math.round((day.getTime() - PG_EPOCH) / 86_400_000);
  if (!Number.isSafeInteger(days)) throw new Error(`not a normalised date: '${isoDate}'`);
  return days;
}
const PG_EPOCH = Date.UTC(2000, 0, 1);
