import type { Tx } from './db.js';

/**
 * Runs an INSERT/UPDATE … RETURNING statement and counts its rows on the server: a file's
 * hundred thousand adjustments are not sent back to be counted. A statement with a WITH clause
 * has its main statement appended as one more CTE (PostgreSQL allows data-modifying CTEs only at
 * the top level).
 */
export async function insertCount(tx: Tx, sql: string, params: readonly unknown[] = []): Promise<number> {
  const text = sql.trimStart();
  let counted = `WITH done AS (${text}) SELECT count(*)::int AS n FROM done`;
  if (/^WITH\s/i.test(text)) {
    const mains = [...text.matchAll(/\)\s*\n\s*(INSERT|UPDATE|DELETE)\b/g)];
    const main = mains.at(-1);
    if (main?.index === undefined) throw new Error('insertCount: no main statement after the WITH clause');
    const at = main.index + 1;
    counted = `${text.slice(0, at)}, done AS (${text.slice(at)}) SELECT count(*)::int AS n FROM done`;
  }
  const rows = await tx.query<{ n: number }>(counted, params);
  return rows[0]?.n ?? 0;
}
