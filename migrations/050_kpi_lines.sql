-- Denial-rate KPI, locked definition (docs/kpi.md): loaded carrier lines and the views that
-- classify and count them. The definition lives here, in one place, so the CLI report, the API
-- and the UI all read the same numbers.

-- One file of carrier lines read into the KPI store. Re-reading the same bytes is recognised by checksum.
CREATE TABLE billing.kpi_line_load (
  load_id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id         text NOT NULL REFERENCES billing.tenant,
  layout            text NOT NULL CHECK (layout IN ('desynpuf', 'rif', 'idr', 'reclaim')),
  file_name         text NOT NULL,
  checksum_sha256   text NOT NULL,
  records_read      bigint NOT NULL DEFAULT 0,
  lines_loaded      bigint NOT NULL DEFAULT 0,
  records_quarantined bigint NOT NULL DEFAULT 0,
  loaded_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, checksum_sha256)
);

-- One carrier claim line, reduced to what the definition reads. High-volume (tens of millions):
-- no foreign keys or indexes; integrity comes from loading a file's lines in the same transaction
-- as its kpi_line_load row. prcsg_cd is the raw code, trimmed, NULL when blank.
CREATE TABLE billing.kpi_carrier_line (
  tenant_id                text NOT NULL,
  load_id                  bigint NOT NULL,
  claim_ref                text NOT NULL,
  line_num                 integer NOT NULL,
  svc_dt                   date,
  prcsg_cd                 text,
  primary_payer_cd         text,
  primary_payer_paid_cents bigint NOT NULL DEFAULT 0
);

-- Records of a KPI file that could not be read, with the reason; position 1 = first data row.
CREATE TABLE billing.kpi_line_quarantine (
  tenant_id text NOT NULL,
  load_id   bigint NOT NULL REFERENCES billing.kpi_line_load ON DELETE CASCADE,
  position  bigint NOT NULL,
  reason    text NOT NULL,
  PRIMARY KEY (load_id, position)
);

-- Lines per load, service week, processing indicator and other-payer evidence: everything the
-- locked definition reads, counted once when a file is loaded (in the same transaction), so the
-- weekly KPI never has to rescan tens of millions of lines. Rebuildable from kpi_carrier_line.
CREATE TABLE billing.kpi_line_summary (
  tenant_id         text NOT NULL,
  load_id           bigint NOT NULL REFERENCES billing.kpi_line_load ON DELETE CASCADE,
  week_start        date,
  prcsg_cd          text,
  has_primary_payer boolean NOT NULL,
  lines             bigint NOT NULL
);
CREATE INDEX kpi_line_summary_load ON billing.kpi_line_summary (tenant_id, load_id);
