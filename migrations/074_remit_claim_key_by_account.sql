-- A claim payment's natural key (remittance, CLP01, CLP07, CLP02, occurrence within the payment,
-- per tenant) leads with the account instead of the remittance. It is then also the index that
-- finds an account's payments (linking payments to claims, CLP01 = CLM01) and the payment a
-- reversal undoes (same CLP01 and CLP07), which remit_claim_reversal_lookup kept as a second copy
-- of the same text columns: one text index fewer for every claim payment posted (on a 20 MB 835,
-- 0.1–0.2 s of PGlite's time and about 0.06 s of the server's). The payments of one remittance are
-- found by remit_claim_remittance, a btree on an id that grows with each file (cheap to keep); the
-- old key, which led with the tenant, could not serve that lookup without it, nor the cascade from
-- a deleted remittance.
ALTER TABLE billing.remit_claim DROP CONSTRAINT remit_claim_natural_key;
ALTER TABLE billing.remit_claim ADD CONSTRAINT remit_claim_natural_key
  UNIQUE (tenant_id, patient_control_number, payer_claim_control_number, remittance_id, status_code, occurrence);
DROP INDEX billing.remit_claim_reversal_lookup;
CREATE INDEX remit_claim_remittance ON billing.remit_claim (remittance_id);
