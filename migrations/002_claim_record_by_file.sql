-- ingest.claim_record, one partition per ingested file.
--
-- A file's records are loaded into a partition created in the same transaction. The partition's
-- defaults hold what every record of the file shares (tenant, file id, source system), so a load
-- sends only what differs from row to row; the rows go in frozen (COPY ... FREEZE: never rewritten
-- later to mark them visible); and where wal_level is minimal (the embedded database) the load
-- writes no write-ahead log at all. Reading one file's records touches only its partition, so the
-- BRIN index on (file_id, row_number), maintained row by row during every load, is gone.
ALTER TABLE ingest.claim_record RENAME TO claim_record_before_002;
DROP INDEX ingest.claim_record_position;

CREATE TABLE ingest.claim_record (
  tenant_id      text NOT NULL,
  file_id        bigint NOT NULL,
  row_number     integer NOT NULL,
  source_system  text NOT NULL,
  claim_id       text NOT NULL,
  patient_id     text,
  procedure_code text,
  denial_reason  text,
  status         text,
  submitted_on   date
) PARTITION BY RANGE (file_id);

-- Records stored before this migration stay where they are: one partition for every file id so far.
DO $$
BEGIN
  EXECUTE format(
    'ALTER TABLE ingest.claim_record ATTACH PARTITION ingest.claim_record_before_002 FOR VALUES FROM (MINVALUE) TO (%s)',
    (SELECT coalesce(max(file_id), 0) + 1 FROM ingest.source_file));
END $$;

-- The view named the table it was created on: point it at the partitioned one.
CREATE OR REPLACE VIEW billing.v_run_decision AS
SELECT rf.run_id, r.tenant_id, r.file_id, r.row_number, r.source_system, r.claim_id, r.status,
       r.submitted_on, r.denial_reason, dc.outcome, rc.label, rc.verdict, rc.category, rc.carc,
       rc.confidence, rc.source AS classification_source
FROM billing.run_file rf
JOIN ingest.claim_record r ON r.file_id = rf.file_id
JOIN billing.decision_code dc ON dc.code = get_byte(rf.decision_codes, r.row_number - 1)
LEFT JOIN billing.run_reason_class rc ON rc.run_id = rf.run_id AND rc.reason_text = r.denial_reason;

-- Creates the partition for one file's records and returns its qualified name. Called in the
-- transaction that loads them.
CREATE FUNCTION ingest.create_claim_record_partition(tenant text, file bigint, source text)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  name text := format('claim_record_%s', file);
BEGIN
  EXECUTE format(
    'CREATE TABLE ingest.%I PARTITION OF ingest.claim_record (
       tenant_id DEFAULT %L, file_id DEFAULT %s, source_system DEFAULT %L
     ) FOR VALUES FROM (%s) TO (%s)',
    name, tenant, file, source, file, file + 1);
  RETURN format('ingest.%I', name);
END $$;
