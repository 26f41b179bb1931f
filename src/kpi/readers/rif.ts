import { blankToNull, normaliseCode, parseDollarsToCents, parseServiceDate } from '../values.js';
import { indexColumns, missingColumns, type LineReader } from './types.js';

const REQUIRED = ['CLM_ID', 'LINE_NUM', 'LINE_PRCSG_IND_CD', 'CLM_FROM_DT', 'LINE_1ST_EXPNS_DT'];

/** Recognises a CCW RIF carrier file (pipe-delimited, one row per line) by its line columns. */
export function rifReader(header: readonly string[]): LineReader | undefined {
  const cols = indexColumns(header);
  if (missingColumns(cols, REQUIRED).length > 0) return undefined;
  const at = (name: string) => cols.get(name);
  const [claimId, lineNum, prcsg, fromDt, firstExpense] = REQUIRED.map((c) => at(c)!) as [
    number, number, number, number, number,
  ]; // prettier-ignore
  const dml = at('DML_IND');
  const payerCd = at('LINE_BENE_PRMRY_PYR_CD');
  const payerPaid = at('LINE_BENE_PRMRY_PYR_PD_AMT');
  return {
    layout: 'rif',
    readRecord(fields) {
      if (dml !== undefined && fields[dml]?.trim().toUpperCase() === 'DELETE') {
        return { error: 'DML_IND DELETE: removals are not applied to the KPI store' };
      }
      const claimRef = fields[claimId]?.trim() ?? '';
      if (claimRef === '') return { error: 'missing CLM_ID' };
      const num = Number(fields[lineNum]);
      if (!Number.isInteger(num)) return { error: 'unreadable LINE_NUM' };
      // The line's first expense date is its service date; the claim's from-date stands in when blank.
      let svcDt = parseServiceDate(fields[firstExpense]);
      if (svcDt === undefined) return { error: 'unreadable date in LINE_1ST_EXPNS_DT' };
      if (svcDt === null) svcDt = parseServiceDate(fields[fromDt]);
      if (svcDt === undefined) return { error: 'unreadable date in CLM_FROM_DT' };
      const paid = payerPaid === undefined ? 0 : parseDollarsToCents(fields[payerPaid]);
      if (paid === undefined) return { error: 'unreadable amount in LINE_BENE_PRMRY_PYR_PD_AMT' };
      return {
        lines: [
          {
            claimRef,
            lineNum: num,
            svcDt,
            prcsgCd: normaliseCode(fields[prcsg]),
            primaryPayerCd: payerCd === undefined ? null : blankToNull(fields[payerCd]),
            primaryPayerPaidCents: paid,
          },
        ],
      };
    },
  };
}
