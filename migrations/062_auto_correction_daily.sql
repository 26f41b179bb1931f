-- The success rate at a million attempts without reading them: attempt outcomes summed per
-- (tenant, UTC day, CARC), kept by statement-level triggers in the transaction that writes the
-- attempts. Each row is split into a few shards by backend so concurrent engines do not queue on
-- one counter row; readers sum the shards. billing.auto_correction_success_rate (the view's
-- function, over the attempts themselves) stays the definition; a test holds the two equal.
CREATE TABLE billing.auto_correction_daily (
  tenant_id              text NOT NULL,
  day                    date NOT NULL,
  carc_code              text NOT NULL,
  shard                  smallint NOT NULL,
  attempts               bigint NOT NULL,
  successes              bigint NOT NULL,
  failures               bigint NOT NULL,
  skipped                bigint NOT NULL,
  recovered_amount_cents bigint NOT NULL,
  PRIMARY KEY (tenant_id, day, carc_code, shard)
);

-- Adds signed outcome counts (PENDING is work in progress, not an outcome).
CREATE FUNCTION billing.auto_correction_daily_add(delta jsonb) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO billing.auto_correction_daily AS t
    (tenant_id, day, carc_code, shard, attempts, successes, failures, skipped, recovered_amount_cents)
  SELECT d.tenant_id, d.day, d.carc_code, (pg_backend_pid() % 8)::smallint,
         sum(d.sign), COALESCE(sum(d.sign) FILTER (WHERE d.status = 'SUCCESS'), 0),
         COALESCE(sum(d.sign) FILTER (WHERE d.status = 'FAILED'), 0),
         COALESCE(sum(d.sign) FILTER (WHERE d.status = 'SKIPPED'), 0),
         COALESCE(sum(d.sign * d.recovered_amount_cents) FILTER (WHERE d.status = 'SUCCESS'), 0)
  FROM jsonb_to_recordset(delta) AS d(tenant_id text, day date, carc_code text, status text,
                                      recovered_amount_cents bigint, sign integer)
  GROUP BY d.tenant_id, d.day, d.carc_code
  ORDER BY d.tenant_id, d.day, d.carc_code
  ON CONFLICT (tenant_id, day, carc_code, shard) DO UPDATE SET
    attempts = t.attempts + excluded.attempts,
    successes = t.successes + excluded.successes,
    failures = t.failures + excluded.failures,
    skipped = t.skipped + excluded.skipped,
    recovered_amount_cents = t.recovered_amount_cents + excluded.recovered_amount_cents
$$;

CREATE FUNCTION billing.auto_correction_daily_on_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM billing.auto_correction_daily_add(jsonb_agg(r)) FROM (
    SELECT tenant_id, (COALESCE(finished_at, claimed_at) AT TIME ZONE 'UTC')::date AS day, carc_code, status,
           recovered_amount_cents, 1 AS sign
    FROM new_rows WHERE status <> 'PENDING') r HAVING count(*) > 0;
  RETURN NULL;
END
$$;

CREATE FUNCTION billing.auto_correction_daily_on_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM billing.auto_correction_daily_add(jsonb_agg(r)) FROM (
    SELECT tenant_id, (COALESCE(finished_at, claimed_at) AT TIME ZONE 'UTC')::date AS day, carc_code, status,
           recovered_amount_cents, 1 AS sign
    FROM new_rows WHERE status <> 'PENDING'
    UNION ALL
    SELECT tenant_id, (COALESCE(finished_at, claimed_at) AT TIME ZONE 'UTC')::date, carc_code, status,
           recovered_amount_cents, -1
    FROM old_rows WHERE status <> 'PENDING') r HAVING count(*) > 0;
  RETURN NULL;
END
$$;

CREATE FUNCTION billing.auto_correction_daily_on_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM billing.auto_correction_daily_add(jsonb_agg(r)) FROM (
    SELECT tenant_id, (COALESCE(finished_at, claimed_at) AT TIME ZONE 'UTC')::date AS day, carc_code, status,
           recovered_amount_cents, -1 AS sign
    FROM old_rows WHERE status <> 'PENDING') r HAVING count(*) > 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER auto_correction_daily_inserted AFTER INSERT ON billing.auto_correction_attempt
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION billing.auto_correction_daily_on_insert();
CREATE TRIGGER auto_correction_daily_updated AFTER UPDATE ON billing.auto_correction_attempt
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION billing.auto_correction_daily_on_update();
CREATE TRIGGER auto_correction_daily_deleted AFTER DELETE ON billing.auto_correction_attempt
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION billing.auto_correction_daily_on_delete();

INSERT INTO billing.auto_correction_daily
  (tenant_id, day, carc_code, shard, attempts, successes, failures, skipped, recovered_amount_cents)
SELECT tenant_id, (COALESCE(finished_at, claimed_at) AT TIME ZONE 'UTC')::date, carc_code, 0, count(*),
       count(*) FILTER (WHERE status = 'SUCCESS'), count(*) FILTER (WHERE status = 'FAILED'),
       count(*) FILTER (WHERE status = 'SKIPPED'),
       COALESCE(sum(recovered_amount_cents) FILTER (WHERE status = 'SUCCESS'), 0)
FROM billing.auto_correction_attempt WHERE status <> 'PENDING'
GROUP BY 1, 2, 3;
