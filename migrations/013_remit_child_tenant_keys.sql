-- Posting a remittance writes a row per service line, adjustment and remark (a 20 MB 835 has a
-- quarter of a million of them), and each foreign key is checked row by row. The tenant of those
-- rows is their claim payment's (billing.remit_claim, which keeps its own key to billing.tenant,
-- and cascades deletes to them), so their second check against billing.tenant only repeats it.
ALTER TABLE billing.remit_line DROP CONSTRAINT remit_line_tenant_id_fkey;
ALTER TABLE billing.remittance_adjustment DROP CONSTRAINT remittance_adjustment_tenant_id_fkey;
ALTER TABLE billing.remittance_remark DROP CONSTRAINT remittance_remark_tenant_id_fkey;
