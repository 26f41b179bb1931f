import type { Db } from '../db/db.js';
import { correctAll, type BulkSummary } from './bulk.js';
import { envelopeFor } from './envelope.js';

/**
 * The `claim.denied` trigger: runs the engine on the denials that ingesting one file created. The
 * file is the inbound envelope, so its id is the correlation id of every attempt and event.
 */
export function autoCorrectIngested(db: Db, tenantId: string, fileId: number): Promise<BulkSummary> {
  return correctAll(db, {
    envelope: envelopeFor(tenantId, { correlationId: `source-file:${fileId}` }),
    sourceFileId: fileId,
  });
}
