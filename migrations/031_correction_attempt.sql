-- The auto-correction engine's record: one live attempt per (denial, handler), appeals it files,
-- and the success rate per CARC.

CREATE TABLE billing.auto_correction_attempt (
  attempt_id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id              text NOT NULL REFERENCES billing.tenant,
  org_id                 text,
  correlation_id         text NOT NULL,
  denial_id              bigint NOT NULL REFERENCES billing.denial ON DELETE CASCADE,
  handler_name           text NOT NULL,
  carc_code              text NOT NULL,                -- the denial code the handler matched ('CO-4')
  strategy               text,
  status                 text NOT NULL CHECK (status IN ('SUCCESS', 'FAILED', 'SKIPPED', 'PENDING')),
  details                jsonb NOT NULL DEFAULT '{}',
  failure_reason         text,
  rebilled_claim_id      bigint REFERENCES billing.claim,
  recovered_amount_cents bigint NOT NULL DEFAULT 0,
  -- Which engine holds a PENDING slot, and since when: a slot older than the stale timeout is
  -- taken over, so a crashed process never blocks a denial for good.
  claim_token            uuid,
  claimed_at             timestamptz NOT NULL DEFAULT now(),
  finished_at            timestamptz
);

-- FAILED rows do not hold the slot: retrying after a transient error is always allowed.
CREATE UNIQUE INDEX ux_auto_correction_denial_handler_live
  ON billing.auto_correction_attempt (denial_id, handler_name) WHERE status <> 'FAILED';
CREATE INDEX auto_correction_attempt_denial ON billing.auto_correction_attempt (denial_id, attempt_id);
CREATE INDEX auto_correction_attempt_pending ON billing.auto_correction_attempt (claimed_at) WHERE status = 'PENDING';

-- A level-1 appeal filed by a handler, with the evidence it rests on.
CREATE TABLE billing.appeal (
  appeal_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id   text NOT NULL REFERENCES billing.tenant,
  denial_id   bigint NOT NULL REFERENCES billing.denial ON DELETE CASCADE,
  claim_id    bigint REFERENCES billing.claim,
  attempt_id  bigint NOT NULL REFERENCES billing.auto_correction_attempt ON DELETE CASCADE,
  level       integer NOT NULL DEFAULT 1,
  reason      text NOT NULL CHECK (reason IN ('TIMELY_FILING', 'ADJUDICATION')),
  proof       jsonb NOT NULL DEFAULT '{}',
  status      text NOT NULL DEFAULT 'FILED',
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appeal_denial ON billing.appeal (denial_id);

-- Outcomes per CARC over a window of UTC days (NULL bounds: all time). PENDING is work in
-- progress, not an outcome, so it is not counted.
CREATE FUNCTION billing.auto_correction_success_rate(p_since date, p_until date)
RETURNS TABLE (
  tenant_id text, carc_code text, attempts bigint, successes bigint, failures bigint, skipped bigint,
  success_rate double precision, recovered_amount_cents bigint
)
LANGUAGE sql STABLE AS $$
  SELECT a.tenant_id,
         a.carc_code,
         count(*),
         count(*) FILTER (WHERE a.status = 'SUCCESS'),
         count(*) FILTER (WHERE a.status = 'FAILED'),
         count(*) FILTER (WHERE a.status = 'SKIPPED'),
         round(count(*) FILTER (WHERE a.status = 'SUCCESS')::numeric / count(*), 4)::double precision,
         COALESCE(sum(a.recovered_amount_cents) FILTER (WHERE a.status = 'SUCCESS'), 0)::bigint
  FROM billing.auto_correction_attempt a
  WHERE a.status <> 'PENDING'
    AND (p_since IS NULL OR (a.finished_at AT TIME ZONE 'UTC')::date >= p_since)
    AND (p_until IS NULL OR (a.finished_at AT TIME ZONE 'UTC')::date <= p_until)
  GROUP BY a.tenant_id, a.carc_code
$$;

CREATE VIEW billing.v_auto_correction_success_rate AS
  SELECT * FROM billing.auto_correction_success_rate(NULL, NULL);
