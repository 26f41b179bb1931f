import type { Tx } from '../db/db.js';
import type { AuthorizationRow, ModifierRuleRow, PayerRow, ProviderRow, ReferenceKind } from './kinds.js';

/** What one load did to a table. */
export interface LoadedRows {
  readonly added: number;
  readonly changed: number;
}

export interface ReferenceLoad {
  readonly loadId: number;
  readonly kind: ReferenceKind;
  readonly fileName: string;
  readonly checksum: string;
  readonly loadedBy: string;
  readonly loadedAt: string;
  readonly rowsRead: number;
  readonly rowsAdded: number;
  readonly rowsChanged: number;
}

/** Tenants are named by configuration; the first load for one makes it known. */
export async function ensureTenant(tx: Tx, tenantId: string): Promise<void> {
  await tx.query(
    `INSERT INTO billing.tenant (tenant_id, name) VALUES ($1, $1) ON CONFLICT (tenant_id) DO NOTHING`,
    [tenantId],
  );
}

export async function findLoadByChecksum(
  tx: Tx,
  tenantId: string,
  kind: ReferenceKind,
  checksum: string,
): Promise<ReferenceLoad | undefined> {
  const rows = await selectLoads(tx, 'tenant_id = $1 AND kind = $2 AND checksum = $3', [
    tenantId,
    kind,
    checksum,
  ]);
  return rows[0];
}

export async function findLoads(tx: Tx, tenantId: string, kind: ReferenceKind): Promise<ReferenceLoad[]> {
  return selectLoads(tx, 'tenant_id = $1 AND kind = $2', [tenantId, kind]);
}

async function selectLoads(tx: Tx, where: string, params: unknown[]): Promise<ReferenceLoad[]> {
  const rows = await tx.query<{
    load_id: number;
    kind: ReferenceKind;
    file_name: string;
    checksum: string;
    loaded_by: string;
    loaded_at: string;
    rows_read: number;
    rows_added: number;
    rows_changed: number;
  }>(
    `SELECT load_id, kind, file_name, checksum, loaded_by,
            to_char(loaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS loaded_at,
            rows_read, rows_added, rows_changed
     FROM rcm_reference.reference_load WHERE ${where} ORDER BY load_id`,
    params,
  );
  return rows.map((r) => ({
    loadId: r.load_id,
    kind: r.kind,
    fileName: r.file_name,
    checksum: r.checksum,
    loadedBy: r.loaded_by,
    loadedAt: r.loaded_at,
    rowsRead: r.rows_read,
    rowsAdded: r.rows_added,
    rowsChanged: r.rows_changed,
  }));
}

export async function insertLoad(
  tx: Tx,
  load: {
    tenantId: string;
    kind: ReferenceKind;
    fileName: string;
    checksum: string;
    loadedBy: string;
    rowsRead: number;
  },
): Promise<number> {
  const rows = await tx.query<{ load_id: number }>(
    `INSERT INTO rcm_reference.reference_load (tenant_id, kind, file_name, checksum, loaded_by, rows_read, rows_added)
     VALUES ($1, $2, $3, $4, $5, $6, 0) RETURNING load_id`,
    [load.tenantId, load.kind, load.fileName, load.checksum, load.loadedBy, load.rowsRead],
  );
  return rows[0]!.load_id;
}

export async function updateLoadCounts(tx: Tx, loadId: number, counts: LoadedRows): Promise<void> {
  await tx.query(
    `UPDATE rcm_reference.reference_load SET rows_added = $2, rows_changed = $3 WHERE load_id = $1`,
    [loadId, counts.added, counts.changed],
  );
}

/** Upserts payers by id: a new payer is added, a changed name or filing window is updated. */
export async function upsertPayers(
  tx: Tx,
  tenantId: string,
  loadId: number,
  rows: readonly PayerRow[],
): Promise<LoadedRows> {
  const out = await tx.query<{ added: boolean }>(
    `INSERT INTO billing.payer AS p (tenant_id, payer_id, name, timely_filing_days, load_id)
     SELECT DISTINCT ON (x.payer_id) $1, x.payer_id, x.name, x.timely_filing_days, $2
     FROM ROWS FROM (jsonb_to_recordset($3::jsonb) AS (payer_id text, name text, timely_filing_days int))
          WITH ORDINALITY AS x(payer_id, name, timely_filing_days, n)
     ORDER BY x.payer_id, x.n DESC
     ON CONFLICT (tenant_id, payer_id) DO UPDATE
       SET name = excluded.name, timely_filing_days = excluded.timely_filing_days, load_id = excluded.load_id
       WHERE (p.name, p.timely_filing_days) IS DISTINCT FROM (excluded.name, excluded.timely_filing_days)
     RETURNING (xmax = 0) AS added`,
    [tenantId, loadId, JSON.stringify(rows)],
  );
  return count(out);
}

/** Upserts providers by NPI. */
export async function upsertProviders(
  tx: Tx,
  tenantId: string,
  loadId: number,
  rows: readonly ProviderRow[],
): Promise<LoadedRows> {
  const out = await tx.query<{ added: boolean }>(
    `INSERT INTO billing.provider AS p (tenant_id, npi, name, credential, taxonomy, state, load_id)
     SELECT DISTINCT ON (x.npi) $1, x.npi, x.name, x.credential, x.taxonomy, x.state, $2
     FROM ROWS FROM (jsonb_to_recordset($3::jsonb) AS (npi text, name text, credential text, taxonomy text, state text))
          WITH ORDINALITY AS x(npi, name, credential, taxonomy, state, n)
     ORDER BY x.npi, x.n DESC
     ON CONFLICT (tenant_id, npi) DO UPDATE
       SET name = excluded.name, credential = excluded.credential, taxonomy = excluded.taxonomy,
           state = excluded.state, load_id = excluded.load_id
       WHERE (p.name, p.credential, p.taxonomy, p.state)
             IS DISTINCT FROM (excluded.name, excluded.credential, excluded.taxonomy, excluded.state)
     RETURNING (xmax = 0) AS added`,
    [tenantId, loadId, JSON.stringify(rows)],
  );
  return count(out);
}

/** A rule is its whole row: one already on file is left alone. */
export async function insertModifierRules(
  tx: Tx,
  tenantId: string,
  loadId: number,
  rows: readonly ModifierRuleRow[],
): Promise<LoadedRows> {
  const out = await tx.query(
    `INSERT INTO rcm_reference.modifier_injection_rule (tenant_id, trigger_type, trigger_value, scope, modifier, load_id)
     SELECT $1, x.trigger_type, x.trigger_value, x.scope, x.modifier, $2
     FROM jsonb_to_recordset($3::jsonb) AS x(trigger_type text, trigger_value text, scope text, modifier text)
     ON CONFLICT (tenant_id, trigger_type, trigger_value, scope, modifier) DO NOTHING
     RETURNING 1`,
    [tenantId, loadId, JSON.stringify(rows)],
  );
  return { added: out.length, changed: 0 };
}

/** An authorization is its whole row: one already on file is left alone. */
export async function insertAuthorizations(
  tx: Tx,
  tenantId: string,
  loadId: number,
  rows: readonly AuthorizationRow[],
): Promise<LoadedRows> {
  const out = await tx.query(
    `INSERT INTO billing.authorization (tenant_id, payer_id, subscriber_id, procedure_code, authorization_number,
       valid_from, valid_to, load_id)
     SELECT $1, x.payer_id, x.subscriber_id, x.procedure_code, x.authorization_number, x.valid_from, x.valid_to, $2
     FROM jsonb_to_recordset($3::jsonb) AS x(payer_id text, subscriber_id text, procedure_code text,
          authorization_number text, valid_from date, valid_to date)
     ON CONFLICT (tenant_id, payer_id, subscriber_id, authorization_number, (coalesce(procedure_code, '')), valid_from, valid_to)
     DO NOTHING
     RETURNING 1`,
    [tenantId, loadId, JSON.stringify(rows)],
  );
  return { added: out.length, changed: 0 };
}

function count(rows: readonly { added: boolean }[]): LoadedRows {
  const added = rows.filter((r) => r.added).length;
  return { added, changed: rows.length - added };
}
