import { z } from 'zod';
import type { RunDetail, RunList, RunSummary } from '../api/schemas/runs.js';
import type { Queryable } from '../db/db.js';
import { ReclaimError } from '../errors.js';
import { findRun, findRuns, type RunRow } from './run-history.repository.js';

/** The parts of a run's metrics document the API shows (written by `RunCounters.build`). */
const Metrics = z
  .object({
    totals: z.object({ read: z.number(), candidates: z.number() }).partial().optional(),
    outcomes: z.record(z.string(), z.number()).optional(),
    classification: z
      .object({
        by_label: z.record(z.string(), z.number()).optional(),
        by_source: z.record(z.string(), z.number()).optional(),
      })
      .optional(),
    quarantine_reasons: z.record(z.string(), z.number()).optional(),
  })
  .passthrough();

export async function listRuns(
  db: Queryable,
  tenantId: string,
  q: { limit: number; offset: number },
): Promise<RunList> {
  const { rows, total } = await findRuns(db, tenantId, q.limit, q.offset);
  return { items: rows.map(summaryOf), total, limit: q.limit, offset: q.offset };
}

/** One run with its outcome counts; another tenant's run is NOT_FOUND. */
export async function runDetail(db: Queryable, tenantId: string, runId: string): Promise<RunDetail> {
  const row = await findRun(db, tenantId, runId);
  if (!row) throw new ReclaimError('NOT_FOUND', `run ${runId} not found`, { runId });
  const m = Metrics.safeParse(row.metrics ?? {});
  const metrics = m.success ? m.data : {};
  return {
    ...summaryOf(row),
    error: row.error,
    outcomes: metrics.outcomes ?? {},
    byLabel: metrics.classification?.by_label ?? {},
    byClassificationSource: metrics.classification?.by_source ?? {},
    quarantineReasons: metrics.quarantine_reasons ?? {},
  };
}

function summaryOf(r: RunRow): RunSummary {
  const m = Metrics.safeParse(r.metrics ?? {});
  const totals = m.success ? m.data.totals : undefined;
  return {
    id: r.id,
    asOf: r.asOf,
    status: r.status,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    candidates: totals?.candidates ?? null,
    records: totals?.read ?? null,
  };
}
