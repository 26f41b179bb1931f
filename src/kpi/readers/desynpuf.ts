import { normaliseCode, parseDollarsToCents, parseServiceDate } from '../values.js';
import { indexColumns, missingColumns, type KpiLine, type LineReader } from './types.js';

/** DE-SynPUF carrier claims: one row per claim, up to 13 line slots in numbered columns. */
const SLOTS = 13;

/** Recognises the DE-SynPUF carrier layout by its LINE_PRCSG_IND_CD_1..13 columns. */
export function desynpufReader(header: readonly string[]): LineReader | undefined {
  const cols = indexColumns(header);
  const slots = Array.from({ length: SLOTS }, (_, i) => i + 1);
  const required = ['CLM_ID', 'CLM_FROM_DT', ...slots.map((n) => `LINE_PRCSG_IND_CD_${n}`)];
  if (missingColumns(cols, required).length > 0) return undefined;
  const at = (name: string) => cols.get(name);
  const claimId = at('CLM_ID')!;
  const fromDt = at('CLM_FROM_DT')!;
  const slotCols = slots.map((n) => ({
    n,
    prcsg: at(`LINE_PRCSG_IND_CD_${n}`)!,
    hcpcs: at(`HCPCS_CD_${n}`),
    primaryPaid: at(`LINE_BENE_PRMRY_PYR_PD_AMT_${n}`),
  }));
  return {
    layout: 'desynpuf',
    readRecord(fields) {
      // The layout has no line dates: every line of a claim is dated by the claim's from-date.
      const svcDt = parseServiceDate(fields[fromDt]);
      if (svcDt === undefined) return { error: 'unreadable date in CLM_FROM_DT' };
      const claimRef = fields[claimId]?.trim() ?? '';
      if (claimRef === '') return { error: 'missing CLM_ID' };
      const lines: KpiLine[] = [];
      for (const slot of slotCols) {
        const prcsgCd = normaliseCode(fields[slot.prcsg]);
        const hcpcs = slot.hcpcs === undefined ? null : normaliseCode(fields[slot.hcpcs]);
        // An unused slot has neither a code nor a procedure; a used one without a code is "unknown".
        if (prcsgCd === null && hcpcs === null) continue;
        const paid = slot.primaryPaid === undefined ? 0 : parseDollarsToCents(fields[slot.primaryPaid]);
        if (paid === undefined) return { error: `unreadable amount in LINE_BENE_PRMRY_PYR_PD_AMT_${slot.n}` };
        lines.push({
          claimRef,
          lineNum: slot.n,
          svcDt,
          prcsgCd,
          primaryPayerCd: null,
          primaryPayerPaidCents: paid,
        });
      }
      return { lines };
    },
  };
}
