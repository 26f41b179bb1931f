-- Realised money in the daily roll-up too, so the stats read no attempt rows: per (tenant, day,
-- CARC) the realised amount, the denied amount at stake and the denied-again count of succeeded
-- rebills and appeals. Realised money arrives after the day is counted (a follow-up 835 updates
-- the attempt), which the update trigger already turns into a -old/+new delta.
ALTER TABLE billing.auto_correction_daily
  ADD COLUMN realised_amount_cents bigint NOT NULL DEFAULT 0,
  ADD COLUMN at_stake_cents bigint NOT NULL DEFAULT 0,
  ADD COLUMN denied_again bigint NOT NULL DEFAULT 0;

-- Which attempts carry realised money: succeeded rebills and appeals (the strategies whose answer
-- comes back on a later 835).
CREATE FUNCTION billing.auto_correction_realisable(status text, strategy text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT status = 'SUCCESS'
     AND strategy IN ('MODIFIER_CORRECTION', 'MISSING_INFO_REBILL', 'TIMELY_FILING_APPEAL', 'ADJUDICATION_APPEAL')
$$;

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
    denied_again = t.denied_again + excluded.denied_again
$$;

-- One attempt row as the roll-up counts it, signed.
CREATE FUNCTION billing.auto_correction_daily_rows(rows_json jsonb, sign integer) RETURNS SETOF jsonb
LANGUAGE sql STABLE AS $$
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
  WHERE a.status <> 'PENDING'
$$;

CREATE OR REPLACE FUNCTION billing.auto_correction_daily_on_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM billing.auto_correction_daily_add(jsonb_agg(r))
  FROM billing.auto_correction_daily_rows((SELECT jsonb_agg(n) FROM new_rows n), 1) r HAVING count(*) > 0;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION billing.auto_correction_daily_on_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM billing.auto_correction_daily_add(jsonb_agg(r)) FROM (
    SELECT * FROM billing.auto_correction_daily_rows((SELECT jsonb_agg(n) FROM new_rows n), 1)
    UNION ALL
    SELECT * FROM billing.auto_correction_daily_rows((SELECT jsonb_agg(o) FROM old_rows o), -1)) x(r)
  HAVING count(*) > 0;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION billing.auto_correction_daily_on_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM billing.auto_correction_daily_add(jsonb_agg(r))
  FROM billing.auto_correction_daily_rows((SELECT jsonb_agg(o) FROM old_rows o), -1) r HAVING count(*) > 0;
  RETURN NULL;
END
$$;

TRUNCATE billing.auto_correction_daily;
INSERT INTO billing.auto_correction_daily
  (tenant_id, day, carc_code, shard, attempts, successes, failures, skipped, recovered_amount_cents,
   realised_amount_cents, at_stake_cents, denied_again)
SELECT a.tenant_id, (COALESCE(a.finished_at, a.claimed_at) AT TIME ZONE 'UTC')::date, a.carc_code, 0, count(*),
       count(*) FILTER (WHERE a.status = 'SUCCESS'), count(*) FILTER (WHERE a.status = 'FAILED'),
       count(*) FILTER (WHERE a.status = 'SKIPPED'),
       COALESCE(sum(a.recovered_amount_cents) FILTER (WHERE a.status = 'SUCCESS'), 0),
       COALESCE(sum(a.realised_amount_cents) FILTER (WHERE billing.auto_correction_realisable(a.status, a.strategy)), 0),
       COALESCE(sum(d.denied_amount_cents) FILTER (WHERE billing.auto_correction_realisable(a.status, a.strategy)), 0),
       count(*) FILTER (WHERE billing.auto_correction_realisable(a.status, a.strategy) AND a.denied_again)
FROM billing.auto_correction_attempt a LEFT JOIN billing.denial d ON d.denial_id = a.denial_id
WHERE a.status <> 'PENDING'
GROUP BY 1, 2, 3;
