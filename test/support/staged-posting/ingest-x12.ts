import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DenialClassificationCounts } from '../../../src/classify/classify-denials.js';
import type { Tx } from '../../../src/db/db.js';
import { readX12File } from '../../../src/x12/read.js';
import { x12Error } from '../../../src/x12/x12-error.js';
import { linkRealisations } from '../../../src/correction/realisation.repository.js';
import { postStagedClaims, type PostedClaims } from './claim.repository.js';
import { linkPayments, postStagedRemittances, type PostedRemittances } from './remittance.repository.js';
import type { X12Rejection } from '../../../src/x12/sink.js';
import { withoutRowChecks } from '../../../src/ingest/x12/posting.repository.js';
import { sourceFileKey } from '../../../src/db/source-file-key.js';
import {
  findSourceFile,
  insertSourceFile,
  insertStagedIssues,
  lockSourceFile,
} from './source-file.repository.js';
import { STAGING_DDL, X12Staging, type StagedCounts } from './staging.js';

export interface X12IngestOptions {
  readonly tenantId: string;
  /** Provenance tag of where the file came from (a clearinghouse, a payer portal); default `x12`. */
  readonly sourceSystem: string;
}

/** What one file did to the database: what it held, and what of that was new. */
export interface X12IngestResult {
  readonly file: string;
  readonly fileId: number;
  readonly checksum: string;
  /** `already-ingested`: the same bytes were ingested before; nothing was read or written. */
  readonly status: 'ingested' | 'already-ingested';
  readonly format: 'x12-835' | 'x12-837' | undefined;
  readonly read: StagedCounts | undefined;
  /**
   * Interchanges, groups or transaction sets refused on their own (a missing trailer, a segment
   * out of place): each names the segment; the rest of the file is kept.
   */
  readonly rejected: readonly X12Rejection[];
  /** Claims (837) or claim payments (835) inside the rejected envelopes. */
  readonly rejectedClaims: number;
  readonly inserted: (Omit<PostedRemittances, 'classified'> & PostedClaims) | undefined;
  /** How the new denials classified through the CARC/RARC decision table. */
  readonly classified: DenialClassificationCounts | undefined;
}

/**
 * Ingests one X12 file inside the caller's transaction: the file is read whole into staging
 * tables first, so a file that cannot be read (truncated, wrong delimiters, not X12) raises
 * `INVALID_X12` and the caller's rollback leaves nothing behind. Posting is idempotent twice
 * over: the same bytes are recognised by checksum, and the same payment in other bytes by its
 * natural keys (see `postStagedRemittances`).
 */
export async function ingestX12File(
  tx: Tx,
  path: string,
  options: X12IngestOptions,
): Promise<X12IngestResult> {
  const name = basename(path);
  const [checksum, size] = await Promise.all([sha256(path), stat(path).then((s) => s.size)]);
  // Another process ingesting the same file at once: wait for it, then find the file ingested.
  await lockSourceFile(tx, sourceFileKey(options.tenantId, options.sourceSystem, checksum));
  const existing = await findSourceFile(tx, options.tenantId, options.sourceSystem, checksum);
  if (existing) {
    return {
      file: name,
      fileId: existing.file_id,
      checksum,
      status: 'already-ingested',
      format: undefined,
      read: undefined,
      rejected: [],
      rejectedClaims: 0,
      inserted: undefined,
      classified: undefined,
    };
  }
  // Posting joins and sorts whole files of rows: in memory, not in temporary files.
  await tx.query(`SET LOCAL work_mem = '32MB'`);
  await roomForStaging(tx);
  await tx.exec(STAGING_DDL);
  const staging = new X12Staging();
  const segments = await readX12File(path, staging.sink, {
    name,
    strict: 'reject',
    afterChunk: () => (staging.full ? staging.flush(tx) : Promise.resolve()),
  });
  await staging.flush(tx);
  await staging.settled();
  await staging.dropRejected(tx);
  const read = staging.counts;
  if (read.remittances === 0 && read.claims === 0 && read.remitClaims === 0) {
    // Nothing kept: the first rejection says why, else there was nothing to read.
    const first = staging.rejections[0];
    if (first) throw x12Error(name, first.segment, first.message);
    throw x12Error(name, segments, 'no 835 or 837 transaction in the file');
  }
  const format = read.remittances > 0 ? 'x12-835' : 'x12-837';
  const fileId = await insertSourceFile(tx, {
    tenantId: options.tenantId,
    sourceSystem: options.sourceSystem,
    format,
    name,
    checksum,
    size,
    rows: read.remitClaims + read.claims,
    quarantined: staging.rejectedClaims,
  });
  // Claims first, so that payments in the same file find the claims they answer.
  const { claims, remittances } = await withoutRowChecks(tx, async () => ({
    claims: await postStagedClaims(tx, options.tenantId, fileId),
    remittances: await postStagedRemittances(tx, options.tenantId, fileId),
  }));
  // Payments ingested before their claims are linked once the claims arrive.
  if (read.claims > 0) await linkPayments(tx, options.tenantId, 'x12_stage_claim');
  // Answers to corrected and appealed claims become realised recovery of the attempts behind them.
  if (read.remittances > 0) await linkRealisations(tx, options.tenantId, fileId);
  await insertStagedIssues(tx, options.tenantId, fileId);
  const { classified, ...posted } = remittances;
  return {
    file: name,
    fileId,
    checksum,
    status: 'ingested',
    format,
    read,
    rejected: staging.rejections,
    rejectedClaims: staging.rejectedClaims,
    inserted: { ...posted, ...claims },
    classified,
  };
}

/**
 * A file's staging rows outgrow the default 8 MB of buffers for temporary tables, and PostgreSQL
 * then writes them out and reads them back between statements. The size can be set only before a
 * session first uses a temporary table, so a session that already has (a second file of the same
 * run) keeps what it has.
 */
async function roomForStaging(tx: Tx): Promise<void> {
  await tx.query('SAVEPOINT x12_temp_buffers');
  try {
    await tx.query(`SET temp_buffers = '64MB'`);
    await tx.query('RELEASE SAVEPOINT x12_temp_buffers');
  } catch {
    await tx.query('ROLLBACK TO SAVEPOINT x12_temp_buffers');
  }
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
