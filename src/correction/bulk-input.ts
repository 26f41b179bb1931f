import { z } from 'zod';
import { DenialFilter } from '../api/schemas/denials.js';

/**
 * A cohort through the engine: the input of `bulkCorrect`, checked by the service whether
 * `POST /denials/auto-correction/bulk` (whose body this is) or `reclaim correct --all` calls it.
 * Zod only, so the web app can take its type. `filter.carc` picks the handlers as well as the
 * denials: only handlers covering that code run (what `correct --all --carc` always meant).
 */
export const BulkCorrectInput = z.object({
  filter: z.union([
    z.object({ ids: z.array(z.number().int().positive()).min(1).max(10_000) }).strict(),
    DenialFilter.strict(),
  ]),
  dryRun: z.boolean(),
  forceRetry: z
    .boolean()
    .default(false)
    .describe('re-run handlers whose live attempt SKIPPED (a SUCCESS is never repeated)'),
  withWorkLeft: z
    .boolean()
    .default(false)
    .describe(
      'leave out denials the engine would do nothing to: those with no code a running handler covers, or with a live attempt (SUCCESS, SKIPPED unless forceRetry, a PENDING not yet stale)',
    ),
  orgId: z.string().min(1).max(200).optional().describe('organisation id carried on events'),
  correlationId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('carried on attempts and events (default: a new one)'),
});
export type BulkCorrectInput = z.infer<typeof BulkCorrectInput>;
