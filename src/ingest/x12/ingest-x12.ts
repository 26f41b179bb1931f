import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DenialClassificationCounts } from '../../classify/classify-denials.js';
import type { Tx } from '../../db/db.js';
import { savepoint } from '../../db/savepoint.js';
import { readX12File } from '../../x12/read.js';
import { x12Error } from '../../x12/x12-error.js';
import { linkRealisations } from '../../correction/realisation.repository.js';
import { linkCoordinationOfBenefits } from './claim.repository.js';
import { linkPayments, linkReversals } from './remittance.repository.js';
import type { X12Rejection } from '../../x12/sink.js';
import { sourceFileKey } from '../../db/source-file-key.js';
import {
  findSourceFile,
  insertSourceFile,
  lockSourceFile,
  updateSourceFile,
} from './source-file.repository.js';
import { X12Poster, type PostedCounts, type ReadCounts } from './posting.js';
import { releaseIds, reserveIds, setLinkingWorkMem, withoutRowChecks } from './posting.repository.js';

export interface X12IngestOptions {
  readonly tenantId: string;
  /** Provenance tag of where the file came from (a clearinghouse, a payer portal); default `x12`. */
  readonly sourceSystem: string;
  /** The file's `fingerprint`, when the caller started it earlier (while the database opened). */
  readonly fingerprint?: Promise<FileFingerprint>;
}

/** What recognises a file ingested before: its bytes' SHA-256, and its size. */
export interface FileFingerprint {
  readonly checksum: string;
  readonly size: number;
}

/** Reads the file once for its fingerprint. */
export async function fingerprint(path: string): Promise<FileFingerprint> {
  const [checksum, size] = await Promise.all([sha256(path), stat(path).then((s) => s.size)]);
  return { checksum, size };
}

/** What one file did to the database: what it held, and what of that was new. */
export interface X12IngestResult {
  readonly file: string;
  readonly fileId: number;
  readonly checksum: string;
  /** `already-ingested`: the same bytes were ingested before; nothing was read or written. */
  readonly status: 'ingested' | 'already-ingested';
  readonly format: 'x12-835' | 'x12-837' | undefined;
  readonly read: ReadCounts | undefined;
  /**
   * Interchanges, groups or transaction sets refused on their own (a missing trailer, a segment
   * out of place): each names the segment; the rest of the file is kept.
   */
  readonly rejected: readonly X12Rejection[];
  /** Claims (837) or claim payments (835) inside the rejected envelopes. */
  readonly rejectedClaims: number;
  readonly inserted: (Omit<PostedCounts, 'classified'> & { cobLinks: number }) | undefined;
  /** How the new denials classified through the CARC/RARC decision table. */
  readonly classified: DenialClassificationCounts | undefined;
}

/**
 * Ingests one X12 file inside the caller's transaction, writing its rows into the final tables
 * batch by batch while it is read (`X12Poster`), so memory holds two batches whatever the file's
 * size. A file that cannot be read (truncated, wrong delimiters, not X12) raises `INVALID_X12`
 * and the caller's rollback leaves nothing behind. Posting is idempotent twice over: the same
 * bytes are recognised by checksum, and the same payment or claim in other bytes by its natural
 * keys (docs/x12.md, "Idempotent posting").
 */
export async function ingestX12File(
  tx: Tx,
  path: string,
  options: X12IngestOptions,
  tuning: { batchRows?: number; deferred?: boolean } = {},
): Promise<X12IngestResult> {
  const name = basename(path);
  const { checksum, size } = await (options.fingerprint ?? fingerprint(path));
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
  await setLinkingWorkMem(tx);
  const tenantId = options.tenantId;
  const start = await reserveIds(tx, tenantId);
  // Written first so that the rows can name it; its counts are set once the file is read.
  const fileId = await insertSourceFile(tx, {
    tenantId,
    sourceSystem: options.sourceSystem,
    format: 'x12-835',
    name,
    checksum,
    size,
    rows: 0,
    quarantined: 0,
  });
  const { poster, accounts, segments } = await withoutRowChecks(tx, async () => {
    const read = async (again?: X12Poster) => {
      const p = new X12Poster({
        tenantId,
        fileId,
        ...start,
        ...(again ? { rejected: again.rejectedEnvelopes, deferred: again.needsDeferred } : {}),
        ...tuning,
      });
      const n = await readX12File(path, p.sink, {
        name,
        strict: 'reject',
        afterChunk: () => (p.full ? p.flush(tx) : Promise.resolve()),
      }).catch(async (error: unknown) => {
        await p.settled().catch(() => undefined);
        throw error;
      });
      return { poster: p, segments: n };
    };
    const posting = await savepoint(tx, 'x12_posting');
    let pass = await read();
    if (pass.poster.needsSecondPass) {
      // An envelope was rejected after some of its rows were written (read again without them),
      // or a remittance came twice while rows were written as read (read again holding them).
      await pass.poster.settled().catch(() => undefined);
      await posting.rollback();
      pass = await read(pass.poster);
    }
    const posted = await pass.poster.finish(tx);
    await posting.release();
    if (posted.reversals) await linkReversals(tx, tenantId, fileId);
    return { ...pass, accounts: posted };
  });
  const read = poster.counts;
  if (read.remittances === 0 && read.claims === 0 && read.remitClaims === 0) {
    // Nothing kept: the first rejection says why, else there was nothing to read.
    const first = poster.rejections[0];
    if (first) throw x12Error(name, first.segment, first.message);
    throw x12Error(name, segments, 'no 835 or 837 transaction in the file');
  }
  await releaseIds(tx, start.bases, poster.next);
  const format = read.remittances > 0 ? 'x12-835' : 'x12-837';
  await updateSourceFile(tx, fileId, {
    format,
    rows: read.remitClaims + read.claims,
    quarantined: poster.rejectedClaims,
  });
  // Claims and payments of the same accounts, whichever arrived first; then COB pairs.
  let cobLinks = 0;
  if (read.claims > 0) {
    const claimAccounts = { fileId, resent: accounts.resentClaimAccounts };
    cobLinks = await linkCoordinationOfBenefits(tx, tenantId, claimAccounts);
    await linkPayments(tx, tenantId, 'billing.claim', claimAccounts);
  }
  if (read.remitClaims > 0 && (start.hadClaims || read.claims > 0)) {
    await linkPayments(tx, tenantId, 'billing.remit_claim', {
      fileId,
      resent: accounts.resentRemitAccounts,
    });
  }
  // Answers to corrected and appealed claims become realised recovery of the attempts behind them.
  if (read.remittances > 0) await linkRealisations(tx, tenantId, fileId);
  const { classified, ...posted } = poster.posted;
  return {
    file: name,
    fileId,
    checksum,
    status: 'ingested',
    format,
    read,
    rejected: poster.rejections,
    rejectedClaims: poster.rejectedClaims,
    inserted: { ...posted, cobLinks },
    classified,
  };
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
