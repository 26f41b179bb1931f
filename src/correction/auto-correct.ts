import { audit, cliActor, type Actor } from '../audit/audit.service.js';
import type { Db } from '../db/db.js';
import { correctAll, type BulkSummary } from './bulk.js';
import { outcomeSummary } from './correction.service.js';
import { envelopeFor } from './envelope.js';

/**
 * The `claim.denied` trigger: runs the engine on the denials that ingesting one file created. The
 * file is the inbound envelope, so its id is the correlation id of every attempt and event.
 */
export function autoCorrectIngested(
  db: Db,
  tenantId: string,
  fileId: number,
  actor: Actor = cliActor(),
): Promise<BulkSummary> {
  const correlationId = `source-file:${fileId}`;
  return correctAll(db, {
    envelope: envelopeFor(tenantId, { correlationId }),
    sourceFileId: fileId,
    audit: (tx, outcomes) =>
      audit(tx, tenantId, actor, {
        action: 'denials.auto_correct',
        targetIds: [...new Set(outcomes.map((o) => o.denialId))],
        outcome: outcomeSummary(outcomes),
        correlationId,
      }),
  });
}
