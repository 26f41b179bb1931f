-- Two indexes that others already cover, written for every claim and claim payment a file posts:
-- remit_claim_pcn (tenant, CLP01) is the leading part of remit_claim_reversal_lookup (tenant,
-- CLP01, CLP07), and claim_pcn (tenant, CLM01) of the claim's unique key (tenant, CLM01, version).
-- Lookups by account number use the wider index as well.
DROP INDEX billing.remit_claim_pcn;
DROP INDEX billing.claim_pcn;
