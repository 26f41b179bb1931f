-- Realised recovery: the money a later 835 actually pays for a corrected claim or an appeal,
-- linked to the attempt that produced it, net of what the payer takes back afterwards.

-- Offsets (PLB) are linked one by one, so each needs an identity.
ALTER TABLE billing.provider_adjustment ADD COLUMN provider_adjustment_id bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE billing.provider_adjustment ADD PRIMARY KEY (provider_adjustment_id);

-- One row per piece of evidence: a payment of the corrected or appealed claim, a reversal
-- (CLP02 = 22) or PLB offset undoing such a payment, or an answer denying it again.
CREATE TABLE billing.recovery_realisation (
  realisation_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id              text NOT NULL REFERENCES billing.tenant,
  attempt_id             bigint NOT NULL REFERENCES billing.auto_correction_attempt ON DELETE CASCADE,
  kind                   text NOT NULL CHECK (kind IN ('payment', 'reversal', 'offset', 'denied_again')),
  remit_claim_id         bigint REFERENCES billing.remit_claim ON DELETE CASCADE,
  provider_adjustment_id bigint REFERENCES billing.provider_adjustment ON DELETE CASCADE,
  undoes_realisation_id  bigint REFERENCES billing.recovery_realisation ON DELETE CASCADE,
  amount_cents           bigint NOT NULL,               -- signed: takebacks are negative
  cash_date              date,                          -- BPR16 of the 835 that moved the money
  created_at             timestamptz NOT NULL DEFAULT now(),
  CHECK ((remit_claim_id IS NULL) <> (provider_adjustment_id IS NULL))
);
-- A remittance claim or an offset is evidence for one attempt only: linking again adds nothing.
CREATE UNIQUE INDEX recovery_realisation_remit ON billing.recovery_realisation (remit_claim_id)
  WHERE remit_claim_id IS NOT NULL;
CREATE UNIQUE INDEX recovery_realisation_offset ON billing.recovery_realisation (provider_adjustment_id)
  WHERE provider_adjustment_id IS NOT NULL;
CREATE INDEX recovery_realisation_attempt ON billing.recovery_realisation (attempt_id);

-- Projected (recovered_amount_cents, set when the attempt succeeds) beside realised.
ALTER TABLE billing.auto_correction_attempt
  ADD COLUMN realised_amount_cents bigint NOT NULL DEFAULT 0,
  ADD COLUMN first_cash_date date,
  ADD COLUMN denied_again boolean NOT NULL DEFAULT false;

-- Linking looks at one file's claim payments at a time, and finds later answers to a denied
-- claim by account number.
CREATE INDEX remit_claim_source_file ON billing.remit_claim (source_file_id);
CREATE INDEX denial_pcn ON billing.denial (tenant_id, patient_control_number);
CREATE INDEX provider_adjustment_reference ON billing.provider_adjustment (tenant_id, reference_id);

-- The success rate gains what came back: realised cents, and the share of what was at stake
-- (the denied amount of succeeded rebills and appeals) that did.
DROP VIEW billing.v_auto_correction_success_rate;
DROP FUNCTION billing.auto_correction_success_rate(date, date);
CREATE FUNCTION billing.auto_correction_success_rate(p_since date, p_until date)
RETURNS TABLE (
  tenant_id text, carc_code text, attempts bigint, successes bigint, failures bigint, skipped bigint,
  success_rate double precision, recovered_amount_cents bigint, realised_amount_cents bigint,
  at_stake_cents bigint, realised_share double precision, denied_again bigint
)
LANGUAGE sql STABLE AS $$
  SELECT a.tenant_id,
         a.carc_code,
         count(*),
         count(*) FILTER (WHERE a.status = 'SUCCESS'),
         count(*) FILTER (WHERE a.status = 'FAILED'),
         count(*) FILTER (WHERE a.status = 'SKIPPED'),
         round(count(*) FILTER (WHERE a.status = 'SUCCESS')::numeric / count(*), 4)::double precision,
         COALESCE(sum(a.recovered_amount_cents) FILTER (WHERE a.status = 'SUCCESS'), 0)::bigint,
         COALESCE(sum(a.realised_amount_cents) FILTER (WHERE a.status = 'SUCCESS'), 0)::bigint,
         COALESCE(sum(d.denied_amount_cents) FILTER (WHERE a.status = 'SUCCESS' AND a.strategy IN
           ('MODIFIER_CORRECTION', 'MISSING_INFO_REBILL', 'TIMELY_FILING_APPEAL', 'ADJUDICATION_APPEAL')), 0)::bigint,
         round(COALESCE(sum(a.realised_amount_cents) FILTER (WHERE a.status = 'SUCCESS'), 0)::numeric
               / NULLIF(sum(d.denied_amount_cents) FILTER (WHERE a.status = 'SUCCESS' AND a.strategy IN
                 ('MODIFIER_CORRECTION', 'MISSING_INFO_REBILL', 'TIMELY_FILING_APPEAL', 'ADJUDICATION_APPEAL')), 0),
               4)::double precision,
         count(*) FILTER (WHERE a.status = 'SUCCESS' AND a.denied_again)
  FROM billing.auto_correction_attempt a
  JOIN billing.denial d ON d.denial_id = a.denial_id
  WHERE a.status <> 'PENDING'
    AND (p_since IS NULL OR (a.finished_at AT TIME ZONE 'UTC')::date >= p_since)
    AND (p_until IS NULL OR (a.finished_at AT TIME ZONE 'UTC')::date <= p_until)
  GROUP BY a.tenant_id, a.carc_code
$$;

CREATE VIEW billing.v_auto_correction_success_rate AS
  SELECT * FROM billing.auto_correction_success_rate(NULL, NULL);

-- Realised recovery per handler, code and payer, with the days from correction to cash.
CREATE VIEW billing.v_realised_recovery AS
  SELECT a.tenant_id, a.handler_name, a.carc_code, d.payer_key,
         count(*) AS successes,
         count(*) FILTER (WHERE a.first_cash_date IS NOT NULL) AS paid,
         count(*) FILTER (WHERE a.denied_again) AS denied_again,
         sum(a.recovered_amount_cents)::bigint AS projected_amount_cents,
         sum(a.realised_amount_cents)::bigint AS realised_amount_cents,
         round(avg(a.first_cash_date - (a.finished_at AT TIME ZONE 'UTC')::date), 1)::double precision AS avg_days_to_cash
  FROM billing.auto_correction_attempt a
  JOIN billing.denial d ON d.denial_id = a.denial_id
  WHERE a.status = 'SUCCESS'
  GROUP BY a.tenant_id, a.handler_name, a.carc_code, d.payer_key;
