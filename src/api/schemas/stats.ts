import { z } from 'zod';
import { Day, Money } from './common.js';

export const StatsQuery = z
  .object({ since: Day.optional(), until: Day.optional() })
  .refine((q) => !q.since || !q.until || q.since <= q.until, {
    message: 'since is after until',
    path: ['since'],
  });
export type StatsQuery = z.infer<typeof StatsQuery>;

/**
 * One row of the success-rate view. With reports.read.financial only: `recoveredAmount` (projected
 * when the attempts succeeded) and the realised recovery the later 835s brought (docs/recovery.md).
 */
export const StatsRow = z.object({
  carcCode: z.string(),
  attempts: z.number().int(),
  successes: z.number().int(),
  failures: z.number().int(),
  skipped: z.number().int(),
  successRate: z.number().describe('successes / attempts, 0 to 1, four decimals'),
  recoveredAmount: Money.optional(),
  realisedAmount: Money.optional().describe(
    'what later 835s paid for the succeeded rebills and appeals, net',
  ),
  atStakeAmount: Money.optional().describe('the denied amount of the succeeded rebills and appeals'),
  realisedShare: z
    .number()
    .nullable()
    .optional()
    .describe('realised / at stake, four decimals; null: nothing at stake'),
  deniedAgain: z.number().int().optional().describe('succeeded attempts whose claim the payer denied again'),
});
export type StatsRow = z.infer<typeof StatsRow>;

/** `GET /denials/auto-correction/stats`. */
export const StatsResponse = z.object({
  data: z.array(StatsRow),
  meta: z.object({
    totalAttempts: z.number().int(),
    overallSuccessRate: z.number(),
    totalRecoveredAmount: Money.optional(),
    totalRealisedAmount: Money.optional(),
    totalAtStakeAmount: Money.optional(),
    overallRealisedShare: z.number().nullable().optional(),
    totalDeniedAgain: z.number().int().optional(),
  }),
});
export type StatsResponse = z.infer<typeof StatsResponse>;
