import type { Queryable } from '../db/db.js';
import type { DenialFilter, DenialKind, DenialSort } from '../api/schemas/denials.js';

/** A worklist row as stored (money in cents; the service wraps it). */
export interface DenialRow {
  readonly denialId: number;
  readonly kind: DenialKind;
  readonly claimId: number | null;
  readonly remitClaimId: number;
  readonly patientControlNumber: string;
  readonly payerClaimControlNumber: string;
  readonly payerKey: string;
  readonly carcCodes: string[];
  readonly rarcCodes: string[];
  readonly category: string | null;
  readonly retryable: boolean | null;
  readonly status: string;
  readonly deniedAmountCents: number;
  readonly deniedOn: string | null;
  readonly ageDays: number;
  readonly lastOutcome: string | null;
  readonly assignee: string | null;
  readonly ownerGroup: string | null;
}

export const COLUMNS = `d.denial_id AS "denialId", d.kind, d.claim_id AS "claimId", d.remit_claim_id AS "remitClaimId",
  d.patient_control_number AS "patientControlNumber", d.payer_claim_control_number AS "payerClaimControlNumber",
  d.payer_key AS "payerKey", d.carc_codes AS "carcCodes", d.rarc_codes AS "rarcCodes", d.category,
  d.retryable, d.status, d.denied_amount_cents AS "deniedAmountCents", d.denied_on AS "deniedOn",
  (current_date - COALESCE(d.denied_on, d.created_at::date))::int AS "ageDays", d.last_outcome AS "lastOutcome",
  d.assignee, d.owner_group AS "ownerGroup"`;

/**
 * Each sort with its tiebreak on denial_id in the same direction, so that the tenant-leading
 * indexes of migration 061 serve it and pages never repeat or skip a row.
 */
const ORDER: Record<DenialSort, string> = {
  age: 'd.denied_on DESC NULLS FIRST, d.denial_id DESC',
  '-age': 'd.denied_on ASC NULLS LAST, d.denial_id ASC',
  amount: 'd.denied_amount_cents ASC, d.denial_id ASC',
  '-amount': 'd.denied_amount_cents DESC, d.denial_id DESC',
  carc: 'd.carc_codes[1] ASC, d.denial_id ASC',
  '-carc': 'd.carc_codes[1] DESC, d.denial_id DESC',
  payer: 'd.payer_key ASC, d.denial_id ASC',
  '-payer': 'd.payer_key DESC, d.denial_id DESC',
  lastOutcome: 'd.last_outcome ASC NULLS LAST, d.denial_id ASC',
  '-lastOutcome': 'd.last_outcome DESC NULLS FIRST, d.denial_id DESC',
};

const KIND_LITERALS: Record<DenialKind, string> = {
  denial: 'denial',
  patient_liability: 'patient_liability',
};

/** Age bands as [youngest, oldest] days; the oldest band is open. */
const AGE_BANDS: Record<NonNullable<DenialFilter['ageBand']>, [number, number | null]> = {
  '0-30': [0, 30],
  '31-60': [31, 60],
  '61-90': [61, 90],
  '91-180': [91, 180],
  '181+': [181, null],
};

/**
 * The WHERE clause of a cohort: only the filters given, so each query gets the plan it needs.
 * `owner` must already be resolved (`me` replaced by the caller's subject).
 */
export function cohortWhere(tenantId: string, f: DenialFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [tenantId];
  const and: string[] = ['d.tenant_id = $1'];
  const p = (value: unknown) => `$${params.push(value)}`;
  // A literal, not a parameter: the worklist's indexes are partial on the kind (migration 073),
  // and only a literal lets every plan use them.
  if (f.kind !== 'any') and.push(`d.kind = '${KIND_LITERALS[f.kind]}'`);
  if (f.carc) and.push(`d.carc_codes @> ARRAY[${p(f.carc)}::text]`);
  if (f.group) and.push(`EXISTS (SELECT 1 FROM unnest(d.carc_codes) c WHERE c LIKE ${p(`${f.group}-%`)})`);
  if (f.status) and.push(`d.status = ${p(f.status)}`);
  if (f.category) and.push(`d.category = ${p(f.category)}`);
  if (f.payer) and.push(`d.payer_key = ${p(f.payer)}`);
  if (f.ageBand) {
    const [young, old] = AGE_BANDS[f.ageBand];
    and.push(`d.denied_on <= current_date - ${p(young)}::int`);
    if (old !== null) and.push(`d.denied_on >= current_date - ${p(old)}::int`);
  }
  if (f.minAmountCents !== undefined) and.push(`d.denied_amount_cents >= ${p(f.minAmountCents)}`);
  if (f.maxAmountCents !== undefined) and.push(`d.denied_amount_cents <= ${p(f.maxAmountCents)}`);
  if (f.owner) and.push(`(d.assignee = ${p(f.owner)} OR d.owner_group = $${params.length})`);
  if (f.q) {
    const prefix = `${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    and.push(
      `(d.patient_control_number LIKE ${p(prefix)} OR d.payer_claim_control_number LIKE $${params.length})`,
    );
  }
  return { sql: and.join(' AND '), params };
}

/**
 * Totals are counted exactly up to this many; past it the answer says "at least this many"
 * (`totalCapped`). Counting every match of a broad filter over a million denials took 280 ms of
 * a sequential scan per page at the server; counting to the cap stops early.
 */
export const TOTAL_CAP = 10_000;

/** One page of a tenant's denials matching the filter, and how many match (up to TOTAL_CAP). */
export async function findDenialPage(
  db: Queryable,
  tenantId: string,
  q: DenialFilter & { sort: DenialSort; limit: number; offset: number },
): Promise<{ rows: DenialRow[]; total: number; totalCapped: boolean }> {
  const where = cohortWhere(tenantId, q);
  const n = where.params.length;
  const [rows, count] = await Promise.all([
    db.query<DenialRow & Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM billing.denial d WHERE ${where.sql}
       ORDER BY ${ORDER[q.sort]} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...where.params, q.limit, q.offset],
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::bigint AS n FROM (SELECT 1 FROM billing.denial d WHERE ${where.sql} LIMIT $${n + 1}) c`,
      [...where.params, TOTAL_CAP + 1],
    ),
  ]);
  const counted = count[0]?.n ?? 0;
  return { rows, total: Math.min(counted, TOTAL_CAP), totalCapped: counted > TOTAL_CAP };
}

/** One denial of a tenant; null when it does not exist or belongs to another tenant. */
export async function findDenial(
  db: Queryable,
  tenantId: string,
  denialId: number,
): Promise<DenialRow | null> {
  const rows = await db.query<DenialRow & Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM billing.denial d WHERE d.tenant_id = $1 AND d.denial_id = $2`,
    [tenantId, denialId],
  );
  return rows[0] ?? null;
}

/** Which of these ids are the tenant's denials (another tenant's ids are simply not there). */
export async function findOwnDenialIds(
  db: Queryable,
  tenantId: string,
  ids: readonly number[],
): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT denial_id AS id FROM billing.denial WHERE tenant_id = $1 AND denial_id = ANY($2::bigint[]) ORDER BY 1`,
    [tenantId, [...ids]],
  );
  return rows.map((r) => r.id);
}
