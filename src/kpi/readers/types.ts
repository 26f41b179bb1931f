/** One claim line as the KPI reads it, whatever the layout it came from. */
export interface KpiLine {
  /** The claim's own id in the source (never a beneficiary id). */
  readonly claimRef: string;
  readonly lineNum: number;
  /** 'YYYY-MM-DD', or null when the source has none. */
  readonly svcDt: string | null;
  /** Processing-indicator code, trimmed and upper-cased; null when blank. */
  readonly prcsgCd: string | null;
  readonly primaryPayerCd: string | null;
  readonly primaryPayerPaidCents: number;
}

export type Layout = 'desynpuf' | 'rif' | 'idr' | 'reclaim';

/** What one input record (a row) becomes: its lines, or the reason it is quarantined. */
export type RecordResult = { readonly lines: readonly KpiLine[] } | { readonly error: string };

/** Reads the records of one file once its header has been recognised. */
export interface LineReader {
  readonly layout: Layout;
  readRecord(fields: readonly string[]): RecordResult;
}

/** Column positions by name; `missing` lists required columns the header lacks. */
export function indexColumns(header: readonly string[]): Map<string, number> {
  return new Map(header.map((name, i) => [name.trim().toUpperCase(), i]));
}

export function missingColumns(columns: Map<string, number>, required: readonly string[]): string[] {
  return required.filter((name) => !columns.has(name));
}
