-- Reference data users load (`reclaim reference import`): payers, modifier-injection rules,
-- authorizations and providers, each row stamped with the load that added it, so that who loaded
-- what and when stays answerable.

CREATE TABLE rcm_reference.reference_load (
  load_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id   text NOT NULL REFERENCES billing.tenant,
  kind        text NOT NULL CHECK (kind IN ('modifier-rules', 'payers', 'authorizations', 'providers')),
  file_name   text NOT NULL,
  checksum    text NOT NULL,                          -- sha256 of the file's bytes
  loaded_by   text NOT NULL,
  loaded_at   timestamptz NOT NULL DEFAULT now(),
  rows_read   integer NOT NULL,
  rows_added  integer NOT NULL,
  rows_changed integer NOT NULL DEFAULT 0,
  -- The same bytes loaded twice for one tenant and kind are one load.
  UNIQUE (tenant_id, kind, checksum)
);

-- Rendering and billing providers: what CO-4 rules trigger on when the 837 does not say it
-- (an 837P carries no credential, and the state only of the addresses it has).
CREATE TABLE billing.provider (
  tenant_id  text NOT NULL REFERENCES billing.tenant,
  npi        text NOT NULL CHECK (npi ~ '^[0-9]{10}$'),
  name       text,
  credential text,                                    -- MD, DO, NP, PA, CRNA ...
  taxonomy   text,                                    -- NUCC provider taxonomy code
  state      text CHECK (state ~ '^[A-Z]{2}$'),       -- where the provider practises
  load_id    bigint REFERENCES rcm_reference.reference_load,
  PRIMARY KEY (tenant_id, npi)
);

ALTER TABLE billing.payer ADD COLUMN load_id bigint REFERENCES rcm_reference.reference_load;
ALTER TABLE rcm_reference.modifier_injection_rule ADD COLUMN load_id bigint REFERENCES rcm_reference.reference_load;
ALTER TABLE billing.authorization ADD COLUMN load_id bigint REFERENCES rcm_reference.reference_load;

-- An authorization is its whole row: loading it again adds nothing.
CREATE UNIQUE INDEX authorization_natural_key ON billing.authorization
  (tenant_id, payer_id, subscriber_id, authorization_number, coalesce(procedure_code, ''), valid_from, valid_to);
