-- The locked denial-rate definition (docs/kpi.md). The classification of a line lives in one
-- function, billing.kpi_prcsg_bucket; every view below goes through it, so the CLI report, the API
-- and the UI cannot disagree.

-- The Monday of a date's week, by integer arithmetic (0001-01-01 was a Monday): immutable and
-- independent of the session time zone, unlike date_trunc on a date.
CREATE FUNCTION billing.kpi_week_start(d date) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT d - ((d - DATE '0001-01-01') % 7) $$;

-- The bucket of a line, from its processing indicator and whether another payer is involved
-- (a primary-payer code or a primary-payer payment). Buckets are mutually exclusive; MSP/COB is
-- decided first, because another payer's involvement overrides whatever Medicare's code says.
CREATE FUNCTION billing.kpi_prcsg_bucket(prcsg_cd text, has_primary_payer boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE
  WHEN has_primary_payer
    OR prcsg_cd IN ('S', 'G', 'H', 'J', 'K', 'Q', 'T', 'U', 'V', 'X', 'Y',
                    '00', '12', '13', '14', '15', '16', '17', '18', '21', '22', '25', '26') THEN 'MSP_COB'
  WHEN prcsg_cd = 'A' THEN 'ALLOWED'
  WHEN prcsg_cd IN ('C', 'D', 'I', 'L', 'N', 'O', 'P', 'Z') THEN 'DENIED'
  WHEN prcsg_cd IN ('M', 'R') THEN 'ADMIN'
  WHEN prcsg_cd = 'B' THEN 'BENEFITS_EXHAUSTED'
  ELSE 'UNKNOWN'
END $$;

-- Whether another payer is involved in a line: a primary-payer code or a primary-payer payment.
CREATE FUNCTION billing.kpi_has_primary_payer(primary_payer_cd text, primary_payer_paid_cents bigint) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT primary_payer_cd IS NOT NULL OR primary_payer_paid_cents > 0 $$;

-- Every line the KPI can count, whatever its origin. Carrier files carry their own processing
-- indicator; lines derived from ingested 835s get one from billing.v_kpi_remit_line (051).
CREATE VIEW billing.v_kpi_line AS
SELECT tenant_id, 'carrier'::text AS source, load_id, claim_ref, line_num, svc_dt, prcsg_cd,
       billing.kpi_has_primary_payer(primary_payer_cd, primary_payer_paid_cents) AS has_primary_payer
FROM billing.kpi_carrier_line
UNION ALL
SELECT tenant_id, 'remit_835'::text, NULL::bigint, remit_claim_id::text, line_num, svc_dt, prcsg_cd, false
FROM billing.v_kpi_remit_line;

-- The definition line by line, with the flags named as in the locked document. The flags derive
-- from the bucket, so an excluded line can never reach the numerator or the denominator.
CREATE VIEW billing.v_kpi_line_enriched AS
SELECT b.*,
       b.prcsg_bucket = 'MSP_COB' AS is_msp_cob,
       b.prcsg_bucket = 'UNKNOWN' AS is_unknown_prcsg,
       b.prcsg_bucket IN ('ALLOWED', 'DENIED') AS is_comparable,
       b.prcsg_bucket = 'DENIED' AS is_denial_rate
FROM (
  SELECT l.*, billing.kpi_week_start(l.svc_dt) AS week_start,
         billing.kpi_prcsg_bucket(l.prcsg_cd, l.has_primary_payer) AS prcsg_bucket
  FROM billing.v_kpi_line l
) b;

-- What the definition reads, counted: lines per tenant, source, load, service week, processing
-- indicator and other-payer evidence. Carrier lines come from the summary written at load time;
-- 835-derived lines are counted on the fly (they are few, and change as remittances arrive).
CREATE VIEW billing.v_kpi_line_groups AS
SELECT tenant_id, 'carrier'::text AS source, load_id, week_start, prcsg_cd, has_primary_payer, lines AS n
FROM billing.kpi_line_summary
UNION ALL
SELECT tenant_id, 'remit_835'::text, NULL::bigint, billing.kpi_week_start(svc_dt), prcsg_cd, false, count(*)
FROM billing.v_kpi_remit_line
GROUP BY tenant_id, billing.kpi_week_start(svc_dt), prcsg_cd;

-- Counts per tenant, source, load and service week: what every KPI output is built from. The
-- definition is applied once per group of identical inputs, which gives the same result as line
-- by line (test/kpi/definition.test.ts holds the two equal). The leakage columns re-check the
-- definition on the raw inputs, independently of the bucket, and must always be 0.
CREATE VIEW billing.v_kpi_weekly_counts AS
WITH classified AS (
  SELECT g.*, bucket = 'MSP_COB' AS is_msp_cob, bucket = 'UNKNOWN' AS is_unknown_prcsg,
         bucket IN ('ALLOWED', 'DENIED') AS is_comparable, bucket = 'DENIED' AS is_denial_rate, bucket
  FROM billing.v_kpi_line_groups g,
       LATERAL (SELECT billing.kpi_prcsg_bucket(g.prcsg_cd, g.has_primary_payer) AS bucket) b
)
SELECT tenant_id, source, load_id, week_start,
       sum(n)::bigint AS lines,
       coalesce(sum(n) FILTER (WHERE is_comparable), 0)::bigint AS comparable_lines,
       coalesce(sum(n) FILTER (WHERE is_denial_rate), 0)::bigint AS denial_lines,
       coalesce(sum(n) FILTER (WHERE bucket = 'ALLOWED'), 0)::bigint AS allowed_lines,
       coalesce(sum(n) FILTER (WHERE is_msp_cob), 0)::bigint AS msp_cob_lines,
       coalesce(sum(n) FILTER (WHERE bucket = 'ADMIN'), 0)::bigint AS admin_lines,
       coalesce(sum(n) FILTER (WHERE bucket = 'BENEFITS_EXHAUSTED'), 0)::bigint AS benefits_exhausted_lines,
       coalesce(sum(n) FILTER (WHERE is_unknown_prcsg), 0)::bigint AS unknown_prcsg_lines,
       coalesce(sum(n) FILTER (WHERE is_msp_cob AND is_comparable), 0)::bigint AS leak_msp_comparable,
       coalesce(sum(n) FILTER (WHERE is_msp_cob AND is_denial_rate), 0)::bigint AS leak_msp_denial,
       coalesce(sum(n) FILTER (WHERE bucket = 'MSP_COB' AND is_denial_rate), 0)::bigint AS leak_bucket_msp_denial,
       coalesce(sum(n) FILTER (WHERE is_comparable AND (prcsg_cd IS NULL OR prcsg_cd NOT IN
                  ('A', 'C', 'D', 'I', 'L', 'N', 'O', 'P', 'Z'))), 0)::bigint AS leak_comparable_code,
       coalesce(sum(n) FILTER (WHERE is_comparable AND has_primary_payer), 0)::bigint AS leak_comparable_msp_evidence
FROM classified
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
