import { z } from 'zod';
import type { Queryable } from '../db/db.js';
import { ReclaimError } from '../errors.js';
import { findTenant, insertTenant, listTenants, type TenantRow } from './tenant.repository.js';

/** A tenant id: the same rule as RECLAIM_TENANT. */
export const TenantId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, _ or -');

export const AddTenantInput = z.object({ id: TenantId, name: z.string().trim().min(1).max(200) });
export type AddTenantInput = z.infer<typeof AddTenantInput>;

/** Adds a tenant; an id already taken is VALIDATION_FAILED naming `id`. */
export async function addTenant(db: Queryable, input: AddTenantInput): Promise<TenantRow> {
  if (!(await insertTenant(db, input.id, input.name)))
    throw new ReclaimError('VALIDATION_FAILED', `tenant ${input.id} already exists`, { field: 'id' });
  return { id: input.id, name: input.name };
}

export const allTenants = (db: Queryable): Promise<TenantRow[]> => listTenants(db);

/**
 * The tenant a command or request works for, which must exist: an unknown one is a one-line
 * error (exit 2 on the CLI; the API answers 401 for a token naming one), never a foreign-key crash.
 */
export async function requireTenant(db: Queryable, id: string): Promise<TenantRow> {
  const tenant = await findTenant(db, id);
  if (!tenant)
    throw new ReclaimError(
      'VALIDATION_FAILED',
      `unknown tenant ${id} (add it with: reclaim tenant add ${id} --name NAME)`,
      {
        field: 'tenant',
      },
    );
  return tenant;
}
