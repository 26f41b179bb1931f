import type { Queryable } from '../db/db.js';

export interface JobRow {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: string;
  readonly status: 'queued' | 'running' | 'done' | 'failed';
  readonly input: Record<string, unknown>;
  readonly total: number;
  readonly done: number;
  readonly counts: Record<string, number>;
  /** `account` (the denial's patient control number) only from `findJob`. */
  readonly failures: { denialId: number; reason: string; account?: string | null }[];
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

const COLUMNS = `job_id AS id, tenant_id AS "tenantId", kind, status, input, total, done, counts, failures,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "finishedAt"`;

export async function insertJob(
  tx: Queryable,
  job: { id: string; tenantId: string; kind: string; input: unknown; createdBy: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO billing.job (job_id, tenant_id, kind, status, input, total, created_by)
     VALUES ($1, $2, $3, 'queued', $4, 0, $5)`,
    [job.id, job.tenantId, job.kind, JSON.stringify(job.input), job.createdBy],
  );
}

/**
 * The job's items: the denials a WHERE clause over `billing.denial d` picks (its cohort). Their
 * number becomes the job's total, and their kind (`denial`, `patient_liability`, or `mixed`)
 * goes into its input as `itemKind`, so that the job names what it works.
 */
export async function insertJobItems(
  tx: Queryable,
  jobId: string,
  where: { sql: string; params: unknown[] },
): Promise<number> {
  const n = where.params.length;
  const [row] = await tx.query<{ total: number }>(
    `WITH added AS (
       INSERT INTO billing.job_item (job_id, denial_id)
       SELECT $${n + 1}::uuid, d.denial_id FROM billing.denial d WHERE ${where.sql}
       RETURNING denial_id),
     cohort AS (
       SELECT count(*) AS total,
              CASE WHEN count(DISTINCT d.kind) > 1 THEN 'mixed' ELSE min(d.kind) END AS item_kind
       FROM added a JOIN billing.denial d ON d.denial_id = a.denial_id)
     UPDATE billing.job j SET total = c.total,
       input = CASE WHEN c.item_kind IS NULL THEN j.input ELSE j.input || jsonb_build_object('itemKind', c.item_kind) END
     FROM cohort c WHERE j.job_id = $${n + 1}::uuid RETURNING j.total`,
    [...where.params, jobId],
  );
  return row?.total ?? 0;
}

/** A job of the tenant, its failures with their denial's account number (what people look for). */
export async function findJob(db: Queryable, tenantId: string, jobId: string): Promise<JobRow | null> {
  const rows = await db.query<JobRow & Record<string, unknown>>(
    `SELECT ${COLUMNS.replace('failures,', '')},
       (SELECT coalesce(jsonb_agg(f.v || jsonb_build_object('account', d.patient_control_number) ORDER BY f.n), '[]')
        FROM jsonb_array_elements(j.failures) WITH ORDINALITY f(v, n)
        LEFT JOIN billing.denial d ON d.tenant_id = j.tenant_id AND d.denial_id = (f.v->>'denialId')::bigint) AS failures
     FROM billing.job j WHERE j.tenant_id = $1 AND j.job_id = $2::uuid`,
    [tenantId, jobId],
  );
  return rows[0] ?? null;
}

/** Jobs with work left, oldest first (any process may work on any of them). */
export async function findUnfinishedJobs(db: Queryable, limit: number): Promise<JobRow[]> {
  return db.query<JobRow & Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM billing.job WHERE status IN ('queued', 'running') ORDER BY created_at LIMIT $1`,
    [limit],
  );
}

/** A tenant's jobs of one kind with work left, oldest first (`reclaim correct --all --resume`). */
export async function findUnfinishedJobsOf(db: Queryable, tenantId: string, kind: string): Promise<JobRow[]> {
  return db.query<JobRow & Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM billing.job
     WHERE tenant_id = $1 AND kind = $2 AND status IN ('queued', 'running') ORDER BY created_at`,
    [tenantId, kind],
  );
}

/** The next items nobody holds, locked until the caller's transaction ends. */
export async function claimJobItems(tx: Queryable, jobId: string, limit: number): Promise<number[]> {
  const rows = await tx.query<{ id: number }>(
    `SELECT denial_id AS id FROM billing.job_item WHERE job_id = $1::uuid AND NOT done
     ORDER BY denial_id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [jobId, limit],
  );
  return rows.map((r) => r.id);
}

/** Marks items done and adds their outcomes to the job, in the batch's transaction. */
export async function recordJobProgress(
  tx: Queryable,
  jobId: string,
  denialIds: readonly number[],
  counts: Record<string, number>,
  failures: readonly { denialId: number; reason: string }[],
): Promise<void> {
  await tx.query(
    `UPDATE billing.job_item SET done = true WHERE job_id = $1::uuid AND denial_id = ANY($2::bigint[])`,
    [jobId, [...denialIds]],
  );
  // At most 100 failures are kept on the job: enough to act on, bounded in size.
  await tx.query(
    `UPDATE billing.job SET status = 'running', done = done + $2,
       counts = (SELECT jsonb_object_agg(k, COALESCE((counts->>k)::int, 0) + COALESCE(($3::jsonb->>k)::int, 0))
                 FROM (SELECT jsonb_object_keys(counts) UNION SELECT jsonb_object_keys($3::jsonb)) keys(k)),
       failures = CASE WHEN jsonb_array_length(failures) >= 100 THEN failures
                       ELSE (SELECT COALESCE(jsonb_agg(f), '[]') FROM (SELECT f FROM jsonb_array_elements(failures || $4::jsonb) f LIMIT 100) x) END
     WHERE job_id = $1::uuid`,
    [jobId, denialIds.length, JSON.stringify(counts), JSON.stringify(failures)],
  );
}

/** Done when no item is left undone (items another process holds are not done yet). */
export async function finishJobIfComplete(db: Queryable, jobId: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE billing.job SET status = 'done', finished_at = now()
     WHERE job_id = $1::uuid AND status IN ('queued', 'running')
       AND NOT EXISTS (SELECT 1 FROM billing.job_item WHERE job_id = $1::uuid AND NOT done)
     RETURNING 1`,
    [jobId],
  );
  return rows.length > 0;
}

export async function failJob(db: Queryable, jobId: string, error: string): Promise<void> {
  await db.query(
    `UPDATE billing.job SET status = 'failed', error = $2, finished_at = now() WHERE job_id = $1::uuid`,
    [jobId, error],
  );
}
