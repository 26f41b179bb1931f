import { blankToNull, normaliseCode, parseServiceDate } from '../values.js';
import { indexColumns, missingColumns, type LineReader } from './types.js';

/** Our own compact line layout (what the benchmark generator writes); amounts already in cents. */
export const RECLAIM_COLUMNS = [
  'claim_ref',
  'line_num',
  'svc_dt',
  'prcsg_cd',
  'primary_payer_cd',
  'primary_payer_paid_cents',
] as const;

export function reclaimReader(header: readonly string[]): LineReader | undefined {
  const cols = indexColumns(header);
  if (
    missingColumns(
      cols,
      RECLAIM_COLUMNS.map((c) => c.toUpperCase()),
    ).length > 0
  )
    return undefined;
  const [claimRef, lineNum, svcDt, prcsg, payerCd, payerPaid] = RECLAIM_COLUMNS.map((c) =>
    cols.get(c.toUpperCase())!,
  ) as [number, number, number, number, number, number];
  return {
    layout: 'reclaim',
    readRecord(fields) {
      const ref = fields[claimRef]?.trim() ?? '';
      if (ref === '') return { error: 'missing claim_ref' };
      const num = Number(fields[lineNum]);
      if (!Number.isInteger(num)) return { error: 'unreadable line_num' };
      const date = parseServiceDate(fields[svcDt]);
      if (date === undefined) return { error: 'unreadable date in svc_dt' };
      const paidRaw = blankToNull(fields[payerPaid]) ?? '0';
      if (!/^\d+$/.test(paidRaw)) return { error: 'unreadable primary_payer_paid_cents' };
      return {
        lines: [
          {
            claimRef: ref,
            lineNum: num,
            svcDt: date,
            prcsgCd: normaliseCode(fields[prcsg]),
            primaryPayerCd: blankToNull(fields[payerCd]),
            primaryPayerPaidCents: Number(paidRaw),
          },
        ],
      };
    },
  };
}
