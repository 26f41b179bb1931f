-- Lines derived from ingested 835s, given a processing-indicator-like code so that the locked
-- denial-rate definition (052) can count them beside CMS carrier lines. The rule is written out
-- in docs/kpi.md ("Lines from 835 remittances"); this file is its only implementation.

-- Which processing indicator a claim adjustment reason stands for, when a line was not paid.
-- When several of a line's adjustments map, the lowest precedence wins. Reference data: no tenant.
CREATE TABLE rcm_reference.kpi_carc_prcsg (
  carc       text PRIMARY KEY,
  prcsg_cd   text NOT NULL,
  precedence smallint NOT NULL,
  meaning    text NOT NULL
);

INSERT INTO rcm_reference.kpi_carc_prcsg (carc, prcsg_cd, precedence, meaning) VALUES
  ('18',  'M', 10, 'exact duplicate claim/service'),
  ('22',  'S', 20, 'may be covered by another payer per coordination of benefits'),
  ('23',  'S', 20, 'impact of prior payer adjudication'),
  ('119', 'B', 30, 'benefit maximum for this time period reached'),
  ('35',  'B', 30, 'lifetime benefit maximum reached'),
  ('97',  'Z', 40, 'included in the allowance for another service (bundled)'),
  ('234', 'Z', 40, 'procedure is not paid separately'),
  ('50',  'N', 50, 'not deemed a medical necessity'),
  ('56',  'N', 50, 'not deemed medically necessary or appropriate'),
  ('150', 'N', 50, 'information submitted does not support this level of service'),
  ('151', 'N', 50, 'information submitted does not support this many services'),
  ('55',  'N', 50, 'experimental or investigational'),
  ('96',  'C', 60, 'non-covered charge'),
  ('204', 'C', 60, 'not covered under the current benefit plan'),
  ('49',  'C', 60, 'routine or preventive service not covered'),
  ('109', 'C', 60, 'not covered by this payer or contractor'),
  ('26',  'C', 60, 'expenses incurred before coverage'),
  ('27',  'C', 60, 'expenses incurred after coverage terminated'),
  ('4',   'I', 70, 'procedure code inconsistent with the modifier, or modifier missing'),
  ('5',   'I', 70, 'procedure code or bill type inconsistent with the place of service'),
  ('6',   'I', 70, 'procedure inconsistent with the patient''s age'),
  ('7',   'I', 70, 'procedure inconsistent with the patient''s gender'),
  ('11',  'I', 70, 'diagnosis inconsistent with the procedure'),
  ('16',  'I', 70, 'claim lacks information or has submission/billing errors'),
  ('140', 'I', 70, 'patient/insured health identification number and name do not match'),
  ('146', 'I', 70, 'diagnosis was invalid for the date of service'),
  ('181', 'I', 70, 'procedure code was invalid on the date of service'),
  ('182', 'I', 70, 'procedure modifier was invalid on the date of service'),
  ('29',  'D', 80, 'time limit for filing has expired'),
  ('15',  'D', 80, 'authorization number missing, invalid or not applicable'),
  ('197', 'D', 80, 'precertification/authorization absent'),
  ('45',  'A', 90, 'charge exceeds fee schedule (contractual, not a denial)'),
  ('253', 'A', 90, 'sequestration'),
  ('94',  'A', 90, 'processed in excess of charges');

-- One row per 835 service line (SVC), or one per claim payment (CLP) that has no service lines.
-- Precedence, first match wins:
--   CLP02 = 22 (reversal of a previous payment)             -> 'R' (admin, excluded)
--   CLP02 in 2, 3 (processed as secondary / tertiary)       -> 'S' (COB, excluded)
--   line paid amount > 0                                    -> 'A' (allowed)
--   a CO/OA/PI adjustment whose CARC is in kpi_carc_prcsg   -> that code (lowest precedence)
--   any other CO adjustment                                 -> 'D' (denied)
--   any other OA/PI/CR adjustment                           -> 'O' (other)
--   PR adjustments only (patient's share, nothing paid)     -> 'A' (allowed, applied to the patient)
--   no adjustment at all                                    -> NULL (unknown, tracked)
-- A line's own adjustments decide; a line without any, or a claim without lines, uses the
-- claim-level ones.
CREATE VIEW billing.v_kpi_remit_line AS
WITH line AS (
  SELECT rc.tenant_id, rc.remit_claim_id, rc.status_code, rl.remit_line_id,
         coalesce(rl.line_number, 0) AS line_num,
         coalesce(rl.service_date, rc.service_date_from) AS svc_dt,
         coalesce(rl.paid_cents, rc.paid_cents) AS paid_cents
  FROM billing.remit_claim rc
  LEFT JOIN billing.remit_line rl ON rl.remit_claim_id = rc.remit_claim_id
)
SELECT l.tenant_id, l.remit_claim_id, l.remit_line_id, l.line_num, l.svc_dt,
       CASE
         WHEN l.status_code = '22' THEN 'R'
         WHEN l.status_code IN ('2', '3') THEN 'S'
         WHEN l.paid_cents > 0 THEN 'A'
         WHEN a.mapped_cd IS NOT NULL THEN a.mapped_cd
         WHEN a.has_co THEN 'D'
         WHEN a.has_other THEN 'O'
         WHEN a.has_pr THEN 'A'
       END AS prcsg_cd
FROM line l
CROSS JOIN LATERAL (
  SELECT (array_agg(m.prcsg_cd ORDER BY m.precedence, m.carc)
            FILTER (WHERE m.prcsg_cd IS NOT NULL AND adj.group_code <> 'PR'))[1] AS mapped_cd,
         coalesce(bool_or(adj.group_code = 'CO'), false) AS has_co,
         coalesce(bool_or(adj.group_code IN ('OA', 'PI', 'CR')), false) AS has_other,
         coalesce(bool_or(adj.group_code = 'PR'), false) AS has_pr
  FROM billing.remittance_adjustment adj
  LEFT JOIN rcm_reference.kpi_carc_prcsg m ON m.carc = adj.carc
  WHERE adj.remit_claim_id = l.remit_claim_id
    AND (adj.remit_line_id = l.remit_line_id
         OR (adj.remit_line_id IS NULL
             AND (l.remit_line_id IS NULL
                  OR NOT EXISTS (SELECT 1 FROM billing.remittance_adjustment own
                                 WHERE own.remit_line_id = l.remit_line_id))))
) a;
