import { copyValue } from '../db/copy-text.js';
import type { Tx } from '../db/db.js';
import { ByteBuffer } from '../io/byte-buffer.js';

const FLUSH_ROWS = 25_000;

const RECORD_COLUMNS = [
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

/**
 * Buffers one file's accepted records, quarantined rows and data-quality issues as COPY text and
 * loads them in large batches. One load is kept in flight while the next batch is built, so a
 * PostgreSQL server ingests on its own core while this process parses.
 */
export class RecordSink {
  private readonly records = new ByteBuffer(4 << 20);
  private recordCount = 0;
  private quarantine = '';
  private issues = '';
  private inFlight: Promise<void> = Promise.resolve();
  /** The load before the one in flight: what `ready` waits for, so that one load overlaps parsing. */
  private previous: Promise<void> = Promise.resolve();
  private readonly prefix: string;

  constructor(
    private readonly tx: Tx,
    private readonly tenant: string,
    private readonly fileId: number,
    sourceSystem: string,
  ) {
    this.prefix = `${copyValue(tenant)}\t${fileId}\t`;
    this.sourceSystem = copyValue(sourceSystem);
  }
  private readonly sourceSystem: string;

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
    if (++this.recordCount >= FLUSH_ROWS) this.flushRecords();
  }

  quarantined(row: number, reason: string, detail: string, raw: string): void {
    this.quarantine += `${this.prefix}${row}\t${copyValue(reason)}\t${copyValue(detail)}\t${copyValue(raw)}\n`;
  }

  issue(row: number, field: string, issue: string, rawValue: string | null): void {
    this.issues += `${this.prefix}${row}\t${field}\t${issue}\t${copyValue(rawValue)}\n`;
  }

  /** Waits for every load; the caller's transaction then holds all of this file's rows. */
  async close(): Promise<void> {
    this.flushRecords();
    await this.inFlight;
    if (this.quarantine) {
      await this.tx.copyIn(
        'ingest.quarantine',
        ['tenant_id', 'file_id', 'position', 'reason', 'detail', 'raw'],
        this.quarantine,
      );
    }
    if (this.issues) {
      await this.tx.copyIn(
        'ingest.data_quality_issue',
        ['tenant_id', 'file_id', 'position', 'field', 'issue', 'raw_value'],
        this.issues,
      );
    }
  }

  /** Resolves when the batch before the current one has been loaded: the caller's back-pressure. */
  ready(): Promise<void> {
    return this.previous;
  }

  private flushRecords(): void {
    if (this.recordCount === 0) return;
    const text = this.records.take();
    this.recordCount = 0;
    this.previous = this.inFlight;
    this.inFlight = this.inFlight.then(() => this.tx.copyIn('ingest.claim_record', RECORD_COLUMNS, text));
    // Handled where it is awaited (ready/close); this only keeps a failed load from counting as unhandled meanwhile.
    this.inFlight.catch(() => undefined);
  }
}
