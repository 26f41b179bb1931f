-- The worklist nearly always filters on status (OPEN): indexes leading with (tenant, status)
-- for the amount sort and for the payer filter, so that a status-filtered page sorted by amount
-- reads its 50 rows in order and its capped total is an index-only count.
CREATE INDEX denial_by_status_amount ON billing.denial (tenant_id, status, denied_amount_cents, denial_id);
CREATE INDEX denial_by_status_payer ON billing.denial (tenant_id, status, payer_key);
