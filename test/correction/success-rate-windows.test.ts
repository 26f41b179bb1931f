import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { successRate } from '../../src/correction/success-rate.repository.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';
import { aDenial } from './factories.js';

/**
 * Stats read whole months from the monthly roll-up and the days of partial months from the daily
 * one. For windows that start and end anywhere (month edges, mid-month, one day, open ends, across
 * a year), after inserts, updates (a follow-up 835 paying a rebill) and deletes, the answer must
 * equal the same aggregate computed from the attempts themselves.
 */
const WINDOWS: { since?: string; until?: string }[] = [
  {},
  { since: '2024-12-01' },
  { since: '2024-12-17' },
  { until: '2025-01-31' },
  { until: '2025-01-30' },
  { since: '2024-12-01', until: '2025-02-28' },
  { since: '2024-12-31', until: '2025-02-01' },
  { since: '2025-01-15', until: '2025-01-15' },
  { since: '2025-01-01', until: '2025-01-31' },
  { since: '2024-11-30', until: '2025-03-01' },
  { since: '2025-02-10', until: '2025-01-10' },
  { since: '2030-01-01' },
];

const DAYS = [
  '2024-11-30',
  '2024-12-01',
  '2024-12-17',
  '2024-12-31',
  '2025-01-01',
  '2025-01-15',
  '2025-01-31',
  '2025-02-01',
  '2025-02-28',
  '2025-03-01',
  '2025-03-02',
];
const STATUSES = ['SUCCESS', 'FAILED', 'SKIPPED', 'SUCCESS'] as const;
const STRATEGIES = ['MODIFIER_CORRECTION', 'TIMELY_FILING_APPEAL', 'PATIENT_BILLING'] as const;

/** The definition: the aggregate over the attempts, by the UTC day each finished. */
async function fromAttempts(db: TestDb, since: string | null, until: string | null) {
  return db.query<{
    carc: string;
    n: number;
    s: number;
    f: number;
    k: number;
    rec: number;
    real: number;
    stake: number;
    again: number;
  }>(
    `SELECT a.carc_code AS carc, count(*)::int AS n, count(*) FILTER (WHERE a.status = 'SUCCESS')::int AS s,
            count(*) FILTER (WHERE a.status = 'FAILED')::int AS f, count(*) FILTER (WHERE a.status = 'SKIPPED')::int AS k,
            COALESCE(sum(a.recovered_amount_cents) FILTER (WHERE a.status = 'SUCCESS'), 0)::bigint AS rec,
            COALESCE(sum(a.realised_amount_cents) FILTER (WHERE billing.auto_correction_realisable(a.status, a.strategy)), 0)::bigint AS real,
            COALESCE(sum(d.denied_amount_cents) FILTER (WHERE billing.auto_correction_realisable(a.status, a.strategy)), 0)::bigint AS stake,
            count(*) FILTER (WHERE billing.auto_correction_realisable(a.status, a.strategy) AND a.denied_again)::int AS again
     FROM billing.auto_correction_attempt a LEFT JOIN billing.denial d ON d.denial_id = a.denial_id
     WHERE a.tenant_id = 'default' AND a.status <> 'PENDING'
       AND ($1::date IS NULL OR (COALESCE(a.finished_at, a.claimed_at) AT TIME ZONE 'UTC')::date >= $1::date)
       AND ($2::date IS NULL OR (COALESCE(a.finished_at, a.claimed_at) AT TIME ZONE 'UTC')::date <= $2::date)
     GROUP BY 1 ORDER BY 1`,
    [since, until],
  );
}

for (const engine of ENGINES) {
  void describe(`stats windows over the monthly and daily roll-ups, on ${engine}`, () => {
    let db: TestDb;
    before(async () => {
      db = await freshDb(engine);
      const denials: { denialId: number; carc: string }[] = [];
      for (const [i, carc] of ['CO-4', 'CO-16', 'CO-29', 'CO-4', 'CO-16'].entries())
        denials.push({
          carc,
          denialId: (await aDenial(db, { carc, deniedAmountCents: 1_000 * (i + 1) })).denialId,
        });
      // Attempts on every day above, all statuses, three strategies, two tenants' worth of rows in
      // several statements (so the shards and the statement triggers both take part).
      let n = 0;
      for (const day of DAYS) {
        const rows = denials.map((d, i) => {
          n++;
          return [
            d.denialId,
            `H${n}`,
            d.carc,
            STATUSES[n % 4]!,
            STRATEGIES[n % 3]!,
            100 * n,
            `${day}T${String(i * 5).padStart(2, '0')}:30:00Z`,
          ];
        });
        await db.query(
          `INSERT INTO billing.auto_correction_attempt
             (tenant_id, correlation_id, denial_id, handler_name, carc_code, status, strategy, recovered_amount_cents, finished_at)
           SELECT 'default', 'windows', u.denial_id, u.handler, u.carc, u.status, u.strategy, u.cents, u.finished
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::timestamptz[])
             AS u(denial_id, handler, carc, status, strategy, cents, finished)`,
          [0, 1, 2, 3, 4, 5, 6].map((c) => rows.map((r) => r[c])),
        );
      }
      // A follow-up 835 pays some rebills and denies one again; two attempts are deleted.
      await db.query(
        `UPDATE billing.auto_correction_attempt SET realised_amount_cents = attempt_id * 7, denied_again = attempt_id % 5 = 0
         WHERE attempt_id % 3 = 0`,
      );
      // One statement that changes what the roll-up reads on some attempts and only a note on
      // the others (whose -old and +new rows the trigger leaves out: they cancel).
      await db.query(
        `UPDATE billing.auto_correction_attempt SET failure_reason = 'noted',
           realised_amount_cents = realised_amount_cents + CASE WHEN attempt_id % 4 = 0 THEN 11 ELSE 0 END
         WHERE attempt_id % 2 = 0`,
      );
      await db.query(`DELETE FROM billing.auto_correction_attempt WHERE attempt_id IN (4, 17)`);
    });
    after(() => db.dispose());

    void it('every window equals the aggregate over the attempts themselves', async () => {
      let nonEmpty = 0;
      for (const w of WINDOWS) {
        const report = await successRate(db, 'default', w);
        const expected = await fromAttempts(db, w.since ?? null, w.until ?? null);
        const label = JSON.stringify(w);
        assert.deepEqual(
          report.rows
            .map((r) => [
              r.carcCode,
              r.attempts,
              r.successes,
              r.failures,
              r.skipped,
              r.recoveredAmountCents,
              r.realisedAmountCents,
              r.atStakeCents,
              r.deniedAgain,
            ])
            .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
          expected.map((e) => [e.carc, e.n, e.s, e.f, e.k, e.rec, e.real, e.stake, e.again]),
          label,
        );
        if (expected.length > 0) nonEmpty++;
      }
      assert.ok(nonEmpty >= 9, `${nonEmpty} windows had attempts`);
    });

    void it('the monthly roll-up holds exactly the sum of the daily one', async () => {
      const diff = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (
           SELECT tenant_id, date_trunc('month', day)::date AS month, carc_code, sum(attempts) AS a, sum(successes) AS s,
                  sum(realised_amount_cents) AS r, sum(at_stake_cents) AS k
           FROM billing.auto_correction_daily GROUP BY 1, 2, 3
           EXCEPT
           SELECT tenant_id, month, carc_code, sum(attempts), sum(successes), sum(realised_amount_cents), sum(at_stake_cents)
           FROM billing.auto_correction_monthly GROUP BY 1, 2, 3) x`,
      );
      assert.equal(diff[0]!.n, 0);
    });
  });
}
