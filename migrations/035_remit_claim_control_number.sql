-- A PLB offset names the payment it takes back by CLP07: linking looks claim payments up by it.
CREATE INDEX remit_claim_control_number ON billing.remit_claim (tenant_id, payer_claim_control_number);
