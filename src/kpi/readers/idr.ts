import { normaliseCode, parseDollarsToCents, parseServiceDate } from '../values.js';
import { indexColumns, missingColumns, type LineReader } from './types.js';

/**
 * BFD IDR professional claim lines (SYNTHETIC_CLM_LINE_PRFNL). That table carries the processing
 * indicator but no date: the service date comes from the companion CLM_LINE table (line from-date)
 * or, failing that, the CLM table (claim from-date), joined on the IDR claim key. Companion files
 * are given beside the PRFNL file and read first, into memory.
 */
const CLAIM_KEY = ['GEO_BENE_SK', 'CLM_DT_SGNTR_SK', 'CLM_TYPE_CD', 'CLM_NUM_SK'];

/** Service dates found in IDR companion tables, by claim key and by claim key + line number. */
export interface IdrDates {
  readonly byLine: Map<string, string>;
  readonly byClaim: Map<string, string>;
}

export const emptyIdrDates = (): IdrDates => ({ byLine: new Map(), byClaim: new Map() });

/** A companion table that only contributes dates: recognised by header, read row by row. */
export interface IdrDateSource {
  readonly table: 'CLM_LINE' | 'CLM';
  /** Adds the row's date; returns an error reason when the row cannot be read. */
  add(fields: readonly string[], dates: IdrDates): string | undefined;
}

export function idrDateSource(header: readonly string[]): IdrDateSource | undefined {
  const cols = indexColumns(header);
  if (missingColumns(cols, [...CLAIM_KEY, 'CLM_UNIQ_ID']).length > 0 || cols.has('CLM_PRCSG_IND_CD'))
    return undefined;
  const key = CLAIM_KEY.map((c) => cols.get(c)!);
  const lineNum = cols.get('CLM_LINE_NUM');
  const lineFrom = cols.get('CLM_LINE_FROM_DT');
  if (lineNum !== undefined && lineFrom !== undefined) {
    return {
      table: 'CLM_LINE',
      add(fields, dates) {
        const date = parseServiceDate(fields[lineFrom]);
        if (date === undefined) return 'unreadable date in CLM_LINE_FROM_DT';
        if (date !== null) dates.byLine.set(`${claimKey(fields, key)}|${fields[lineNum]?.trim()}`, date);
        return undefined;
      },
    };
  }
  const claimFrom = cols.get('CLM_FROM_DT');
  if (lineNum !== undefined || claimFrom === undefined) return undefined;
  return {
    table: 'CLM',
    add(fields, dates) {
      const date = parseServiceDate(fields[claimFrom]);
      if (date === undefined) return 'unreadable date in CLM_FROM_DT';
      if (date !== null) dates.byClaim.set(claimKey(fields, key), date);
      return undefined;
    },
  };
}

export function idrReader(header: readonly string[], dates: IdrDates): LineReader | undefined {
  const cols = indexColumns(header);
  if (missingColumns(cols, [...CLAIM_KEY, 'CLM_PRCSG_IND_CD', 'CLM_LINE_NUM']).length > 0) return undefined;
  const key = CLAIM_KEY.map((c) => cols.get(c)!);
  const prcsg = cols.get('CLM_PRCSG_IND_CD')!;
  const lineNum = cols.get('CLM_LINE_NUM')!;
  const payerPaid = cols.get('CLM_BENE_PRMRY_PYR_PD_AMT');
  const [, sgntr, type, num] = key as [number, number, number, number];
  return {
    layout: 'idr',
    readRecord(fields) {
      const n = Number(fields[lineNum]);
      if (!Number.isInteger(n)) return { error: 'unreadable CLM_LINE_NUM' };
      const paid = payerPaid === undefined ? 0 : parseDollarsToCents(fields[payerPaid]);
      if (paid === undefined) return { error: 'unreadable amount in CLM_BENE_PRMRY_PYR_PD_AMT' };
      const k = claimKey(fields, key);
      return {
        lines: [
          {
            // The beneficiary key stays out of the stored reference.
            claimRef: `${fields[sgntr]?.trim()}:${fields[num]?.trim()}:${fields[type]?.trim()}`,
            lineNum: n,
            svcDt: dates.byLine.get(`${k}|${n}`) ?? dates.byClaim.get(k) ?? null,
            prcsgCd: normaliseCode(fields[prcsg]),
            primaryPayerCd: null,
            primaryPayerPaidCents: paid,
          },
        ],
      };
    },
  };
}

function claimKey(fields: readonly string[], key: readonly number[]): string {
  return key.map((i) => fields[i]?.trim() ?? '').join('|');
}
