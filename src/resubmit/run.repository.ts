import { createHash } from 'node:crypto';
import type { Queryable, Tx } from '../db/db.js';
import type { Classification } from '../classify/types.js';
import { ISSUE_COLUMNS, QUARANTINE_COLUMNS, RECORD_COLUMNS } from './copy-rows.js';

/** Records a run as started, before any work, so that a run that dies stays visible. */
export async function insertRun(
  db: Queryable,
  run: { runId: string; tenant: string; asOf: string; options: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `INSERT INTO billing.batch_run (run_id, tenant_id, as_of, status, options) VALUES ($1, $2, $3, 'running', $4)`,
    [run.runId, run.tenant, run.asOf, JSON.stringify(run.options)],
  );
}

export async function finishRun(
  db: Queryable,
  runId: string,
  metrics: Record<string, unknown>,
): Promise<void> {
  await db.query(
    `UPDATE billing.batch_run SET status = 'succeeded', metrics = $2, finished_at = now() WHERE run_id = $1`,
    [runId, JSON.stringify(metrics)],
  );
}

export async function failRun(db: Queryable, runId: string, error: string): Promise<void> {
  await db.query(
    `UPDATE billing.batch_run SET status = 'failed', error = $2, finished_at = now() WHERE run_id = $1`,
    [runId, error],
  );
}

/** Forgets a run that was refused (bad input): nothing of it is stored, as the docs promise. */
export async function deleteRun(db: Queryable, runId: string): Promise<void> {
  await db.query('DELETE FROM billing.batch_run WHERE run_id = $1', [runId]);
}

/**
 * Waits until no other transaction is storing any of these files (lock keys from `sourceFileKey`,
 * taken in ascending order, so that two runs sharing files never wait for each other in a
 * circle); held until the transaction ends. Two processes given the same file then store it once:
 * the second finds it ingested when the first commits.
 */
export async function lockSourceFiles(tx: Tx, keys: readonly bigint[]): Promise<void> {
  const sorted = [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const key of sorted) await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [String(key)]);
}

export async function findSourceFile(
  tx: Tx,
  tenant: string,
  sourceSystem: string,
  checksum: string,
): Promise<number | null> {
  const rows = await tx.query<{ file_id: number }>(
    `SELECT file_id FROM ingest.source_file WHERE tenant_id = $1 AND source_system = $2 AND checksum_sha256 = $3`,
    [tenant, sourceSystem, checksum],
  );
  return rows[0]?.file_id ?? null;
}

export async function insertSourceFile(
  tx: Tx,
  file: {
    tenant: string;
    sourceSystem: string;
    format: string;
    name: string;
    checksum: string;
    sizeBytes: number;
  },
): Promise<number> {
  const rows = await tx.query<{ file_id: number }>(
    `INSERT INTO ingest.source_file (tenant_id, source_system, format, file_name, checksum_sha256, size_bytes)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING file_id`,
    [file.tenant, file.sourceSystem, file.format, file.name, file.checksum, file.sizeBytes],
  );
  return rows[0]!.file_id;
}

/** Creates the partition of `ingest.claim_record` for one file's records; returns its name. */
export async function createRecordPartition(
  tx: Tx,
  file: { tenant: string; fileId: number; sourceSystem: string },
): Promise<string> {
  const rows = await tx.query<{ name: string }>(
    'SELECT ingest.create_claim_record_partition($1, $2, $3) AS name',
    [file.tenant, file.fileId, file.sourceSystem],
  );
  return rows[0]!.name;
}

/**
 * Loads binary COPY tuples (`binaryCopy`) into a file's partition, frozen: only a partition created
 * in this transaction may be loaded so.
 */
export async function copyRecords(tx: Tx, partition: string, tuples: Uint8Array): Promise<void> {
  await tx.copyIn(partition, RECORD_COLUMNS, tuples, { format: 'binary', freeze: true });
}

/** Loads quarantined rows, as COPY text lines of `QUARANTINE_COLUMNS` (`FileRows.text`). */
export async function copyQuarantine(tx: Tx, lines: string): Promise<void> {
  await tx.copyIn('ingest.quarantine', QUARANTINE_COLUMNS, lines);
}

/** Loads data-quality issues, as COPY text lines of `ISSUE_COLUMNS` (`FileRows.text`). */
export async function copyIssues(tx: Tx, lines: string): Promise<void> {
  await tx.copyIn('ingest.data_quality_issue', ISSUE_COLUMNS, lines);
}

export async function updateSourceFileCounts(
  tx: Tx,
  fileId: number,
  counts: { read: number; accepted: number; quarantined: number },
): Promise<void> {
  await tx.query(
    `UPDATE ingest.source_file SET rows_read = $2, rows_accepted = $3, rows_quarantined = $4 WHERE file_id = $1`,
    [fileId, counts.read, counts.accepted, counts.quarantined],
  );
}

/**
 * A file's decisions reach the database in parts as its batches are merged (`addDecisions`) and
 * become its one `billing.run_file` row when it is done (`insertRunFile`), so that the run never
 * holds a whole file's decisions (5 MB at 5 M rows). The parts wait in a temporary table of the
 * run's transaction, gone at its end.
 */
export async function startDecisions(tx: Tx): Promise<void> {
  await tx.exec(
    `CREATE TEMPORARY TABLE run_decision_part (input_order integer, first_row integer, codes bytea)
     ON COMMIT DROP`,
  );
}

/** The decisions about rows `firstRow`, `firstRow + 1`, … of input `inputOrder`, one byte each. */
export async function addDecisions(
  tx: Tx,
  part: { inputOrder: number; firstRow: number; codes: Uint8Array },
): Promise<void> {
  await tx.query(
    // Base64 text, decoded by the database: both drivers encode a string natively, while PGlite
    // turns a byte array into hex one byte at a time (0.25 s for a million decisions).
    `INSERT INTO pg_temp.run_decision_part (input_order, first_row, codes) VALUES ($1, $2, decode($3, 'base64'))`,
    [
      part.inputOrder,
      part.firstRow,
      Buffer.from(part.codes.buffer, part.codes.byteOffset, part.codes.byteLength).toString('base64'),
    ],
  );
}

/** Records a file's part in the run, with its decisions joined from their parts. */
export async function insertRunFile(
  tx: Tx,
  row: { runId: string; fileId: number; inputOrder: number; alreadyIngested: boolean },
): Promise<void> {
  await tx.query(
    `INSERT INTO billing.run_file (run_id, file_id, input_order, already_ingested, decision_codes)
     SELECT $1, $2, $3, $4, coalesce(string_agg(codes, ''::bytea ORDER BY first_row), ''::bytea)
     FROM pg_temp.run_decision_part WHERE input_order = $3`,
    [row.runId, row.fileId, row.inputOrder, row.alreadyIngested],
  );
}

/**
 * Stores how the run classified each distinct reason text (a few thousand rows at most), keyed by
 * the SHA-256 of its UTF-8 bytes (migration 004).
 */
export async function insertReasonClasses(
  tx: Tx,
  runId: string,
  classes: ReadonlyMap<string, Classification>,
): Promise<void> {
  const entries = [...classes];
  for (let i = 0; i < entries.length; i += 1000) {
    const slice = entries.slice(i, i + 1000);
    const params: unknown[] = [runId];
    const values = slice.map(([text, c]) => {
      const hash = createHash('sha256').update(text, 'utf8').digest('hex');
      params.push(text, hash, c.label, c.verdict, c.category, c.carc, c.confidence, c.source, c.version);
      const n = params.length;
      return `($1, $${n - 8}, decode($${n - 7}, 'hex'), $${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
    });
    await tx.query(
      `INSERT INTO billing.run_reason_class (run_id, reason_text, reason_hash, label, verdict, category, carc, confidence, source, version)
       VALUES ${values.join(', ')}`,
      params,
    );
  }
}
