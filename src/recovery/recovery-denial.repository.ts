import type { Queryable } from '../db/db.js';

/** A denial as the recovery workqueue reads it from billing.denial. */
export interface DenialRecord {
  readonly denialId: number;
  readonly clmId: string;
  /** The date aging counts from: the denial date, else the day the denial was recorded. */
  readonly basisDate: string;
  readonly deniedAmountCents: number;
  readonly topCarc: string | null;
  readonly topPrcsg: string | null;
  readonly status: string;
  /** `denial`, or `patient_liability`: only the patient's share (PR-1/2/3) is open. */
  readonly kind: string;
}

/**
 * Every denial of the tenant known by `until` (inclusive), any status. The top CARC is the first
 * of carc_codes; its processing indicator comes from the same table the KPI's 835 mapping uses.
 */
export async function findDenialsUntil(
  db: Queryable,
  tenant: string,
  until: string,
): Promise<DenialRecord[]> {
  return db.query<DenialRecord & Record<string, unknown>>(
    `SELECT d.denial_id AS "denialId",
            d.patient_control_number AS "clmId",
            coalesce(d.denied_on, d.created_at::date) AS "basisDate",
            d.denied_amount_cents AS "deniedAmountCents",
            d.carc_codes[1] AS "topCarc",
            CASE WHEN d.carc_codes[1] IS NULL THEN NULL
                 ELSE coalesce(m.prcsg_cd, CASE split_part(d.carc_codes[1], '-', 1)
                                             WHEN 'CO' THEN 'D' WHEN 'PR' THEN 'A' ELSE 'O' END)
            END AS "topPrcsg",
            d.status, d.kind
     FROM billing.denial d
     LEFT JOIN rcm_reference.kpi_carc_prcsg m ON m.carc = split_part(d.carc_codes[1], '-', 2)
     WHERE d.tenant_id = $1 AND coalesce(d.denied_on, d.created_at::date) <= $2::date
     ORDER BY d.denial_id`,
    [tenant, until],
  );
}

/** The latest aging basis date of the tenant's denials, or null when there are none. */
export async function findLatestDenialDate(db: Queryable, tenant: string): Promise<string | null> {
  const rows = await db.query<{ latest: string | null }>(
    `SELECT max(coalesce(denied_on, created_at::date)) AS latest FROM billing.denial WHERE tenant_id = $1`,
    [tenant],
  );
  return rows[0]?.latest ?? null;
}
