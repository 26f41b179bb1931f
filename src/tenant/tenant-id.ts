/** What a tenant id may be (RECLAIM_TENANT, `--tenant`, `reclaim tenant add`, a token's tenant). */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** The rule as a validation error states it. */
export const TENANT_ID_RULE = 'lower-case letters, digits, _ or -';
