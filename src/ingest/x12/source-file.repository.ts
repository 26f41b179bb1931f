import type { Tx } from '../../db/db.js';

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

/** Sets what reading the file found, once it is read (the row is written before its rows). */
export async function updateSourceFile(
  tx: Tx,
  fileId: number,
  file: { format: 'x12-835' | 'x12-837'; rows: number; quarantined: number },
): Promise<void> {
  await tx.query(
    `UPDATE ingest.source_file SET format = $2, rows_read = $3, rows_accepted = $4, rows_quarantined = $5
     WHERE file_id = $1`,
    [fileId, file.format, file.rows + file.quarantined, file.rows, file.quarantined],
  );
}
