import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Classification, Label } from '../classify/types.js';
import {
  DECISION_TABLE_PATH,
  decisionTable,
  type DecisionRow,
  type DecisionTable,
} from './decision-table.js';
import type { HandlerStrategy } from './strategies.js';

export interface AdjustmentCodes {
  /** Adjustment group: CO, PR, OA, PI (CR in 4010). */
  readonly group: string;
  /** CARC without the group prefix ('4', 'B13'). */
  readonly carc: string;
  /** RARCs reported with the adjustment or its claim (LQ*HE, MOA, MIA). */
  readonly rarcs?: readonly string[];
}

export type CodeClassification = Classification & {
  /** The strategy to try first, or null when no handler applies. */
  readonly strategy: HandlerStrategy | null;
  /** Every applicable strategy, in the order the correction engine should try them. */
  readonly strategies: readonly HandlerStrategy[];
  /** True when the table forbids acting on this without a person. */
  readonly neverAutomate: boolean;
};

let version: string | undefined;

/** The decision table's version: a digest of the file, so any edit shows in audit rows. */
export function decisionTableVersion(): string {
  version ??= `table-${createHash('sha256').update(readFileSync(DECISION_TABLE_PATH)).digest('hex').slice(0, 12)}`;
  return version;
}

function labelFor(row: DecisionRow | null): Label {
  if (!row) return 'ambiguous';
  switch (row.verdict) {
    case 'retryable':
      return 'known_retryable';
    case 'non_retryable':
      return 'known_non_retryable';
    case 'ambiguous':
      return 'ambiguous';
  }
}

/**
 * Classifies one structured adjustment through the decision table alone (no text, no model).
 * An unknown code is 'ambiguous' with confidence 0: the table, not a guess, decides 835 denials.
 */
export function classifyCodes(
  codes: AdjustmentCodes,
  table: DecisionTable = decisionTable(),
): CodeClassification {
  const group = codes.group.trim().toUpperCase();
  const carc = codes.carc.trim().toUpperCase();
  const row = table.lookup(
    group,
    carc,
    (codes.rarcs ?? []).map((r) => r.trim().toUpperCase()),
  );
  // A patient-responsibility amount is billed to the patient whatever the CARC says elsewhere.
  const patientShare = group === 'PR' && row !== null && row.group === '*' && row.verdict !== 'retryable';
  const strategies: readonly HandlerStrategy[] = patientShare ? ['PATIENT_BILLING'] : (row?.strategies ?? []);
  const label = labelFor(row);
  const verdict =
    label === 'known_retryable'
      ? 'retryable'
      : label === 'known_non_retryable'
        ? 'non_retryable'
        : 'ambiguous';
  return Object.freeze({
    label,
    verdict,
    category: patientShare ? 'patient_responsibility' : (row?.category ?? null),
    carc: `${group}-${carc}`,
    confidence: row ? 1 : 0,
    source: 'code',
    version: decisionTableVersion(),
    strategy: strategies[0] ?? null,
    strategies,
    neverAutomate: row?.neverAutomate ?? true,
  });
}

/** Splits 'CO-4' into its group and CARC; null for anything else. */
export function splitGroupCarc(code: string): { group: string; carc: string } | null {
  const m = /^\s*([A-Za-z]{2})\s*-\s*([A-Za-z]?\d+)\s*$/.exec(code);
  return m ? { group: m[1]!.toUpperCase(), carc: m[2]!.toUpperCase() } : null;
}

const NOT_A_DENIAL = new Set(['contractual', 'patient_responsibility']);

/**
 * Classifies a denial from all of its codes ('CO-4', 'PR-1' ...). Contractual and patient-share
 * adjustments ride along with most denials, so they decide only when nothing else is present.
 * Among the rest, non-retryable beats ambiguous beats retryable, and "never automate" is sticky.
 */
export function classifyDenialCodes(
  carcCodes: readonly string[],
  rarcs: readonly string[] = [],
  table: DecisionTable = decisionTable(),
): CodeClassification {
  const results = carcCodes.map((code) => {
    const parts = splitGroupCarc(code);
    return classifyCodes(parts ? { ...parts, rarcs } : { group: '??', carc: code, rarcs }, table);
  });
  if (results.length === 0) return classifyCodes({ group: '??', carc: '', rarcs }, table);
  const deciding = results.filter((r) => !NOT_A_DENIAL.has(r.category ?? ''));
  const pool = deciding.length > 0 ? deciding : results;
  const rank = (r: CodeClassification): number =>
    r.verdict === 'non_retryable' ? 0 : r.verdict === 'ambiguous' ? 1 : 2;
  const chosen = pool.reduce((best, r) => (rank(r) < rank(best) ? r : best));
  const neverAutomate = results.some((r) => r.neverAutomate);
  return neverAutomate === chosen.neverAutomate ? chosen : Object.freeze({ ...chosen, neverAutomate });
}
