-- Two of billing.denial's seventeen indexes answer nothing another does not: (tenant_id, status)
-- is the leading part of denial_by_status_age, _amount and _payer (migration 061), and
-- (tenant_id, patient_control_number) is served for equality by denial_pcn_prefix, whose
-- text_pattern_ops class has the = operator too. Every denial an 835 posts, and every correction
-- (last outcome, status), wrote both: each non-HOT update of a denial touches every index.
DROP INDEX IF EXISTS billing.denial_tenant_status;
DROP INDEX IF EXISTS billing.denial_pcn;
