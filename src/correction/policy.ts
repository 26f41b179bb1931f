import { decisionTableVersion, splitGroupCarc } from '../codes/classify-codes.js';
import { decisionTable, type DecisionRow, type DecisionTable } from '../codes/decision-table.js';
import type { Match } from './handlers/index.js';
import { skip, type Decision, type DenialFacts } from './types.js';

/** A decision-table row as an attempt's details show it: enough to find and read the line. */
export interface PolicyRow {
  readonly code: string;
  readonly group: string;
  readonly carc: string;
  readonly rarc: string;
  readonly verdict: DecisionRow['verdict'];
  readonly category: string;
  readonly strategies: readonly string[];
  readonly neverAutomate: boolean;
  readonly line: number;
}

function rowOf(code: string, row: DecisionRow): PolicyRow {
  return {
    code,
    group: row.group,
    carc: row.carc,
    rarc: row.rarc,
    verdict: row.verdict,
    category: row.category,
    strategies: row.strategies,
    neverAutomate: row.neverAutomate,
    line: row.line,
  };
}

/**
 * The decision table's word on one (denial, handler) pair, asked before the handler runs:
 * `null` lets it run; otherwise a SKIPPED decision naming the rows that forbid it.
 *
 * - Any code of the denial on the never-touch list (with the denial's remarks), or a code the
 *   table does not know at all, stops every handler: `policy_never_touch`.
 * - The handler's own code must list one of the handler's strategies: a row that drops a strategy
 *   switches that handler off for the code (`policy_strategy_not_listed`).
 */
export function policyGate(
  denial: Pick<DenialFacts, 'carcCodes' | 'rarcCodes'>,
  match: Match,
  table: DecisionTable = decisionTable(),
): Decision | null {
  const rarcs = denial.rarcCodes.map((r) => r.trim().toUpperCase());
  const forbidding: PolicyRow[] = [];
  const unknownCodes: string[] = [];
  let own: DecisionRow | null = null;
  for (const code of denial.carcCodes) {
    const parts = splitGroupCarc(code);
    const row = parts ? table.lookup(parts.group, parts.carc, rarcs) : null;
    if (!row) unknownCodes.push(code);
    else if (row.neverAutomate) forbidding.push(rowOf(code, row));
    if (code === match.carc) own = row;
  }
  const version = table === decisionTable() ? decisionTableVersion() : 'custom';
  if (forbidding.length > 0 || unknownCodes.length > 0) {
    return skip('policy_never_touch', { policy: { table: version, rows: forbidding, unknownCodes } });
  }
  if (own && !own.strategies.some((s) => match.handler.strategies.includes(s))) {
    return skip('policy_strategy_not_listed', {
      policy: { table: version, rows: [rowOf(match.carc, own)], handlerStrategies: match.handler.strategies },
    });
  }
  return null;
}

/**
 * The remarks that split one CARC's handling, read from the table: rows naming a RARC for the
 * code, either never-touch (a person decides) or listing the strategy (the handler acts).
 */
export function remarkSplit(
  carc: string,
  strategy: string,
  table: DecisionTable = decisionTable(),
): { readonly act: readonly string[]; readonly manual: readonly string[] } {
  const rows = table.rows.filter((r) => r.carc === carc && r.rarc !== '*');
  return {
    act: rows.filter((r) => !r.neverAutomate && r.strategies.some((s) => s === strategy)).map((r) => r.rarc),
    manual: rows.filter((r) => r.neverAutomate).map((r) => r.rarc),
  };
}
