import type { Queryable } from '../db/db.js';

export interface TenantRow {
  readonly id: string;
  readonly name: string;
}

export async function findTenant(db: Queryable, id: string): Promise<TenantRow | null> {
  const rows = await db.query<{ id: string; name: string }>(
    'SELECT tenant_id AS id, name FROM billing.tenant WHERE tenant_id = $1',
    [id],
  );
  return rows[0] ?? null;
}

export async function listTenants(db: Queryable): Promise<TenantRow[]> {
  return db.query<{ id: string; name: string }>(
    'SELECT tenant_id AS id, name FROM billing.tenant ORDER BY tenant_id',
  );
}

/** Adds a tenant; false when the id is taken (nothing changed). */
export async function insertTenant(db: Queryable, id: string, name: string): Promise<boolean> {
  const rows = await db.query(
    'INSERT INTO billing.tenant (tenant_id, name) VALUES ($1, $2) ON CONFLICT (tenant_id) DO NOTHING RETURNING 1',
    [id, name],
  );
  return rows.length === 1;
}
