-- The success rate over long windows without summing a row per day: the same measures as
-- billing.auto_correction_daily, per (tenant, calendar month, CARC), kept by the same function in
-- the same statement. A window reads its whole months here and only its partial months' days from
-- the daily table: all time is about twelve rows per CARC and year instead of 365. Sharded like the
-- daily rows, so concurrent engines do not queue on one counter.
CREATE TABLE billing.auto_correction_monthly (
  tenant_id              text NOT NULL,
  month                  date NOT NULL CHECK (extract(day FROM month) = 1),
  carc_code              text NOT NULL,
  shard                  smallint NOT NULL,
  attempts               bigint NOT NULL,
  successes              bigint NOT NULL,
  failures               bigint NOT NULL,
  skipped                bigint NOT NULL,
  recovered_amount_cents bigint NOT NULL,
  realised_amount_cents  bigint NOT NULL,
  at_stake_cents         bigint NOT NULL,
  denied_again           bigint NOT NULL,
  PRIMARY KEY (tenant_id, month, carc_code, shard)
);

-- Every change to the counters goes through here (insert, update and delete triggers of
-- billing.auto_correction_attempt): the day's row and the month's row move together.
CREATE OR REPLACE FUNCTION billing.auto_correction_daily_add(delta jsonb) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO billing.auto_correction_daily AS t
    (tenant_id, day, carc_code, shard, attempts, successes, failures, skipped, recovered_amount_cents,
     realised_amount_cents, at_stake_cents, denied_again)
  SELECT d.tenant_id, d.day, d.carc_code, (pg_backend_pid() % 8)::smallint,
         sum(d.sign), COALESCE(sum(d.sign) FILTER (WHERE d.status = 'SUCCESS'), 0),
         COALESCE(sum(d.sign) FILTER (WHERE d.status = 'FAILED'), 0),
         COALESCE(sum(d.sign) FILTER (WHERE d.status = 'SKIPPED'), 0),
         COALESCE(sum(d.sign * d.recovered_amount_cents) FILTER (WHERE d.status = 'SUCCESS'), 0),
         COALESCE(sum(d.sign * d.realised_amount_cents) FILTER (WHERE d.realisable), 0),
         COALESCE(sum(d.sign * d.at_stake_cents) FILTER (WHERE d.realisable), 0),
         COALESCE(sum(d.sign) FILTER (WHERE d.realisable AND d.denied_again), 0)
  FROM jsonb_to_recordset(delta) AS d(tenant_id text, day date, carc_code text, status text,
                                      recovered_amount_cents bigint, realised_amount_cents bigint,
                                      at_stake_cents bigint, denied_again boolean, realisable boolean,
                                      sign integer)
  GROUP BY d.tenant_id, d.day, d.carc_code
  ORDER BY d.tenant_id, d.day, d.carc_code
  ON CONFLICT (tenant_id, day, carc_code, shard) DO UPDATE SET
    attempts = t.attempts + excluded.attempts,
    successes = t.successes + excluded.successes,
    failures = t.failures + excluded.failures,
    skipped = t.skipped + excluded.skipped,
    recovered_amount_cents = t.recovered_amount_cents + excluded.recovered_amount_cents,
    realised_amount_cents = t.realised_amount_cents + excluded.realised_amount_cents,
    at_stake_cents = t.at_stake_cents + excluded.at_stake_cents,
    denied_again = t.denied_again + excluded.denied_again;

  INSERT INTO billing.auto_correction_monthly AS t
    (tenant_id, month, carc_code, shard, attempts, successes, failures, skipped, recovered_amount_cents,
     realised_amount_cents, at_stake_cents, denied_again)
  SELECT d.tenant_id, date_trunc('month', d.day)::date, d.carc_code, (pg_backend_pid() % 8)::smallint,
         sum(d.sign), COALESCE(sum(d.sign) FILTER (WHERE d.status = 'SUCCESS'), 0),
         COALESCE(sum(d.sign) FILTER (WHERE d.status = 'FAILED'), 0),
         COALESCE(sum(d.sign) FILTER (WHERE d.status = 'SKIPPED'), 0),
         COALESCE(sum(d.sign * d.recovered_amount_cents) FILTER (WHERE d.status = 'SUCCESS'), 0),
         COALESCE(sum(d.sign * d.realised_amount_cents) FILTER (WHERE d.realisable), 0),
         COALESCE(sum(d.sign * d.at_stake_cents) FILTER (WHERE d.realisable), 0),
         COALESCE(sum(d.sign) FILTER (WHERE d.realisable AND d.denied_again), 0)
  FROM jsonb_to_recordset(delta) AS d(tenant_id text, day date, carc_code text, status text,
                                      recovered_amount_cents bigint, realised_amount_cents bigint,
                                      at_stake_cents bigint, denied_again boolean, realisable boolean,
                                      sign integer)
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3
  ON CONFLICT (tenant_id, month, carc_code, shard) DO UPDATE SET
    attempts = t.attempts + excluded.attempts,
    successes = t.successes + excluded.successes,
    failures = t.failures + excluded.failures,
    skipped = t.skipped + excluded.skipped,
    recovered_amount_cents = t.recovered_amount_cents + excluded.recovered_amount_cents,
    realised_amount_cents = t.realised_amount_cents + excluded.realised_amount_cents,
    at_stake_cents = t.at_stake_cents + excluded.at_stake_cents,
    denied_again = t.denied_again + excluded.denied_again;
$$;

INSERT INTO billing.auto_correction_monthly
  (tenant_id, month, carc_code, shard, attempts, successes, failures, skipped, recovered_amount_cents,
   realised_amount_cents, at_stake_cents, denied_again)
SELECT tenant_id, date_trunc('month', day)::date, carc_code, shard, sum(attempts), sum(successes), sum(failures),
       sum(skipped), sum(recovered_amount_cents), sum(realised_amount_cents), sum(at_stake_cents), sum(denied_again)
FROM billing.auto_correction_daily
GROUP BY 1, 2, 3, 4;
