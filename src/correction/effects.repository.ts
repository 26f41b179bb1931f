import { copyText } from '../db/copy-text.js';
import type { Tx } from '../db/db.js';
import { COPY_FROM_ROWS } from '../events/outbox.repository.js';

export type DenialStatus = 'CORRECTED' | 'APPEALED' | 'WRITTEN_OFF' | 'RESOLVED';

export async function insertDuplicateLinks(
  tx: Tx,
  tenantId: string,
  links: readonly { claimId: number; duplicateOfClaimId: number; denialId: number }[],
): Promise<void> {
  if (links.length === 0) return;
  await tx.query(
    `INSERT INTO billing.claim_relationship (tenant_id, claim_id, related_claim_id, relationship_type, denial_id)
     SELECT $1, u.claim_id, u.related, 'DUPLICATE', u.denial_id
     FROM unnest($2::bigint[], $3::bigint[], $4::bigint[]) AS u(claim_id, related, denial_id)
     ON CONFLICT (claim_id, related_claim_id, relationship_type) DO NOTHING`,
    [
      tenantId,
      links.map((l) => l.claimId),
      links.map((l) => l.duplicateOfClaimId),
      links.map((l) => l.denialId),
    ],
  );
}

export async function insertAppeals(
  tx: Tx,
  tenantId: string,
  appeals: readonly {
    denialId: number;
    claimId: number | null;
    attemptId: number;
    reason: string;
    proof: unknown;
  }[],
): Promise<void> {
  if (appeals.length === 0) return;
  const columns = ['tenant_id', 'denial_id', 'claim_id', 'attempt_id', 'level', 'reason', 'proof'];
  const rows = appeals.map((a) => [
    tenantId,
    a.denialId,
    a.claimId,
    a.attemptId,
    1,
    a.reason,
    JSON.stringify(a.proof),
  ]);
  if (rows.length >= COPY_FROM_ROWS) return tx.copyIn('billing.appeal', columns, copyText(rows));
  await tx.query(
    `INSERT INTO billing.appeal (${columns.join(', ')})
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::int[], $6::text[], $7::jsonb[])`,
    columns.map((_, i) => rows.map((r) => r[i])),
  );
}

/** Moves denials on from OPEN; a denial a person already moved elsewhere keeps its status. */
export async function setDenialStatuses(
  tx: Tx,
  updates: readonly { denialId: number; status: DenialStatus }[],
): Promise<void> {
  if (updates.length === 0) return;
  await tx.query(
    `UPDATE billing.denial d SET status = u.status
     FROM unnest($1::bigint[], $2::text[]) AS u(denial_id, status)
     WHERE d.denial_id = u.denial_id AND d.denial_id = ANY($1::bigint[]) AND d.status IN ('OPEN', 'MANUAL_REVIEW')`,
    [updates.map((u) => u.denialId), updates.map((u) => u.status)],
  );
}
