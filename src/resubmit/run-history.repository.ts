import type { Queryable } from '../db/db.js';

export interface RunRow {
  readonly id: string;
  readonly asOf: string;
  readonly status: 'running' | 'succeeded' | 'failed';
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly error: string | null;
  readonly metrics: Record<string, unknown> | null;
}

const COLUMNS = `run_id AS id, as_of AS "asOf", status, error, metrics,
  to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "startedAt",
  to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "finishedAt"`;

/** A tenant's batch runs, newest first. */
export async function findRuns(
  db: Queryable,
  tenantId: string,
  limit: number,
  offset: number,
): Promise<{ rows: RunRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db.query<RunRow & Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM billing.batch_run WHERE tenant_id = $1 ORDER BY started_at DESC, run_id LIMIT $2 OFFSET $3`,
      [tenantId, limit, offset],
    ),
    db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM billing.batch_run WHERE tenant_id = $1', [
      tenantId,
    ]),
  ]);
  return { rows, total: count[0]?.n ?? 0 };
}

export async function findRun(db: Queryable, tenantId: string, runId: string): Promise<RunRow | null> {
  const rows = await db.query<RunRow & Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM billing.batch_run WHERE tenant_id = $1 AND run_id = $2::uuid`,
    [tenantId, runId],
  );
  return rows[0] ?? null;
}
