import type { Queryable } from '../db/db.js';

export interface AuditRecord {
  readonly tenantId: string;
  readonly actor: string;
  readonly channel: 'http' | 'cli';
  readonly action: string;
  readonly targetIds: readonly number[];
  readonly outcome: string;
  readonly requestId: string | null;
  readonly correlationId: string | null;
}

export interface AuditRow extends Omit<AuditRecord, 'tenantId' | 'targetIds'> {
  readonly id: number;
  readonly at: string;
  readonly targetIds: number[];
}

/** Appends one audit record (in the caller's transaction, beside the change it records). */
export async function insertAuditEvent(tx: Queryable, r: AuditRecord): Promise<void> {
  await tx.query(
    `INSERT INTO billing.audit_event (tenant_id, actor, channel, action, target_ids, outcome, request_id, correlation_id)
     VALUES ($1, $2, $3, $4, $5::bigint[], $6, $7, $8)`,
    [r.tenantId, r.actor, r.channel, r.action, [...r.targetIds], r.outcome, r.requestId, r.correlationId],
  );
}

/** A tenant's audit records since a UTC day (or all), oldest first, a page at a time. */
export async function findAuditEvents(
  db: Queryable,
  tenantId: string,
  q: { since: string | null; limit: number; offset: number },
): Promise<{ rows: AuditRow[]; total: number }> {
  const rows = await db.query<{
    id: number;
    at: string;
    actor: string;
    channel: 'http' | 'cli';
    action: string;
    target_ids: number[];
    outcome: string;
    request_id: string | null;
    correlation_id: string | null;
    total: number;
  }>(
    `SELECT audit_id AS id,
            to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
            actor, channel, action, target_ids, outcome, request_id, correlation_id,
            count(*) OVER () AS total
     FROM billing.audit_event
     WHERE tenant_id = $1 AND ($2::date IS NULL OR occurred_at >= $2::date::timestamp AT TIME ZONE 'UTC')
     ORDER BY occurred_at, audit_id
     LIMIT $3 OFFSET $4`,
    [tenantId, q.since, q.limit, q.offset],
  );
  return {
    total: rows[0]?.total ?? (q.offset > 0 ? await countAuditEvents(db, tenantId, q.since) : 0),
    rows: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      channel: r.channel,
      action: r.action,
      targetIds: r.target_ids.map(Number),
      outcome: r.outcome,
      requestId: r.request_id,
      correlationId: r.correlation_id,
    })),
  };
}

async function countAuditEvents(db: Queryable, tenantId: string, since: string | null): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::bigint AS n FROM billing.audit_event
     WHERE tenant_id = $1 AND ($2::date IS NULL OR occurred_at >= $2::date::timestamp AT TIME ZONE 'UTC')`,
    [tenantId, since],
  );
  return row?.n ?? 0;
}
