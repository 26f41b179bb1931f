-- The roll-up functions the attempt triggers call on every engine statement were SQL-language
-- functions, which PostgreSQL parses and plans again on each call: under a stream of single
-- corrections (POST …/execute) that was a visible share of the server's CPU (the parser and
-- planner led a profile of the backends). PL/pgSQL keeps each statement's plan for the session.
-- Same statements, same results.
CREATE OR REPLACE FUNCTION billing.auto_correction_daily_add(delta jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
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
