import type { Tx } from '../../../src/db/db.js';

// The source-file rows are written the same way by both postings; only the staged posting's
// issues come from its staging table.
export {
  findSourceFile,
  insertSourceFile,
  lockSourceFile,
  type SourceFileRow,
} from '../../../src/ingest/x12/source-file.repository.js';

/** The readers' warnings (counts, balancing, bad values) become the file's data-quality issues. */
export async function insertStagedIssues(tx: Tx, tenantId: string, fileId: number): Promise<void> {
  await tx.query(
    `INSERT INTO ingest.data_quality_issue (tenant_id, file_id, position, field, issue)
     SELECT $1, $2, position, field, issue FROM x12_stage_issue`,
    [tenantId, fileId],
  );
}
