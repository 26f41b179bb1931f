import type { Tx } from '../../db/db.js';

/** The tables posting writes in bulk: the rows of one file and their links to each other. */
const POSTED_TABLES = [
  'billing.claim',
  'billing.claim_line',
  'billing.claim_submission',
  'billing.claim_submission_source',
  'billing.claim_status_history',
  'billing.remit_claim',
  'billing.remit_line',
  'billing.remittance_adjustment',
  'billing.remittance_remark',
  'billing.provider_adjustment',
  'billing.denial',
  'ingest.data_quality_issue',
];

/**
 * Runs posting statements without PostgreSQL's row-by-row foreign-key checks, where it can: every
 * row they write references a row the same statements just wrote or joined to (a file's claim
 * payments, their lines, adjustments and denials), so the checks can only agree, and they are
 * most of the cost of a large file (on PGlite a quarter of a million checks took longer than the
 * inserts). The checks are off only for this transaction's posting statements
 * (`session_replication_role = replica`), only when the role may do that (PGlite always; a
 * server role only if it is a superuser) and only while none of these tables has a trigger of
 * its own, which replica mode would silence too. Otherwise the statements run checked.
 */
export async function withoutRowChecks<T>(tx: Tx, post: () => Promise<T>): Promise<T> {
  const [triggers] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = ANY($1::regclass[])`,
    [POSTED_TABLES],
  );
  let off = false;
  if (triggers?.n === 0) {
    await tx.query('SAVEPOINT x12_row_checks');
    try {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query('RELEASE SAVEPOINT x12_row_checks');
      off = true;
    } catch {
      await tx.query('ROLLBACK TO SAVEPOINT x12_row_checks');
    }
  }
  const result = await post();
  if (off) await tx.query(`SET LOCAL session_replication_role = origin`);
  return result;
}
