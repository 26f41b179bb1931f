-- One finished attempt for each of 100,000 bench denials after :after (run ten times: each
-- statement's transition table stays 100,000 rows for the roll-up and last-outcome triggers).
INSERT INTO billing.auto_correction_attempt
  (tenant_id, correlation_id, denial_id, handler_name, carc_code, strategy, status, recovered_amount_cents,
   claimed_at, finished_at)
SELECT 'bench', 'bench-seed', d.denial_id, 'BenchHandler', d.carc_codes[1], 'MODIFIER_CORRECTION',
       (ARRAY['SUCCESS', 'SUCCESS', 'FAILED', 'SKIPPED'])[1 + d.denial_id % 4],
       CASE WHEN d.denial_id % 4 < 2 THEN d.denied_amount_cents ELSE 0 END,
       timestamptz '2025-09-01 12:00Z' - (d.denial_id % 365) * interval '1 day',
       timestamptz '2025-09-01 12:00Z' - (d.denial_id % 365) * interval '1 day'
FROM billing.denial d
WHERE d.tenant_id = 'bench' AND d.denial_id > $1
ORDER BY d.denial_id LIMIT 100000;
