import { z } from 'zod';
import { Day, Money } from './common.js';

export const StatsQuery = z
  .object({ since: Day.optional(), until: Day.optional() })
  .refine((q) => !q.since || !q.until || q.since <= q.until, {
    message: 'since is after until',
    path: ['since'],
  });
export type StatsQuery = z.infer<typeof StatsQuery>;

/** One row of the success-rate view; `recoveredAmount` only with reports.read.financial. */
export const StatsRow = z.object({
  carcCode: z.string(),
  attempts: z.number().int(),
  successes: z.number().int(),
  failures: z.number().int(),
  skipped: z.number().int(),
  successRate: z.number().describe('successes / attempts, 0 to 1, four decimals'),
  recoveredAmount: Money.optional(),
});
export type StatsRow = z.infer<typeof StatsRow>;

/** `GET /denials/auto-correction/stats`. */
export const StatsResponse = z.object({
  data: z.array(StatsRow),
  meta: z.object({
    totalAttempts: z.number().int(),
    overallSuccessRate: z.number(),
    totalRecoveredAmount: Money.optional(),
  }),
});
export type StatsResponse = z.infer<typeof StatsResponse>;
