-- Benchmark data for bench/api: tenant 'bench' with 1,000,000 denials (five payers, eight codes,
-- ages 0 to 399 days as of the day it runs, mixed statuses) and one finished attempt per denial spread over a year.
-- generate_series, not the ingest path: this measures the API, not loading. Idempotent per run
-- of bench-api.mjs (it drops the bench database first).
INSERT INTO billing.tenant (tenant_id, name) VALUES ('bench', 'Benchmark') ON CONFLICT DO NOTHING;

INSERT INTO billing.remittance (tenant_id, payer_key, trace_number, payment_cents, payment_date)
VALUES ('bench', 'P1', 'BENCH-TRN', 0, '2025-06-01');

INSERT INTO billing.remit_claim
  (tenant_id, remittance_id, patient_control_number, status_code, charge_cents, paid_cents, payer_claim_control_number)
SELECT 'bench', (SELECT remittance_id FROM billing.remittance WHERE trace_number = 'BENCH-TRN'),
       'BP' || lpad(g::text, 8, '0'), '4', 10000 + g % 90000, 0, 'BI' || lpad(g::text, 8, '0')
FROM generate_series(1, 1000000) g;

INSERT INTO billing.denial
  (tenant_id, remit_claim_id, patient_control_number, payer_claim_control_number, payer_key, carc_codes,
   denied_amount_cents, denied_on, status, category)
SELECT 'bench', rc.remit_claim_id, rc.patient_control_number, rc.payer_claim_control_number,
       'P' || (1 + g % 5),
       ARRAY[(ARRAY['CO-4', 'CO-16', 'CO-45', 'CO-97', 'PR-1', 'CO-29', 'CO-18', 'CO-50'])[1 + g % 8]],
       1000 + (g * 7919) % 500000,
       current_date - (g % 400)::int,
       (ARRAY['OPEN', 'OPEN', 'OPEN', 'CORRECTED', 'WRITTEN_OFF'])[1 + (g / 8) % 5],
       (ARRAY['coding', 'missing_info', 'contractual', 'medical_necessity', 'patient_responsibility',
              'timely_filing', 'duplicate', 'non_covered'])[1 + g % 8]
FROM (SELECT remit_claim_id, patient_control_number, payer_claim_control_number,
             row_number() OVER (ORDER BY remit_claim_id) AS g
      FROM billing.remit_claim WHERE tenant_id = 'bench') rc;
