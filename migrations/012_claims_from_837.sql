-- What an 837 says beyond the claim itself: which payer in the coordination of benefits it went
-- to, dental lines, where each submission was read from, and patient liability as a kind of work
-- item. See docs/x12.md ("837 claims", "Matching payments to claims", "What makes a denial").
-- (This runs before 030 on a new database, so it touches only the tables of 010 and 011.)

-- SBR01 of the claim's payer (P primary, S secondary, T tertiary, A-H, U), the other payers named
-- in loop 2330B in file order, and the claim sent to the payer before this one (a COB pair).
ALTER TABLE billing.claim ADD COLUMN payer_responsibility text;
ALTER TABLE billing.claim ADD COLUMN other_payer_ids text[] NOT NULL DEFAULT '{}';
ALTER TABLE billing.claim ADD COLUMN cob_prior_claim_id bigint REFERENCES billing.claim;
ALTER TABLE billing.claim DROP CONSTRAINT claim_claim_type_check;
ALTER TABLE billing.claim ADD CONSTRAINT claim_claim_type_check
  CHECK (claim_type IN ('professional', 'institutional', 'dental'));

-- Dental lines (SV3 with TOO): the teeth with their surfaces, and the oral cavity areas (SV304).
ALTER TABLE billing.claim_line ADD COLUMN teeth jsonb;
ALTER TABLE billing.claim_line ADD COLUMN oral_cavity_areas text[] NOT NULL DEFAULT '{}';

-- Where a submission (billing.claim_submission, same claim, time and reference) was read from:
-- the 837 file, its transaction set, and who sent it to whom. The same transaction read again
-- from other bytes is the same submission.
CREATE TABLE billing.claim_submission_source (
  tenant_id                  text NOT NULL REFERENCES billing.tenant,
  claim_id                   bigint NOT NULL REFERENCES billing.claim ON DELETE CASCADE,
  submitted_at               timestamptz NOT NULL,     -- BHT04/BHT05, else GS04/GS05 (UTC)
  reference                  text NOT NULL DEFAULT '', -- ISA13
  transaction_control_number text NOT NULL DEFAULT '', -- ST02
  source_file_id             bigint REFERENCES ingest.source_file,
  source_position            integer,                  -- segment index of ST
  submitter_id               text,                     -- 1000A NM109
  receiver_id                text,                     -- 1000B NM109
  receiver_name              text,                     -- 1000B NM103
  PRIMARY KEY (claim_id, submitted_at, reference, transaction_control_number)
);

-- A work item is a denial proper or the patient's share to bill (PR-1/2/3 only): the KPI and the
-- worklist keep them apart.
ALTER TABLE billing.denial ADD COLUMN kind text NOT NULL DEFAULT 'denial'
  CHECK (kind IN ('denial', 'patient_liability'));

-- Every id the payer of an 835 goes by (TRN03 with and without its leading '1', N1*PR N104,
-- REF*2U): a payment is matched to the claim sent to one of them (see docs/x12.md).
ALTER TABLE billing.remittance ADD COLUMN payer_ids text[] NOT NULL DEFAULT '{}';
