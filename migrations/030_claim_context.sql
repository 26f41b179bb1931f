-- What the correction handlers read beyond claims and remittances: submission evidence, status
-- history, authorizations, claim relationships and the modifier injection rules.

-- Each time a claim version left for the payer (837 sent, clearinghouse accepted ...): CO-29 proof.
CREATE TABLE billing.claim_submission (
  submission_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id         text NOT NULL REFERENCES billing.tenant,
  claim_id          bigint NOT NULL REFERENCES billing.claim ON DELETE CASCADE,
  submitted_at      timestamptz NOT NULL,
  channel           text NOT NULL DEFAULT 'edi',      -- edi, portal, paper
  reference         text,                             -- ISA13 / clearinghouse trace / certified-mail id
  acknowledgement   text                              -- 999/277CA outcome when known
);
CREATE INDEX claim_submission_claim ON billing.claim_submission (claim_id);

-- Claim lifecycle as the payer or clearinghouse reported it (277CA, portal checks).
CREATE TABLE billing.claim_status_history (
  tenant_id   text NOT NULL REFERENCES billing.tenant,
  claim_id    bigint NOT NULL REFERENCES billing.claim ON DELETE CASCADE,
  status      text NOT NULL,
  status_at   timestamptz NOT NULL,
  source      text
);
CREATE INDEX claim_status_history_claim ON billing.claim_status_history (claim_id, status_at);

-- Prior authorizations on file; CO-16 with N479/M51/MA66 rebills with the matching number.
CREATE TABLE billing.authorization (
  authorization_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id            text NOT NULL REFERENCES billing.tenant,
  payer_id             text NOT NULL,
  subscriber_id        text NOT NULL,
  procedure_code       text,                          -- NULL: covers any procedure
  authorization_number text NOT NULL,
  valid_from           date NOT NULL,
  valid_to             date NOT NULL,
  CHECK (valid_from <= valid_to)
);
CREATE INDEX authorization_subscriber ON billing.authorization (tenant_id, subscriber_id, payer_id);

-- Links between claims that are not versions of one another (a duplicate of an earlier claim).
CREATE TABLE billing.claim_relationship (
  tenant_id         text NOT NULL REFERENCES billing.tenant,
  claim_id          bigint NOT NULL REFERENCES billing.claim ON DELETE CASCADE,
  related_claim_id  bigint NOT NULL REFERENCES billing.claim ON DELETE CASCADE,
  relationship_type text NOT NULL CHECK (relationship_type IN ('DUPLICATE')),
  denial_id         bigint REFERENCES billing.denial ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (claim_id, related_claim_id, relationship_type),
  CHECK (claim_id <> related_claim_id)
);

-- CO-4: when the claim's resolved context matches (trigger_type, trigger_value) and a line's
-- procedure code is in scope, the modifier belongs on that line.
CREATE TABLE rcm_reference.modifier_injection_rule (
  rule_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id     text NOT NULL REFERENCES billing.tenant,
  trigger_type  text NOT NULL CHECK (trigger_type IN ('rendering_credential', 'facility_address_state', 'payer_id')),
  trigger_value text NOT NULL,
  scope         text NOT NULL,                        -- '*', a procedure code, or a prefix ending in '*'
  modifier      text NOT NULL CHECK (modifier ~ '^[A-Z0-9]{2}$'),
  UNIQUE (tenant_id, trigger_type, trigger_value, scope, modifier)
);

-- Duplicate search (CO-18, CO-97) looks for the same patient, payer and date of service.
CREATE INDEX claim_duplicate_search ON billing.claim (tenant_id, subscriber_id, service_date_from);

-- Whether a duplicate candidate was paid is read through the claim it answers.
CREATE INDEX remit_claim_claim ON billing.remit_claim (claim_id);
