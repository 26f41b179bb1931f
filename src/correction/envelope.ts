import { randomUUID } from 'node:crypto';
import type { Envelope } from './types.js';

/**
 * The envelope of a run started here (a CLI command, an ingest): the tenant from configuration,
 * the organisation and correlation ids from the caller when it has them, else a fresh correlation.
 */
export function envelopeFor(
  tenantId: string,
  given: { orgId?: string | undefined; correlationId?: string | undefined } = {},
): Envelope {
  return { tenantId, orgId: given.orgId ?? null, correlationId: given.correlationId ?? randomUUID() };
}
