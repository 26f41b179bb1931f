-- Reference code sets for denial classification: CARC, RARC, adjustment groups, Medicare line
-- processing indicators, and the decision table. Rows are loaded by 021 (generated from
-- src/codes/data). Each set records where it came from and which version it is.

CREATE TABLE rcm_reference.code_set (
  code_set     text PRIMARY KEY,
  version      text NOT NULL,
  source       text NOT NULL,
  licence      text NOT NULL,
  loaded_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rcm_reference.carc (
  code            text PRIMARY KEY,
  description     text NOT NULL,
  active          boolean NOT NULL,
  effective_from  date,
  effective_to    date
);

CREATE TABLE rcm_reference.rarc (
  code            text PRIMARY KEY,
  description     text,
  effective_from  date,
  effective_to    date
);

CREATE TABLE rcm_reference.adjustment_group (
  code         text PRIMARY KEY,
  description  text NOT NULL
);

-- Medicare carrier/DME line processing indicator; category maps it onto denial categories.
CREATE TABLE rcm_reference.processing_indicator (
  code         text PRIMARY KEY,
  description  text NOT NULL,
  category     text
);

-- One row per (group, CARC, RARC) of src/codes/data/decision-table.tsv; '*' means any.
CREATE TABLE rcm_reference.denial_decision (
  group_code      text NOT NULL,
  carc            text NOT NULL,
  rarc            text NOT NULL,
  verdict         text NOT NULL CHECK (verdict IN ('retryable', 'non_retryable', 'ambiguous')),
  category        text NOT NULL,
  strategies      text[] NOT NULL DEFAULT '{}',
  never_automate  boolean NOT NULL,
  table_version   text NOT NULL,
  PRIMARY KEY (group_code, carc, rarc)
);
