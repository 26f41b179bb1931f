import type { Queryable } from '../db/db.js';
import { ReclaimError } from '../errors.js';
import { findTenant, type TenantRow } from './tenant.repository.js';

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
