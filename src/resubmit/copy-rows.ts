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
  private readonly prefix: string;
  private readonly sourceSystem: string;

  constructor(tenant: string, fileId: number, sourceSystem: string) {
    this.prefix = `${copyValue(tenant)}\t${fileId}\t`;
    this.sourceSystem = copyValue(sourceSystem);
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
    this.records.append(
      `${this.prefix}${row}\t${this.sourceSystem}\t${copyValue(claimId)}\t${copyValue(patientId)}\t${copyValue(
        procedureCode,
      )}\t${copyValue(denialReason)}\t${copyValue(status)}\t${copyValue(submittedOn)}\n`,
    );
  }

  quarantined(row: number, reason: string, detail: string, raw: string): void {
    this.quarantine += `${this.prefix}${row}\t${copyValue(reason)}\t${copyValue(detail)}\t${copyValue(raw)}\n`;
  }

  issue(row: number, field: string, issue: string, rawValue: string | null): void {
    this.issues += `${this.prefix}${row}\t${field}\t${issue}\t${copyValue(rawValue)}\n`;
  }

  /** The batch's COPY text; the renderer is empty again. */
  take(): CopyBatch {
    const out = { records: this.records.take(), quarantine: this.quarantine, issues: this.issues };
    this.quarantine = '';
    this.issues = '';
    return out;
  }
}
