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
  /** Projected when the attempts succeeded (a rebill's denied amount). */
  readonly recoveredAmountCents: number;
  /** What later 835s paid for the succeeded rebills and appeals, net of takebacks. */
  readonly realisedAmountCents: number;
  /** The denied amount of the succeeded rebills and appeals: what was put back in play. */
  readonly atStakeCents: number;
  /** realised / at stake, four decimals; null when nothing was at stake. */
  readonly realisedShare: number | null;
  /** Succeeded attempts whose corrected or appealed claim the payer denied again. */
  readonly deniedAgain: number;
}

export interface SuccessRateReport {
  readonly since: string | null;
  readonly until: string | null;
  readonly rows: SuccessRateRow[];
  readonly meta: {
    readonly totalAttempts: number;
    readonly overallSuccessRate: number;
    readonly totalRecoveredAmountCents: number;
    readonly totalRealisedAmountCents: number;
    readonly totalAtStakeCents: number;
    readonly overallRealisedShare: number | null;
    readonly totalDeniedAgain: number;
  };
}

/**
 * Attempt outcomes per CARC for one tenant over UTC days [since, until] (either bound open), best
 * first. The same aggregate as the view, read from the roll-ups the attempt triggers keep: whole
 * calendar months of the window from the monthly one (migration 068), the days of its partial
 * months from the daily one (062, 065). It costs the same at a million attempts as at ten, and all
 * time reads a dozen rows per CARC and year; an empty window gives no rows and zero totals.
 */
export async function successRate(
  db: Queryable,
  tenantId: string,
  window: { since?: string | null; until?: string | null } = {},
): Promise<SuccessRateReport> {
  const since = window.since ?? null;
  const until = window.until ?? null;
  // Months wholly inside the window: [fromMonth, toMonth), either end open.
  const fromMonth = since === null ? null : since.endsWith('-01') ? since : firstOfNextMonth(since);
  const toMonth = until === null ? null : monthOf(nextDay(until));
  const params: unknown[] = [tenantId];
  const p = (value: unknown) => `$${params.push(value)}`;
  const monthly = ['tenant_id = $1'];
  if (fromMonth !== null) monthly.push(`month >= ${p(fromMonth)}::date`);
  if (toMonth !== null) monthly.push(`month < ${p(toMonth)}::date`);
  // Each statement names only the bounds it has, so each gets the plan its own bounds need.
  const parts = [`SELECT ${MEASURES} FROM billing.auto_correction_monthly WHERE ${monthly.join(' AND ')}`];
  const edges: string[] = [];
  if (fromMonth !== null) edges.push(`day < ${p(fromMonth)}::date`);
  if (toMonth !== null) edges.push(`day >= ${p(toMonth)}::date`);
  if (edges.length > 0) {
    const daily = ['tenant_id = $1', `(${edges.join(' OR ')})`];
    if (since !== null) daily.push(`day >= ${p(since)}::date`);
    if (until !== null) daily.push(`day <= ${p(until)}::date`);
    parts.push(`SELECT ${MEASURES} FROM billing.auto_correction_daily WHERE ${daily.join(' AND ')}`);
  }
  const rows = await db.query<{
    carc_code: string;
    attempts: number;
    successes: number;
    failures: number;
    skipped: number;
    success_rate: number;
    recovered_amount_cents: number;
    realised_amount_cents: number;
    at_stake_cents: number;
    denied_again: number;
  }>(
    `SELECT carc_code, attempts, successes, failures, skipped,
            round(successes::numeric / attempts, 4)::double precision AS success_rate, recovered_amount_cents,
            realised_amount_cents, at_stake_cents, denied_again
     FROM (SELECT carc_code, sum(attempts)::bigint AS attempts, sum(successes)::bigint AS successes,
                  sum(failures)::bigint AS failures, sum(skipped)::bigint AS skipped,
                  sum(recovered_amount_cents)::bigint AS recovered_amount_cents,
                  sum(realised_amount_cents)::bigint AS realised_amount_cents,
                  sum(at_stake_cents)::bigint AS at_stake_cents, sum(denied_again)::int AS denied_again
           FROM (${parts.join(' UNION ALL ')}) r
           GROUP BY carc_code) s
     WHERE attempts > 0
     ORDER BY success_rate DESC, attempts DESC, carc_code`,
    params,
  );
  const out = rows.map((r) => ({
    carcCode: r.carc_code,
    attempts: r.attempts,
    successes: r.successes,
    failures: r.failures,
    skipped: r.skipped,
    successRate: r.success_rate,
    recoveredAmountCents: r.recovered_amount_cents,
    realisedAmountCents: r.realised_amount_cents,
    atStakeCents: r.at_stake_cents,
    realisedShare: share(r.realised_amount_cents, r.at_stake_cents),
    deniedAgain: r.denied_again,
  }));
  const totalAttempts = out.reduce((s, r) => s + r.attempts, 0);
  const successes = out.reduce((s, r) => s + r.successes, 0);
  const totalRealised = out.reduce((s, r) => s + r.realisedAmountCents, 0);
  const totalAtStake = out.reduce((s, r) => s + r.atStakeCents, 0);
  return {
    since: window.since ?? null,
    until: window.until ?? null,
    rows: out,
    meta: {
      totalAttempts,
      overallSuccessRate: totalAttempts === 0 ? 0 : Math.round((successes / totalAttempts) * 10_000) / 10_000,
      totalRecoveredAmountCents: out.reduce((s, r) => s + r.recoveredAmountCents, 0),
      totalRealisedAmountCents: totalRealised,
      totalAtStakeCents: totalAtStake,
      overallRealisedShare: share(totalRealised, totalAtStake),
      totalDeniedAgain: out.reduce((s, r) => s + r.deniedAgain, 0),
    },
  };
}

const MEASURES = `carc_code, attempts, successes, failures, skipped, recovered_amount_cents, realised_amount_cents,
  at_stake_cents, denied_again`;

/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC like the roll-ups' days. */
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return isoDay(d);
}
const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
function firstOfNextMonth(day: string): string {
  const d = new Date(`${monthOf(day)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return isoDay(d);
}

function share(realised: number, atStake: number): number | null {
  return atStake === 0 ? null : Math.round((realised / atStake) * 10_000) / 10_000;
}

/** One row of `billing.v_realised_recovery`: succeeded attempts of one handler, code and payer. */
export interface RealisedRecoveryRow {
  readonly handler: string;
  readonly carcCode: string;
  readonly payer: string;
  readonly successes: number;
  /** How many of them the payer has paid something for. */
  readonly paid: number;
  readonly deniedAgain: number;
  readonly projectedAmountCents: number;
  readonly realisedAmountCents: number;
  /** Mean days from the attempt to the first payment's date; null before any payment. */
  readonly averageDaysToCash: number | null;
}

/** Realised recovery per handler × CARC × payer for one tenant, largest first. */
export async function realisedRecovery(db: Queryable, tenantId: string): Promise<RealisedRecoveryRow[]> {
  const rows = await db.query<{
    handler_name: string;
    carc_code: string;
    payer_key: string;
    successes: number;
    paid: number;
    denied_again: number;
    projected_amount_cents: number;
    realised_amount_cents: number;
    avg_days_to_cash: number | null;
  }>(
    `SELECT handler_name, carc_code, payer_key, successes::int, paid::int, denied_again::int, projected_amount_cents,
            realised_amount_cents, avg_days_to_cash
     FROM billing.v_realised_recovery WHERE tenant_id = $1
     ORDER BY realised_amount_cents DESC, handler_name, carc_code, payer_key`,
    [tenantId],
  );
  return rows.map((r) => ({
    handler: r.handler_name,
    carcCode: r.carc_code,
    payer: r.payer_key,
    successes: r.successes,
    paid: r.paid,
    deniedAgain: r.denied_again,
    projectedAmountCents: r.projected_amount_cents,
    realisedAmountCents: r.realised_amount_cents,
    averageDaysToCash: r.avg_days_to_cash,
  }));
}
