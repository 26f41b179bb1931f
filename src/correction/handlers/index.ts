import type { Handler } from '../types.js';
import { co16MissingInfoHandler } from './co16-missing-info.js';
import { co18DuplicateHandler } from './co18-duplicate.js';
import { co29TimelyFilingHandler } from './co29-timely-filing.js';
import { co4ModifierHandler } from './co4-modifier.js';
import { co97AdjudicationHandler } from './co97-adjudication.js';
import { patientLiabilityHandler } from './patient-liability.js';

/** Every registered handler, in the order they run on a denial. */
export const handlers: readonly Handler[] = [
  co4ModifierHandler,
  co16MissingInfoHandler,
  co18DuplicateHandler,
  co29TimelyFilingHandler,
  co97AdjudicationHandler,
  patientLiabilityHandler,
];

/** A handler that matched a denial, with the denial code it matched on. */
export interface Match {
  readonly handler: Handler;
  readonly carc: string;
}

/** The handlers whose codes overlap the denial's, each with the first code it matched. */
export function matchHandlers(
  carcCodes: readonly string[],
  registry: readonly Handler[] = handlers,
): Match[] {
  const out: Match[] = [];
  for (const handler of registry) {
    const carc = carcCodes.find((c) => handler.carcs.includes(c));
    if (carc) out.push({ handler, carc });
  }
  return out;
}

/** Every code some handler covers (to select candidate denials in SQL). */
export function coveredCarcs(registry: readonly Handler[] = handlers): string[] {
  return [...new Set(registry.flatMap((h) => h.carcs))];
}
