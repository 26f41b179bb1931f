-- Core: schemas, tenants, the record of every input file, quarantine, data-quality issues, batch runs.
CREATE SCHEMA IF NOT EXISTS billing;
CREATE SCHEMA IF NOT EXISTS rcm_reference;
CREATE SCHEMA IF NOT EXISTS ingest;

CREATE TABLE billing.tenant (
  tenant_id  text PRIMARY KEY,
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO billing.tenant (tenant_id, name) VALUES ('default', 'Default tenant');

-- One row per distinct input file per source: re-reading the same bytes is recognised by checksum.
CREATE TABLE ingest.source_file (
  file_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id        text NOT NULL REFERENCES billing.tenant,
  source_system    text NOT NULL,
  format           text NOT NULL CHECK (format IN ('csv', 'json', 'ndjson', 'x12-835', 'x12-837')),
  file_name        text NOT NULL,
  checksum_sha256  text NOT NULL,
  size_bytes       bigint NOT NULL,
  rows_read        integer NOT NULL DEFAULT 0,
  rows_accepted    integer NOT NULL DEFAULT 0,
  rows_quarantined integer NOT NULL DEFAULT 0,
  ingested_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, source_system, checksum_sha256)
);

-- Every input record that could not be accepted, with the reason; `position` is the row number
-- (1 = first data row) for tabular files and the segment index for X12.
CREATE TABLE ingest.quarantine (
  tenant_id text NOT NULL REFERENCES billing.tenant,
  file_id   bigint NOT NULL REFERENCES ingest.source_file ON DELETE CASCADE,
  position  integer NOT NULL,
  reason    text NOT NULL,
  detail    text,
  raw       text,
  PRIMARY KEY (file_id, position)
);

-- Values that were accepted but could not be read (an unparseable date becomes missing, never a guess).
CREATE TABLE ingest.data_quality_issue (
  tenant_id text NOT NULL REFERENCES billing.tenant,
  file_id   bigint NOT NULL REFERENCES ingest.source_file ON DELETE CASCADE,
  position  integer NOT NULL,
  field     text NOT NULL,
  issue     text NOT NULL,
  raw_value text
);
CREATE INDEX data_quality_issue_file ON ingest.data_quality_issue (file_id);

-- A normalised EMR export row, traceable to its file and row. High-volume: no foreign keys and
-- no b-tree on (file_id, row_number) (together they tripled the cost of a million-row load);
-- integrity comes from loading a file's rows in the same transaction as its ingest.source_file
-- row, and rows arrive in (file_id, row_number) order, which a BRIN index serves almost for free.
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
);
CREATE INDEX claim_record_position ON ingest.claim_record USING brin (file_id, row_number);

-- One batch run of `reclaim run`. Marked 'running' before work starts (in its own transaction), so
-- a run that died is visible as such.
CREATE TABLE billing.batch_run (
  run_id       uuid PRIMARY KEY,
  tenant_id    text NOT NULL REFERENCES billing.tenant,
  as_of        date NOT NULL,
  status       text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  options      jsonb NOT NULL,
  metrics      jsonb,
  error        text,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);

-- Exclusion reasons in precedence order (code 0 is "candidate"); see docs/batch-run.md.
CREATE TABLE billing.decision_code (
  code    smallint PRIMARY KEY,
  outcome text NOT NULL UNIQUE
);
INSERT INTO billing.decision_code (code, outcome) VALUES
  (0, 'candidate'), (1, 'not_denied'), (2, 'missing_denial_reason'), (3, 'non_retryable'),
  (4, 'ambiguous_classification'), (5, 'missing_patient_id'), (6, 'missing_submitted_at'),
  (7, 'too_recent'), (8, 'timely_filing_expired'), (9, 'duplicate_claim'), (255, 'quarantined');

-- The decisions a run made about one input file: one byte per record, in row order
-- (byte i is row i + 1), coded by billing.decision_code. A million decisions cost one megabyte
-- and one row instead of a million rows; billing.v_run_decision expands them.
CREATE TABLE billing.run_file (
  run_id          uuid NOT NULL REFERENCES billing.batch_run ON DELETE CASCADE,
  file_id         bigint NOT NULL REFERENCES ingest.source_file,
  input_order     integer NOT NULL,
  already_ingested boolean NOT NULL,
  decision_codes  bytea NOT NULL,
  PRIMARY KEY (run_id, file_id)
);

-- How a run classified each distinct denial-reason text it met.
CREATE TABLE billing.run_reason_class (
  run_id      uuid NOT NULL REFERENCES billing.batch_run ON DELETE CASCADE,
  reason_text text NOT NULL,
  label       text NOT NULL,
  verdict     text NOT NULL,
  category    text,
  carc        text,
  confidence  real NOT NULL,
  source      text NOT NULL,
  version     text NOT NULL,
  PRIMARY KEY (run_id, reason_text)
);

-- Every record of a run with its one outcome and the classification of its reason.
CREATE VIEW billing.v_run_decision AS
SELECT rf.run_id, r.tenant_id, r.file_id, r.row_number, r.source_system, r.claim_id, r.status,
       r.submitted_on, r.denial_reason, dc.outcome, rc.label, rc.verdict, rc.category, rc.carc,
       rc.confidence, rc.source AS classification_source
FROM billing.run_file rf
JOIN ingest.claim_record r ON r.file_id = rf.file_id
JOIN billing.decision_code dc ON dc.code = get_byte(rf.decision_codes, r.row_number - 1)
LEFT JOIN billing.run_reason_class rc ON rc.run_id = rf.run_id AND rc.reason_text = r.denial_reason;
