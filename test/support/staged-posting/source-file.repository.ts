import type { Tx } from '../../../src/db/db.js';

export interface SourceFileRow {
  readonly file_id: number;
}

/**
 * Waits until no other transaction is storing this file (key from `sourceFileKey`); held until the
 * transaction ends, so the second of two ingests of one file finds it ingested.
 */
export async function lockSourceFile(tx: Tx, key: bigint): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [String(key)]);
}

/** The file already ingested with these bytes for this tenant and source, if any. */
export async function findSourceFile(tx: Tx, tenantId: string, sourceSystem: string, checksum: string) {
  const rows = await tx.query<{ file_id: number; format: string }>(
    `SELECT file_id, format FROM ingest.source_file
     WHERE tenant_id = $1 AND source_system = $2 AND checksum_sha256 = $3`,
    [tenantId, sourceSystem, checksum],
  );
  return rows[0];
}

/**
 * Records an input file: rows read are the claims kept plus those of rejected envelopes, which
 * count as quarantined.
 */
export async function insertSourceFile(
  tx: Tx,
  file: {
    tenantId: string;
    sourceSystem: string;
    format: 'x12-835' | 'x12-837';
    name: string;
    checksum: string;
    size: number;
    rows: number;
    quarantined: number;
  },
): Promise<number> {
  const rows = await tx.query<{ file_id: number }>(
    `INSERT INTO ingest.source_file (tenant_id, source_system, format, file_name, checksum_sha256, size_bytes,
       rows_read, rows_accepted, rows_quarantined)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING file_id`,
    [
      file.tenantId,
      file.sourceSystem,
      file.format,
      file.name,
      file.checksum,
      file.size,
      file.rows + file.quarantined,
      file.rows,
      file.quarantined,
    ],
  );
  return rows[0]?.file_id ?? 0;
}

/** The readers' warnings (counts, balancing, bad values) become the file's data-quality issues. */
export async function insertStagedIssues(tx: Tx, tenantId: string, fileId: number): Promise<void> {
  await tx.query(
    `INSERT INTO ingest.data_quality_issue (tenant_id, file_id, position, field, issue)
     SELECT $1, $2, position, field, issue FROM x12_stage_issue`,
    [tenantId, fileId],
  );
}
