import type { Queryable } from '../db/db.js';

/** One row of `billing.v_auto_correction_success_rate`. */
export interface SuccessRateRow {
  readonly carcCode: string;
  readonly attempts: number;
  readonly successes: number;
  readonly failures: number;
  readonly skipped: number;
  /** successes / attempts, 0 … 1, four decimals. */
  readonly successRate: number;
  readonly recoveredAmountCents: number;
}

export interface SuccessRateReport {
  readonly since: string | null;
  readonly until: string | null;
  readonly rows: SuccessRateRow[];
  readonly meta: {
    readonly totalAttempts: number;
    readonly overallSuccessRate: number;
    readonly totalRecoveredAmountCents: number;
  };
}

/**
 * Attempt outcomes per CARC for one tenant over UTC days [since, until] (either bound open), best
 * first. The same aggregate as the view, read from the daily roll-up the attempt triggers keep
 * (migration 062), so it costs the same at a million attempts as at ten; an empty window gives
 * no rows and zero totals.
 */
export async function successRate(
  db: Queryable,
  tenantId: string,
  window: { since?: string | null; until?: string | null } = {},
): Promise<SuccessRateReport> {
  const rows = await db.query<{
    carc_code: string;
    attempts: number;
    successes: number;
    failures: number;
    skipped: number;
    success_rate: number;
    recovered_amount_cents: number;
  }>(
    `SELECT carc_code, attempts, successes, failures, skipped,
            round(successes::numeric / attempts, 4)::double precision AS success_rate, recovered_amount_cents
     FROM (SELECT carc_code, sum(attempts)::bigint AS attempts, sum(successes)::bigint AS successes,
                  sum(failures)::bigint AS failures, sum(skipped)::bigint AS skipped,
                  sum(recovered_amount_cents)::bigint AS recovered_amount_cents
           FROM billing.auto_correction_daily
           WHERE tenant_id = $1 AND ($2::date IS NULL OR day >= $2::date) AND ($3::date IS NULL OR day <= $3::date)
           GROUP BY carc_code) s
     WHERE attempts > 0
     ORDER BY success_rate DESC, attempts DESC, carc_code`,
    [tenantId, window.since ?? null, window.until ?? null],
  );
  const out = rows.map((r) => ({
    carcCode: r.carc_code,
    attempts: r.attempts,
    successes: r.successes,
    failures: r.failures,
    skipped: r.skipped,
    successRate: r.success_rate,
    recoveredAmountCents: r.recovered_amount_cents,
  }));
  const totalAttempts = out.reduce((s, r) => s + r.attempts, 0);
  const successes = out.reduce((s, r) => s + r.successes, 0);
  return {
    since: window.since ?? null,
    until: window.until ?? null,
    rows: out,
    meta: {
      totalAttempts,
      overallSuccessRate: totalAttempts === 0 ? 0 : Math.round((successes / totalAttempts) * 10_000) / 10_000,
      totalRecoveredAmountCents: out.reduce((s, r) => s + r.recoveredAmountCents, 0),
    },
  };
}
