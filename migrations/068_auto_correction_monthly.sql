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
-- billing.auto_correction_attempt): the delta is summed per day once, and the day's rows and the
-- month's rows move together in one statement. Both functions are PL/pgSQL from here on: as
-- SQL-language functions (062, 065) they were parsed and planned again on every attempt
-- statement, which led a profile of the server under single corrections; PL/pgSQL keeps each
-- statement's plan for the session.
CREATE OR REPLACE FUNCTION billing.auto_correction_daily_add(delta jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  WITH per_day AS (
    SELECT d.tenant_id, d.day, d.carc_code, (pg_backend_pid() % 8)::smallint AS shard,
           sum(d.sign) AS attempts,
           COALESCE(sum(d.sign) FILTER (WHERE d.status = 'SUCCESS'), 0) AS successes,
           COALESCE(sum(d.sign) FILTER (WHERE d.status = 'FAILED'), 0) AS failures,
           COALESCE(sum(d.sign) FILTER (WHERE d.status = 'SKIPPED'), 0) AS skipped,
           COALESCE(sum(d.sign * d.recovered_amount_cents) FILTER (WHERE d.status = 'SUCCESS'), 0) AS recovered,
           COALESCE(sum(d.sign * d.realised_amount_cents) FILTER (WHERE d.realisable), 0) AS realised,
           COALESCE(sum(d.sign * d.at_stake_cents) FILTER (WHERE d.realisable), 0) AS at_stake,
           COALESCE(sum(d.sign) FILTER (WHERE d.realisable AND d.denied_again), 0) AS denied_again
    FROM jsonb_to_recordset(delta) AS d(tenant_id text, day date, carc_code text, status text,
                                        recovered_amount_cents bigint, realised_amount_cents bigint,
                                        at_stake_cents bigint, denied_again boolean, realisable boolean,
                                        sign integer)
    GROUP BY d.tenant_id, d.day, d.carc_code
  ),
  daily AS (
    INSERT INTO billing.auto_correction_daily AS t
      (tenant_id, day, carc_code, shard, attempts, successes, failures, skipped, recovered_amount_cents,
       realised_amount_cents, at_stake_cents, denied_again)
    SELECT * FROM per_day ORDER BY tenant_id, day, carc_code
    ON CONFLICT (tenant_id, day, carc_code, shard) DO UPDATE SET
      attempts = t.attempts + excluded.attempts,
      successes = t.successes + excluded.successes,
      failures = t.failures + excluded.failures,
      skipped = t.skipped + excluded.skipped,
      recovered_amount_cents = t.recovered_amount_cents + excluded.recovered_amount_cents,
      realised_amount_cents = t.realised_amount_cents + excluded.realised_amount_cents,
      at_stake_cents = t.at_stake_cents + excluded.at_stake_cents,
      denied_again = t.denied_again + excluded.denied_again
  )
  INSERT INTO billing.auto_correction_monthly AS t
    (tenant_id, month, carc_code, shard, attempts, successes, failures, skipped, recovered_amount_cents,
     realised_amount_cents, at_stake_cents, denied_again)
  SELECT tenant_id, date_trunc('month', day)::date, carc_code, shard, sum(attempts), sum(successes),
         sum(failures), sum(skipped), sum(recovered), sum(realised), sum(at_stake), sum(denied_again)
  FROM per_day GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3
  ON CONFLICT (tenant_id, month, carc_code, shard) DO UPDATE SET
    attempts = t.attempts + excluded.attempts,
    successes = t.successes + excluded.successes,
    failures = t.failures + excluded.failures,
    skipped = t.skipped + excluded.skipped,
    recovered_amount_cents = t.recovered_amount_cents + excluded.recovered_amount_cents,
    realised_amount_cents = t.realised_amount_cents + excluded.realised_amount_cents,
    at_stake_cents = t.at_stake_cents + excluded.at_stake_cents,
    denied_again = t.denied_again + excluded.denied_again;
END
$$;

CREATE OR REPLACE FUNCTION billing.auto_correction_daily_rows(rows_json jsonb, sign integer) RETURNS SETOF jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
  SELECT jsonb_build_object(
           'tenant_id', a.tenant_id,
           'day', (COALESCE(a.finished_at, a.claimed_at) AT TIME ZONE 'UTC')::date,
           'carc_code', a.carc_code, 'status', a.status,
           'recovered_amount_cents', a.recovered_amount_cents,
           'realised_amount_cents', a.realised_amount_cents,
           'at_stake_cents', COALESCE(d.denied_amount_cents, 0),
           'denied_again', a.denied_again,
           'realisable', billing.auto_correction_realisable(a.status, a.strategy),
           'sign', sign)
  FROM jsonb_populate_recordset(NULL::billing.auto_correction_attempt, rows_json) a
  LEFT JOIN billing.denial d ON d.denial_id = a.denial_id
  WHERE a.status <> 'PENDING';
END
$$;

INSERT INTO billing.auto_correction_monthly
  (tenant_id, month, carc_code, shard, attempts, successes, failures, skipped, recovered_amount_cents,
   realised_amount_cents, at_stake_cents, denied_again)
SELECT tenant_id, date_trunc('month', day)::date, carc_code, shard, sum(attempts), sum(successes), sum(failures),
       sum(skipped), sum(recovered_amount_cents), sum(realised_amount_cents), sum(at_stake_cents), sum(denied_again)
FROM billing.auto_correction_daily
GROUP BY 1, 2, 3, 4;
