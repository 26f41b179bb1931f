import { z } from 'zod';
import type { Queryable } from '../db/db.js';
import { ReclaimError } from '../errors.js';
import { TENANT_ID_PATTERN, TENANT_ID_RULE } from './tenant-id.js';
import { insertTenant, listTenants, type TenantRow } from './tenant.repository.js';

/** A tenant id: the same rule as RECLAIM_TENANT. */
export const TenantId = z.string().regex(TENANT_ID_PATTERN, TENANT_ID_RULE);

export const AddTenantInput = z.object({ id: TenantId, name: z.string().trim().min(1).max(200) });
export type AddTenantInput = z.infer<typeof AddTenantInput>;

/** Adds a tenant; an id already taken is VALIDATION_FAILED naming `id`. */
export async function addTenant(db: Queryable, input: AddTenantInput): Promise<TenantRow> {
  if (!(await insertTenant(db, input.id, input.name)))
    throw new ReclaimError('VALIDATION_FAILED', `tenant ${input.id} already exists`, { field: 'id' });
  return { id: input.id, name: input.name };
}

export const allTenants = (db: Queryable): Promise<TenantRow[]> => listTenants(db);
