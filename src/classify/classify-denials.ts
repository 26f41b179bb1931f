import { classifyDenialCodes, type CodeClassification } from '../codes/classify-codes.js';
import type { Tx } from '../db/db.js';
import { findDenialCodes, updateDenialClassifications } from './classification.repository.js';

export interface DenialClassificationCounts {
  readonly classified: number;
  readonly retryable: number;
  readonly nonRetryable: number;
  /** Ambiguous or marked "never automate": left for a person. */
  readonly manual: number;
}

/**
 * Fills billing.denial.category and .retryable for the given denials from their CARC/RARC codes,
 * through the decision table alone. One read and one write whatever the number of denials.
 * `retryable` is true only for a retryable verdict that nothing marks "never automate", false for
 * a non-retryable one, and NULL when a person has to decide.
 */
export async function classifyDenials(
  tx: Tx,
  tenantId: string,
  denialIds: readonly number[],
): Promise<DenialClassificationCounts> {
  if (denialIds.length === 0) return { classified: 0, retryable: 0, nonRetryable: 0, manual: 0 };
  const rows = await findDenialCodes(tx, tenantId, denialIds);
  const ids: number[] = [];
  const categories: (string | null)[] = [];
  const retryable: (boolean | null)[] = [];
  let yes = 0;
  let no = 0;
  for (const row of rows) {
    const decision = retryableColumn(classifyDenialCodes(row.carc_codes, row.rarc_codes));
    ids.push(row.denial_id);
    categories.push(decision.category);
    retryable.push(decision.retryable);
    if (decision.retryable === true) yes++;
    else if (decision.retryable === false) no++;
  }
  if (ids.length > 0)
    await updateDenialClassifications(tx, tenantId, { denialIds: ids, categories, retryable });
  return { classified: ids.length, retryable: yes, nonRetryable: no, manual: ids.length - yes - no };
}

/** What the denial row stores for a code classification. */
export function retryableColumn(c: CodeClassification): {
  category: string | null;
  retryable: boolean | null;
} {
  if (c.verdict === 'non_retryable') return { category: c.category, retryable: false };
  if (c.verdict === 'retryable' && !c.neverAutomate) return { category: c.category, retryable: true };
  return { category: c.category, retryable: null };
}
