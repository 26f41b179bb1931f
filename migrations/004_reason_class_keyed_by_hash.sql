-- A run's classification of a reason text was keyed by the text itself, and a b-tree entry holds
-- at most 2,704 bytes: one long, incompressible denial reason failed the whole run. The key is now
-- the SHA-256 of the text's UTF-8 bytes (32 bytes, whatever the text's length), computed by the
-- writer; the text is stored in full beside it. billing.v_run_decision joins on the text as before
-- (a hash join, which needs no index).
ALTER TABLE billing.run_reason_class DROP CONSTRAINT run_reason_class_pkey;
ALTER TABLE billing.run_reason_class ADD COLUMN reason_hash bytea;
UPDATE billing.run_reason_class SET reason_hash = sha256(convert_to(reason_text, 'UTF8'));
ALTER TABLE billing.run_reason_class ALTER COLUMN reason_hash SET NOT NULL;
ALTER TABLE billing.run_reason_class ADD PRIMARY KEY (run_id, reason_hash);
