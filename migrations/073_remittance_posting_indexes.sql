-- What an 835 costs to post is mostly index upkeep, not rows (docs/x12.md, "Benchmark: ingest"):
-- a 20 MB 835 wrote its 285,000 rows in about 0.3 s of the server's time and kept their 25 indexes
-- in about 1.9 s more. This migration keeps the indexes that reads need and drops the rest.

-- 1. The worklist's indexes cover denials only. Nearly every paid claim payment leaves a patient
-- share (PR-1/2/3), so patient-liability items outnumber denials many times over on a real 835,
-- and the PatientLiabilityHandler, not an operator, works them. The worklist lists one kind at a
-- time (`kind`, default `denial`) with that kind as a literal in its WHERE clause, so these partial
-- indexes serve every denial page as the full ones did; patient-liability items get one index of
-- their own, by account number (linking finds an account's items of each kind by it). Every update of an item (status, last outcome) touches fewer indexes too.
DROP INDEX billing.denial_by_age;
DROP INDEX billing.denial_by_amount;
DROP INDEX billing.denial_by_payer;
DROP INDEX billing.denial_by_carc;
DROP INDEX billing.denial_by_outcome;
DROP INDEX billing.denial_by_status_age;
DROP INDEX billing.denial_by_status_amount;
DROP INDEX billing.denial_by_status_payer;
DROP INDEX billing.denial_pcn_prefix;
DROP INDEX billing.denial_pccn_prefix;
DROP INDEX billing.denial_carcs;
CREATE INDEX denial_by_age ON billing.denial (tenant_id, denied_on, denial_id) WHERE kind = 'denial';
CREATE INDEX denial_by_amount ON billing.denial (tenant_id, denied_amount_cents, denial_id) WHERE kind = 'denial';
CREATE INDEX denial_by_payer ON billing.denial (tenant_id, payer_key, denial_id) WHERE kind = 'denial';
CREATE INDEX denial_by_carc ON billing.denial (tenant_id, (carc_codes[1]), denial_id) WHERE kind = 'denial';
CREATE INDEX denial_by_outcome ON billing.denial (tenant_id, last_outcome, denial_id) WHERE kind = 'denial';
CREATE INDEX denial_by_status_age ON billing.denial (tenant_id, status, denied_on, denial_id)
  WHERE kind = 'denial';
CREATE INDEX denial_by_status_amount ON billing.denial (tenant_id, status, denied_amount_cents, denial_id)
  WHERE kind = 'denial';
CREATE INDEX denial_by_status_payer ON billing.denial (tenant_id, status, payer_key) WHERE kind = 'denial';
CREATE INDEX denial_pcn_prefix ON billing.denial (tenant_id, patient_control_number text_pattern_ops)
  WHERE kind = 'denial';
CREATE INDEX denial_pccn_prefix ON billing.denial (tenant_id, payer_claim_control_number text_pattern_ops)
  WHERE kind = 'denial';
CREATE INDEX denial_carcs ON billing.denial USING gin (carc_codes) WHERE kind = 'denial';
CREATE INDEX denial_patient_liability ON billing.denial (tenant_id, patient_control_number)
  WHERE kind = 'patient_liability';

-- 2. A claim payment's lines, adjustments and remarks are written once, in the order of their
-- claim payment's id (a file draws its ids in one block under its insert lock), and read only
-- together with their claim payment. A block-range (BRIN) index on remit_claim_id finds them at
-- almost no cost to keep; posting summarises the new ranges at the end of each file
-- (`brin_summarize_new_values`), since PGlite runs no autovacuum. The btree indexes they replace
-- cost more to keep than the rows themselves. A line's number within its claim payment is
-- assigned by the reader, one per line in order, so its unique constraint checked nothing posting
-- could get wrong; an adjustment's own id is referenced by nothing and keeps only its order.
ALTER TABLE billing.remit_line DROP CONSTRAINT remit_line_remit_claim_id_line_number_key;
CREATE INDEX remit_line_claim ON billing.remit_line USING brin (remit_claim_id) WITH (pages_per_range = 4);
DROP INDEX billing.remittance_adjustment_claim;
ALTER TABLE billing.remittance_adjustment DROP CONSTRAINT remittance_adjustment_pkey;
CREATE INDEX remittance_adjustment_claim ON billing.remittance_adjustment USING brin (remit_claim_id)
  WITH (pages_per_range = 4);
DROP INDEX billing.remittance_remark_claim;
CREATE INDEX remittance_remark_claim ON billing.remittance_remark USING brin (remit_claim_id)
  WITH (pages_per_range = 4);

-- Posting analyses remit_claim_id of these tables where it has no statistics or the table has
-- grown by a tenth (`keepStatistics`: the planner reads a BRIN index only when it knows the
-- column follows the table's order); a small sample is enough to tell.
ALTER TABLE billing.remit_line ALTER COLUMN remit_claim_id SET STATISTICS 10;
ALTER TABLE billing.remittance_adjustment ALTER COLUMN remit_claim_id SET STATISTICS 10;
ALTER TABLE billing.remittance_remark ALTER COLUMN remit_claim_id SET STATISTICS 10;

-- 3. Most claim payments arrive before the claim they answer is linked (or never name one on
-- file): only linked ones are looked up by claim.
DROP INDEX billing.remit_claim_claim;
CREATE INDEX remit_claim_claim ON billing.remit_claim (claim_id) WHERE claim_id IS NOT NULL;

-- Posting analyses, after a file that leaves a table without statistics or grows it by a tenth,
-- the columns lookups and the linking statements use (`keepStatistics`): PGlite never analyses on
-- its own. A small sample is enough for them (row counts, order, near-unique account numbers, few
-- tenants, kinds and statuses).
ALTER TABLE billing.remit_claim ALTER COLUMN patient_control_number SET STATISTICS 10,
  ALTER COLUMN tenant_id SET STATISTICS 10, ALTER COLUMN source_file_id SET STATISTICS 10;
ALTER TABLE billing.denial ALTER COLUMN patient_control_number SET STATISTICS 10,
  ALTER COLUMN tenant_id SET STATISTICS 10, ALTER COLUMN kind SET STATISTICS 10,
  ALTER COLUMN status SET STATISTICS 10;
ALTER TABLE billing.claim ALTER COLUMN patient_control_number SET STATISTICS 10,
  ALTER COLUMN tenant_id SET STATISTICS 10;

-- Statistics for the BRIN lookups from the start.
ANALYZE billing.remit_line (remit_claim_id), billing.remittance_adjustment (remit_claim_id),
  billing.remittance_remark (remit_claim_id);
