import type { Scope } from '../schemas/common.js';

/** Who a verified bearer token says the caller is. */
export interface Principal {
  readonly tenant: string;
  readonly subject: string;
  readonly scopes: ReadonlySet<string>;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

export const hasScope = (p: Principal, scope: Scope): boolean => p.scopes.has(scope);

/** Money figures on report routes appear only with this scope. */
export const seesMoney = (p: Principal): boolean => p.scopes.has('reports.read.financial');
