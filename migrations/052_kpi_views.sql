-- The locked denial-rate definition as views (docs/kpi.md).

-- Every line the KPI can count, whatever its origin. Carrier files carry their own processing
-- indicator; lines derived from ingested 835s get one from billing.v_kpi_remit_line (051).
CREATE VIEW billing.v_kpi_line AS
SELECT tenant_id, 'carrier'::text AS source, load_id, claim_ref, line_num, svc_dt, prcsg_cd,
       primary_payer_cd, primary_payer_paid_cents
FROM billing.kpi_carrier_line
UNION ALL
SELECT tenant_id, 'remit_835'::text, NULL::bigint, remit_claim_id::text, line_num, svc_dt, prcsg_cd,
       NULL::text, 0::bigint
FROM billing.v_kpi_remit_line;

-- The locked definition, line by line. Buckets are mutually exclusive; the flags are derived
-- from the bucket so that an excluded line can never reach the numerator or the denominator.
CREATE VIEW billing.v_kpi_line_enriched AS
WITH bucketed AS (
  SELECT l.*,
         (date_trunc('week', l.svc_dt))::date AS week_start,
         CASE
           -- MSP/COB first: another payer's involvement overrides whatever Medicare's code says.
           WHEN l.prcsg_cd IN ('S', 'G', 'H', 'J', 'K', 'Q', 'T', 'U', 'V', 'X', 'Y',
                               '00', '12', '13', '14', '15', '16', '17', '18', '21', '22', '25', '26')
             OR l.primary_payer_cd IS NOT NULL
             OR l.primary_payer_paid_cents > 0 THEN 'MSP_COB'
           WHEN l.prcsg_cd = 'A' THEN 'ALLOWED'
           WHEN l.prcsg_cd IN ('C', 'D', 'I', 'L', 'N', 'O', 'P', 'Z') THEN 'DENIED'
           WHEN l.prcsg_cd IN ('M', 'R') THEN 'ADMIN'
           WHEN l.prcsg_cd = 'B' THEN 'BENEFITS_EXHAUSTED'
           ELSE 'UNKNOWN'
         END AS prcsg_bucket
  FROM billing.v_kpi_line l
)
SELECT b.*,
       b.prcsg_bucket = 'MSP_COB' AS is_msp_cob,
       b.prcsg_bucket = 'UNKNOWN' AS is_unknown_prcsg,
       b.prcsg_bucket IN ('ALLOWED', 'DENIED') AS is_comparable,
       b.prcsg_bucket = 'DENIED' AS is_denial_rate
FROM bucketed b;

-- Counts per tenant, source, load and service week: the one scan every KPI output is built from.
-- The three leakage columns re-check the definition on the raw inputs (code and MSP evidence),
-- independently of the bucket, and must always be 0.
CREATE VIEW billing.v_kpi_weekly_counts AS
SELECT tenant_id, source, load_id, week_start,
       count(*) AS lines,
       count(*) FILTER (WHERE is_comparable) AS comparable_lines,
       count(*) FILTER (WHERE is_denial_rate) AS denial_lines,
       count(*) FILTER (WHERE prcsg_bucket = 'ALLOWED') AS allowed_lines,
       count(*) FILTER (WHERE is_msp_cob) AS msp_cob_lines,
       count(*) FILTER (WHERE prcsg_bucket = 'ADMIN') AS admin_lines,
       count(*) FILTER (WHERE prcsg_bucket = 'BENEFITS_EXHAUSTED') AS benefits_exhausted_lines,
       count(*) FILTER (WHERE is_unknown_prcsg) AS unknown_prcsg_lines,
       count(*) FILTER (WHERE is_msp_cob AND is_comparable) AS leak_msp_comparable,
       count(*) FILTER (WHERE is_msp_cob AND is_denial_rate) AS leak_msp_denial,
       count(*) FILTER (WHERE prcsg_bucket = 'MSP_COB' AND is_denial_rate) AS leak_bucket_msp_denial,
       count(*) FILTER (WHERE is_comparable AND (prcsg_cd IS NULL OR prcsg_cd NOT IN
                          ('A', 'C', 'D', 'I', 'L', 'N', 'O', 'P', 'Z'))) AS leak_comparable_code,
       count(*) FILTER (WHERE is_comparable AND (primary_payer_cd IS NOT NULL
                          OR primary_payer_paid_cents > 0)) AS leak_comparable_msp_evidence
FROM billing.v_kpi_line_enriched
GROUP BY tenant_id, source, load_id, week_start;

-- The weekly KPI per tenant and source. A week counts once all seven of its days are mature
-- (service date <= as-of - 60 days), that is from `complete_on` = week_start + 66 days:
-- consumers filter `complete_on <= as_of`.
CREATE VIEW billing.v_kpi_denial_rate_weekly AS
SELECT tenant_id, source, week_start,
       week_start + 66 AS complete_on,
       sum(lines)::bigint AS lines,
       sum(comparable_lines)::bigint AS comparable_lines,
       sum(denial_lines)::bigint AS denial_lines,
       sum(unknown_prcsg_lines)::bigint AS unknown_prcsg_lines,
       sum(msp_cob_lines)::bigint AS msp_cob_lines,
       sum(admin_lines)::bigint AS admin_lines,
       sum(benefits_exhausted_lines)::bigint AS benefits_exhausted_lines,
       CASE WHEN sum(comparable_lines) > 0
            THEN sum(denial_lines)::numeric / sum(comparable_lines) END AS denial_rate,
       sum(unknown_prcsg_lines)::numeric / sum(lines) AS unknown_prcsg_share
FROM billing.v_kpi_weekly_counts
WHERE week_start IS NOT NULL
GROUP BY tenant_id, source, week_start;
