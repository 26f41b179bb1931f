-- X12 posting: keys that keep every claim payment of an 835, and provenance per remit claim.

-- The same (CLP01, CLP07, CLP02) can occur more than once in one payment (one check covering
-- several visits of a family billed under one account). `occurrence` numbers them in file order,
-- so re-posting the same 835, or the same payment from another file, still matches row for row.
ALTER TABLE billing.remit_claim ADD COLUMN occurrence integer NOT NULL DEFAULT 1;
DO $$
DECLARE
  name text;
BEGIN
  SELECT conname INTO name FROM pg_constraint
   WHERE conrelid = 'billing.remit_claim'::regclass AND contype = 'u';
  EXECUTE format('ALTER TABLE billing.remit_claim DROP CONSTRAINT %I', name);
END $$;
ALTER TABLE billing.remit_claim ADD CONSTRAINT remit_claim_natural_key
  UNIQUE (tenant_id, remittance_id, patient_control_number, payer_claim_control_number, status_code, occurrence);

-- A payment can be completed by a later file; each claim row names the file it came from.
ALTER TABLE billing.remit_claim ADD COLUMN source_file_id bigint REFERENCES ingest.source_file;

-- Reversals (CLP02 = 22) look up the payment they reverse by account and payer control number.
CREATE INDEX remit_claim_reversal_lookup
  ON billing.remit_claim (tenant_id, patient_control_number, payer_claim_control_number);

-- Re-sent 837 claims are recognised by account number and content.
CREATE INDEX claim_pcn ON billing.claim (tenant_id, patient_control_number);
