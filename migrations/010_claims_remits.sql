-- Claims (from 837s and from corrections), remittances (835s) and the denials found in them.
-- Natural keys make posting idempotent; see docs/x12.md for what makes a denial.

-- Payers we know; timely-filing days drive CO-29 appeals and resubmission eligibility.
CREATE TABLE billing.payer (
  tenant_id          text NOT NULL REFERENCES billing.tenant,
  payer_id           text NOT NULL,
  name               text,
  timely_filing_days integer NOT NULL DEFAULT 365,
  PRIMARY KEY (tenant_id, payer_id)
);

-- A claim version. The first submission is version 1 (frequency code from CLM05-3, usually '1');
-- a corrected claim is a new row, frequency '7', pointing at the version it replaces.
CREATE TABLE billing.claim (
  claim_id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id                  text NOT NULL REFERENCES billing.tenant,
  patient_control_number     text NOT NULL,            -- CLM01, echoed back as CLP01
  version                    integer NOT NULL DEFAULT 1,
  replaces_claim_id          bigint REFERENCES billing.claim,
  claim_type                 text NOT NULL DEFAULT 'professional' CHECK (claim_type IN ('professional', 'institutional')),
  frequency_code             text NOT NULL DEFAULT '1', -- CLM05-3
  facility_code              text,                     -- CLM05-1 (place of service / bill type)
  total_charge_cents         bigint NOT NULL,
  payer_id                   text,
  payer_name                 text,
  payer_claim_control_number text,                     -- REF*F8 on a replacement claim
  prior_authorization        text,                     -- REF*G1
  billing_npi                text,
  rendering_npi              text,
  subscriber_id              text,
  patient_last_name          text,
  patient_first_name         text,
  patient_birth_date         date,
  diagnosis_codes            text[] NOT NULL DEFAULT '{}',
  service_date_from          date,
  service_date_to            date,
  -- What the correction handlers read: rendering_credential, facility_address_state, payer_id.
  resolved_context_snapshot  jsonb NOT NULL DEFAULT '{}',
  source_file_id             bigint REFERENCES ingest.source_file,
  source_position            integer,                  -- segment index of CLM in the file
  created_at                 timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, patient_control_number, version)
);

CREATE TABLE billing.claim_line (
  claim_id             bigint NOT NULL REFERENCES billing.claim ON DELETE CASCADE,
  line_number          integer NOT NULL,
  procedure_qualifier  text NOT NULL DEFAULT 'HC',
  procedure_code       text NOT NULL,
  modifiers            text[] NOT NULL DEFAULT '{}',
  revenue_code         text,                           -- SV2 (institutional)
  charge_cents         bigint NOT NULL,
  units                numeric,
  unit_basis           text,
  place_of_service     text,
  diagnosis_pointers   text[] NOT NULL DEFAULT '{}',
  service_date         date,
  PRIMARY KEY (claim_id, line_number)
);

-- One 835 transaction (a payment or a notice). Keyed by payer and TRN trace number.
CREATE TABLE billing.remittance (
  remittance_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id             text NOT NULL REFERENCES billing.tenant,
  payer_key             text NOT NULL,                 -- TRN03 (payer id), else N1*PR name
  trace_number          text NOT NULL,                 -- TRN02
  payer_name            text,
  payee_name            text,
  payee_npi             text,
  handling_code         text,                          -- BPR01
  payment_cents         bigint NOT NULL,               -- BPR02
  payment_method        text,                          -- BPR04
  payment_date          date,                          -- BPR16
  production_date       date,                          -- DTM*405
  source_file_id        bigint REFERENCES ingest.source_file,
  source_position       integer,                       -- segment index of ST
  created_at            timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, payer_key, trace_number)
);

-- One CLP loop. The same claim payment arriving twice (same payer, trace, CLP01, CLP07, CLP02)
-- is one row.
CREATE TABLE billing.remit_claim (
  remit_claim_id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id                    text NOT NULL REFERENCES billing.tenant,
  remittance_id                bigint NOT NULL REFERENCES billing.remittance ON DELETE CASCADE,
  patient_control_number       text NOT NULL,          -- CLP01
  status_code                  text NOT NULL,          -- CLP02 (1,2,3 processed; 4 denied; 22 reversal ...)
  charge_cents                 bigint NOT NULL,        -- CLP03
  paid_cents                   bigint NOT NULL,        -- CLP04
  patient_responsibility_cents bigint NOT NULL DEFAULT 0, -- CLP05
  claim_filing_indicator       text,                   -- CLP06
  payer_claim_control_number   text NOT NULL DEFAULT '', -- CLP07
  facility_code                text,                   -- CLP08
  frequency_code               text,                   -- CLP09
  claim_id                     bigint REFERENCES billing.claim, -- the submitted claim it answers, when known
  reverses_remit_claim_id      bigint REFERENCES billing.remit_claim, -- CLP02 = 22
  service_date_from            date,
  service_date_to              date,
  received_date                date,                   -- DTM*050
  source_position              integer,                -- segment index of CLP
  UNIQUE (tenant_id, remittance_id, patient_control_number, payer_claim_control_number, status_code)
);
CREATE INDEX remit_claim_pcn ON billing.remit_claim (tenant_id, patient_control_number);

-- One SVC loop.
CREATE TABLE billing.remit_line (
  remit_line_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id              text NOT NULL REFERENCES billing.tenant,
  remit_claim_id         bigint NOT NULL REFERENCES billing.remit_claim ON DELETE CASCADE,
  line_number            integer NOT NULL,             -- order within the claim, from 1
  procedure_qualifier    text,
  procedure_code         text,
  modifiers              text[] NOT NULL DEFAULT '{}',
  charge_cents           bigint NOT NULL,              -- SVC02
  paid_cents             bigint NOT NULL,              -- SVC03
  revenue_code           text,                         -- SVC04
  units_paid             numeric,                      -- SVC05
  service_date           date,                         -- DTM*472
  line_control_number    text,                         -- REF*6R
  UNIQUE (remit_claim_id, line_number)
);

-- Every CAS triplet, at claim level (remit_line_id NULL) or line level.
CREATE TABLE billing.remittance_adjustment (
  adjustment_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id       text NOT NULL REFERENCES billing.tenant,
  remit_claim_id  bigint NOT NULL REFERENCES billing.remit_claim ON DELETE CASCADE,
  remit_line_id   bigint REFERENCES billing.remit_line ON DELETE CASCADE,
  group_code      text NOT NULL,                       -- CO, PR, OA, PI (CR in 4010)
  carc            text NOT NULL,                       -- claim adjustment reason code
  amount_cents    bigint NOT NULL,
  quantity        numeric
);
CREATE INDEX remittance_adjustment_claim ON billing.remittance_adjustment (remit_claim_id);

-- RARCs: LQ*HE at line level, MOA/MIA remark fields at claim level.
CREATE TABLE billing.remittance_remark (
  tenant_id       text NOT NULL REFERENCES billing.tenant,
  remit_claim_id  bigint NOT NULL REFERENCES billing.remit_claim ON DELETE CASCADE,
  remit_line_id   bigint REFERENCES billing.remit_line ON DELETE CASCADE,
  source          text NOT NULL CHECK (source IN ('LQ', 'MOA', 'MIA')),
  code            text NOT NULL
);
CREATE INDEX remittance_remark_claim ON billing.remittance_remark (remit_claim_id);

-- PLB provider-level adjustments.
CREATE TABLE billing.provider_adjustment (
  tenant_id       text NOT NULL REFERENCES billing.tenant,
  remittance_id   bigint NOT NULL REFERENCES billing.remittance ON DELETE CASCADE,
  provider_id     text NOT NULL,
  fiscal_period   date,
  reason_code     text NOT NULL,
  reference_id    text,
  amount_cents    bigint NOT NULL
);

-- A denial to be worked: one per remit claim that left money unpaid for a reason other than the
-- contract or the patient's share (see docs/x12.md). carc_codes hold 'GROUP-CARC' ('CO-4').
CREATE TABLE billing.denial (
  denial_id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id            text NOT NULL REFERENCES billing.tenant,
  remit_claim_id       bigint NOT NULL UNIQUE REFERENCES billing.remit_claim ON DELETE CASCADE,
  claim_id             bigint REFERENCES billing.claim,
  patient_control_number text NOT NULL,
  payer_claim_control_number text NOT NULL DEFAULT '',
  payer_key            text NOT NULL,
  carc_codes           text[] NOT NULL,
  rarc_codes           text[] NOT NULL DEFAULT '{}',
  denied_amount_cents  bigint NOT NULL,
  category             text,
  retryable            boolean,
  status               text NOT NULL DEFAULT 'OPEN'
                       CHECK (status IN ('OPEN', 'CORRECTED', 'APPEALED', 'WRITTEN_OFF', 'RESOLVED', 'MANUAL_REVIEW')),
  denied_on            date,
  created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX denial_tenant_status ON billing.denial (tenant_id, status);
CREATE INDEX denial_carcs ON billing.denial USING gin (carc_codes);
