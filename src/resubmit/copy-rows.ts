import { copyValue } from '../db/copy-text.js';
import { ByteBuffer } from '../io/byte-buffer.js';

/**
 * Columns of `ingest.claim_record`. The first three are the same for every row of a file, so they
 * are not rendered with each row: `FileRows` puts them in front when the file's rows are loaded
 * (the file id is known only once the database is open, and rows are decided before that).
 */
export const RECORD_COLUMNS = [
  'tenant_id',
  'file_id',
  'source_system',
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
 * A batch's rows as COPY text for `ingest.claim_record`, `ingest.quarantine` and
 * `ingest.data_quality_issue`, each line without the columns its file shares (see `FileRows`).
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

/**
 * The columns every row of one stored file shares (tenant, file id, source system), put in front
 * of each line rendered by `CopyRows` when the lines are loaded.
 */
export class FileRows {
  private readonly recordPrefix: Uint8Array;
  private readonly textPrefix: string;

  constructor(tenant: string, fileId: number, sourceSystem: string) {
    this.textPrefix = `${copyValue(tenant)}\t${fileId}\t`;
    this.recordPrefix = Buffer.from(`${this.textPrefix}${copyValue(sourceSystem)}\t`);
  }

  /** `lines` records rendered in `pieces`, as one buffer of its own with every line prefixed. */
  records(pieces: readonly Uint8Array[], bytes: number, lines: number): Uint8Array {
    const prefix = this.recordPrefix;
    const out = new Uint8Array(bytes + lines * prefix.length);
    let at = 0;
    for (const piece of pieces) {
      for (let from = 0; from < piece.length;) {
        const end = piece.indexOf(NEWLINE, from) + 1;
        if (end === 0) throw new Error('rendered COPY rows end with a newline');
        out.set(prefix, at);
        at += prefix.length;
        out.set(piece.subarray(from, end), at);
        at += end - from;
        from = end;
      }
    }
    return out;
  }

  /** Quarantine or data-quality lines with the file's columns in front. */
  text(lines: string): string {
    return this.textPrefix + lines.slice(0, -1).replaceAll('\n', `\n${this.textPrefix}`) + '\n';
  }
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
