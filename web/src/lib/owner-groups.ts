import { DENIAL_GROUPS } from '../../../src/recovery/routing';

/** The owner groups of the weekly workqueue (plain data shared with the recovery brief). */
export const OWNER_GROUPS: readonly string[] = [...new Set(DENIAL_GROUPS.map((g) => g.ownerGroup))].sort();
