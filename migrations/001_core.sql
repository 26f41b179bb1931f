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

-- A normalised EMR export row, traceable to its file and row.
-- High-volume: no foreign keys (a per-row trigger each); integrity comes from loading a file's rows
-- in the same transaction as its ingest.source_file row.
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
  submitted_on   date,
  PRIMARY KEY (file_id, row_number)
);

-- One batch run of `reclaim run`.
CREATE TABLE billing.batch_run (
  run_id       uuid PRIMARY KEY,
  tenant_id    text NOT NULL REFERENCES billing.tenant,
  as_of        date NOT NULL,
  status       text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  options      jsonb NOT NULL,
  metrics      jsonb,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);

-- The one decision a run made about each record it read.
CREATE TABLE billing.run_decision (
  run_id            uuid NOT NULL REFERENCES billing.batch_run ON DELETE CASCADE,
  file_id           bigint NOT NULL,
  row_number        integer NOT NULL,
  claim_id          text NOT NULL,
  label             text NOT NULL,
  confidence        real NOT NULL,
  source            text NOT NULL,
  eligible          boolean NOT NULL,
  exclusion_reason  text,
  PRIMARY KEY (run_id, file_id, row_number),
  FOREIGN KEY (file_id, row_number) REFERENCES ingest.claim_record (file_id, row_number) ON DELETE CASCADE
);
