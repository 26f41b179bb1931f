import { classifyDenialCodes, type CodeClassification } from '../codes/classify-codes.js';
import type { Tx } from '../db/db.js';

export interface DenialClassificationCounts {
  readonly classified: number;
  readonly retryable: number;
  readonly nonRetryable: number;
  /** Ambiguous or marked "never automate": left for a person. */
  readonly manual: number;
}

type DenialCodesRow = {
  readonly denial_id: number;
  readonly carc_codes: string[];
  readonly rarc_codes: string[];
};

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
  const rows = await tx.query<DenialCodesRow>(
    `SELECT denial_id, carc_codes, rarc_codes FROM billing.denial
      WHERE tenant_id = $1 AND denial_id = ANY($2::bigint[])`,
    [tenantId, denialIds],
  );
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
  if (ids.length > 0) {
    await tx.query(
      `UPDATE billing.denial d SET category = v.category, retryable = v.retryable
         FROM unnest($2::bigint[], $3::text[], $4::boolean[]) AS v(denial_id, category, retryable)
        WHERE d.tenant_id = $1 AND d.denial_id = v.denial_id`,
      [tenantId, ids, categories, retryable],
    );
  }
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
