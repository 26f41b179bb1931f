import { copyValue } from '../db/copy-text.js';
import { ByteBuffer } from '../io/byte-buffer.js';

export const RECORD_COLUMNS = [
  'tenant_id',
  'file_id',
  'row_number',
  'source_system',
  'claim_id',
  'patient_id',
  'procedure_code',
  'denial_reason',
  'status',
  'submitted_on',
] as const;
export const QUARANTINE_COLUMNS = ['tenant_id', 'file_id', 'position', 'reason', 'detail', 'raw'] as const;
export const ISSUE_COLUMNS = ['tenant_id', 'file_id', 'position', 'field', 'issue', 'raw_value'] as const;

/** A batch's rows as COPY text for `ingest.claim_record`, `ingest.quarantine` and `ingest.data_quality_issue`. */
export interface CopyBatch {
  readonly records: Uint8Array;
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
  private quarantine = '';
  private issues = '';
  private readonly textPrefix: string;
  private readonly prefix: Uint8Array;
  private readonly sourceSystem: Uint8Array;

  constructor(tenant: string, fileId: number, sourceSystem: string) {
    this.textPrefix = `${copyValue(tenant)}\t${fileId}\t`;
    this.prefix = Buffer.from(this.textPrefix);
    this.sourceSystem = Buffer.from(`\t${copyValue(sourceSystem)}\t`);
  }

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
    r.appendBytes(this.prefix);
    r.digits(row);
    r.appendBytes(this.sourceSystem);
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
  }

  quarantined(row: number, reason: string, detail: string, raw: string): void {
    this.quarantine += `${this.textPrefix}${row}\t${copyValue(reason)}\t${copyValue(detail)}\t${copyValue(raw)}\n`;
  }

  issue(row: number, field: string, issue: string, rawValue: string | null): void {
    this.issues += `${this.textPrefix}${row}\t${field}\t${issue}\t${copyValue(rawValue)}\n`;
  }

  /** The batch's COPY text; the renderer is empty again. */
  take(): CopyBatch {
    const out = { records: this.records.take(), quarantine: this.quarantine, issues: this.issues };
    this.quarantine = '';
    this.issues = '';
    return out;
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
