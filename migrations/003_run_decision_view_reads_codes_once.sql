-- billing.v_run_decision read each record's outcome with get_byte on the file's decision codes,
-- and get_byte takes its argument whole: a file of more than a few thousand records has its codes
-- stored compressed out of line, so every record decompressed all of them again (half a megabyte
-- per record for a 500,000-record file: about 2 ms a record on the embedded database, over half an
-- hour for a million-record run). The codes are now made a plain value once per file (byteacat
-- returns a fresh, uncompressed copy; OFFSET 0 keeps the subquery from being merged into the
-- join), and each record reads one byte of it: the same million-record run in about a second.
CREATE OR REPLACE VIEW billing.v_run_decision AS
SELECT rf.run_id, r.tenant_id, r.file_id, r.row_number, r.source_system, r.claim_id, r.status,
       r.submitted_on, r.denial_reason, dc.outcome, rc.label, rc.verdict, rc.category, rc.carc,
       rc.confidence, rc.source AS classification_source
FROM billing.run_file rf
CROSS JOIN LATERAL (SELECT rf.decision_codes || '\x'::bytea AS codes OFFSET 0) d
JOIN ingest.claim_record r ON r.file_id = rf.file_id
JOIN billing.decision_code dc ON dc.code = get_byte(d.codes, r.row_number - 1)
LEFT JOIN billing.run_reason_class rc ON rc.run_id = rf.run_id AND rc.reason_text = r.denial_reason;
