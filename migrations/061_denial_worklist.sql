-- What the worklist reads fast at a million denials: each denial's latest attempt outcome kept
-- on the denial (sortable and filterable without a per-row lookup), and one index per sort key
-- that leads with the tenant, ending in denial_id so that pages are stable.
ALTER TABLE billing.denial ADD COLUMN last_outcome text, ADD COLUMN last_attempt_id bigint;

UPDATE billing.denial d SET last_outcome = a.status, last_attempt_id = a.attempt_id
FROM (SELECT DISTINCT ON (denial_id) denial_id, attempt_id, status
      FROM billing.auto_correction_attempt ORDER BY denial_id, attempt_id DESC) a
WHERE a.denial_id = d.denial_id;

-- Statement-level, from the transition table: one UPDATE per engine batch, not one per attempt.
CREATE FUNCTION billing.denial_track_last_outcome() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE billing.denial d SET last_outcome = a.status, last_attempt_id = a.attempt_id
  FROM (SELECT DISTINCT ON (denial_id) denial_id, attempt_id, status
        FROM changed ORDER BY denial_id, attempt_id DESC) a
  WHERE a.denial_id = d.denial_id AND (d.last_attempt_id IS NULL OR a.attempt_id >= d.last_attempt_id);
  RETURN NULL;
END
$$;
CREATE TRIGGER auto_correction_attempt_inserted AFTER INSERT ON billing.auto_correction_attempt
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION billing.denial_track_last_outcome();
CREATE TRIGGER auto_correction_attempt_updated AFTER UPDATE ON billing.auto_correction_attempt
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION billing.denial_track_last_outcome();

CREATE INDEX denial_by_age ON billing.denial (tenant_id, denied_on, denial_id);
CREATE INDEX denial_by_amount ON billing.denial (tenant_id, denied_amount_cents, denial_id);
CREATE INDEX denial_by_payer ON billing.denial (tenant_id, payer_key, denial_id);
CREATE INDEX denial_by_carc ON billing.denial (tenant_id, (carc_codes[1]), denial_id);
CREATE INDEX denial_by_outcome ON billing.denial (tenant_id, last_outcome, denial_id);
CREATE INDEX denial_by_status_age ON billing.denial (tenant_id, status, denied_on, denial_id);
CREATE INDEX denial_pcn_prefix ON billing.denial (tenant_id, patient_control_number text_pattern_ops);
CREATE INDEX denial_pccn_prefix ON billing.denial (tenant_id, payer_claim_control_number text_pattern_ops);
