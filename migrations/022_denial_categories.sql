-- Denial categories under CAQH CORE's four business scenarios (operating rule 360): the top level
-- a payer's denial reporting uses. Rows come from src/codes/categories.ts through migration 023.
CREATE TABLE rcm_reference.denial_category (
  category   text PRIMARY KEY,
  scenario   text CHECK (scenario IN ('missing_documentation', 'missing_claim_data', 'not_covered', 'not_separately_payable')),
  title      text NOT NULL,
  -- The verdict for free text in the category; the decision table still decides per code.
  retryable  boolean NOT NULL,
  -- The concrete next action a billing operator is told.
  action     text NOT NULL
);
