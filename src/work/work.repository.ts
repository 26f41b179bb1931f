import type { Queryable } from '../db/db.js';

export type AssignmentRow = {
  readonly assignee: string | null;
  readonly ownerGroup: string | null;
  readonly by: string;
  readonly at: string;
};

export type NoteRow = {
  readonly id: number;
  readonly text: string;
  readonly author: string;
  readonly at: string;
};

export type AuditTrailRow = {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly outcome: string;
  readonly correlationId: string | null;
};

/**
 * Sets the denial's owner; an absent field keeps its value. Returns the owner now on the denial,
 * or null when the tenant has no such denial.
 */
export async function updateDenialOwner(
  tx: Queryable,
  tenantId: string,
  denialId: number,
  owner: { assignee?: string | null; ownerGroup?: string | null },
): Promise<{ assignee: string | null; ownerGroup: string | null } | null> {
  const rows = await tx.query<{ assignee: string | null; ownerGroup: string | null }>(
    `UPDATE billing.denial
     SET assignee = CASE WHEN $5 THEN $3 ELSE assignee END, owner_group = CASE WHEN $6 THEN $4 ELSE owner_group END
     WHERE tenant_id = $1 AND denial_id = $2
     RETURNING assignee, owner_group AS "ownerGroup"`,
    [
      tenantId,
      denialId,
      owner.assignee ?? null,
      owner.ownerGroup ?? null,
      owner.assignee !== undefined,
      owner.ownerGroup !== undefined,
    ],
  );
  return rows[0] ?? null;
}

export async function insertAssignment(
  tx: Queryable,
  tenantId: string,
  denialId: number,
  a: { assignee: string | null; ownerGroup: string | null; by: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO billing.denial_assignment (tenant_id, denial_id, assignee, owner_group, assigned_by) VALUES ($1, $2, $3, $4, $5)`,
    [tenantId, denialId, a.assignee, a.ownerGroup, a.by],
  );
}

/** Inserts a note on the tenant's denial; null when the tenant has no such denial. */
export async function insertNote(
  tx: Queryable,
  tenantId: string,
  denialId: number,
  author: string,
  text: string,
): Promise<number | null> {
  const rows = await tx.query<{ note_id: number }>(
    `INSERT INTO billing.denial_note (tenant_id, denial_id, author, body)
     SELECT tenant_id, denial_id, $3, $4 FROM billing.denial WHERE tenant_id = $1 AND denial_id = $2
     RETURNING note_id::int`,
    [tenantId, denialId, author, text],
  );
  return rows[0]?.note_id ?? null;
}

export async function findDenialExists(db: Queryable, tenantId: string, denialId: number): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM billing.denial WHERE tenant_id = $1 AND denial_id = $2`, [
    tenantId,
    denialId,
  ]);
  return rows.length === 1;
}

/** Every change of owner of the denial, oldest first. */
export async function findAssignments(
  db: Queryable,
  tenantId: string,
  denialId: number,
): Promise<AssignmentRow[]> {
  return db.query<AssignmentRow>(
    `SELECT assignee, owner_group AS "ownerGroup", assigned_by AS by, to_json(assigned_at)#>>'{}' AS at
     FROM billing.denial_assignment WHERE tenant_id = $1 AND denial_id = $2 ORDER BY assignment_id`,
    [tenantId, denialId],
  );
}

/** The denial's notes, newest first. */
export async function findNotes(db: Queryable, tenantId: string, denialId: number): Promise<NoteRow[]> {
  return db.query<NoteRow>(
    `SELECT note_id::int AS id, body AS text, author, to_json(created_at)#>>'{}' AS at
     FROM billing.denial_note WHERE tenant_id = $1 AND denial_id = $2 ORDER BY note_id DESC`,
    [tenantId, denialId],
  );
}

/** The audit records naming the denial (corrections people triggered), oldest first. */
export async function findDenialAuditTrail(
  db: Queryable,
  tenantId: string,
  denialId: number,
): Promise<AuditTrailRow[]> {
  return db.query<AuditTrailRow>(
    `SELECT to_json(occurred_at)#>>'{}' AS at, actor, action, outcome, correlation_id AS "correlationId"
     FROM billing.audit_event WHERE tenant_id = $1 AND target_ids @> ARRAY[$2::bigint]
     ORDER BY audit_id LIMIT 500`,
    [tenantId, denialId],
  );
}
