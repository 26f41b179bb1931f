import { z } from 'zod';
import { Money } from './common.js';

/** The denial-rate inputs: the KPI service's own schema (`kpi/denial-rate-input.ts`). */
export { DenialRateInput, DenialRateQuery, ReferenceMatchBody } from '../../kpi/denial-rate-input.js';

export const DenialRateWeek = z.object({
  weekStart: z.string(),
  lines: z.number().int(),
  comparableLines: z.number().int(),
  denialLines: z.number().int(),
  denialRate: z.number().nullable(),
  /** Lines with an unknown or missing processing indicator, over all the week's lines. */
  unknownPrcsgShare: z.number(),
  mspCobLines: z.number().int(),
  adminLines: z.number().int(),
  benefitsExhaustedLines: z.number().int(),
});
export type DenialRateWeek = z.infer<typeof DenialRateWeek>;

/** `GET /reports/denial-rate`: the locked KPI definition, weekly, mature weeks only. */
export const DenialRateReport = z.object({
  asOf: z.string(),
  maturityCutoff: z.string(),
  weeks: z.array(DenialRateWeek),
  overall: z.object({
    comparableLines: z.number().int(),
    denialLines: z.number().int(),
    denialRate: z.number().nullable(),
  }),
  /** Overlap counts proving no excluded line reached the rate: each must be 0. */
  leakage: z.array(z.object({ check: z.string(), count: z.number().int() })),
});
export type DenialRateReport = z.infer<typeof DenialRateReport>;

/** The reference match, as `reclaim kpi denial-rate --reference` puts it in its report. */
export const ReferenceMatch = z.object({
  asOf: z.string(),
  source: z.enum(['carrier', 'remit_835']),
  tolerance: z.number(),
  rows: z.array(
    z.object({
      weekStart: z.string(),
      calc: z.number().nullable().describe('our rate; null when the week has no computed rate'),
      reference: z.number(),
      diff: z.number().nullable().describe('calc - reference'),
    }),
  ),
  maxAbsDiff: z.number(),
  weeksMissingFromResult: z.array(z.string()),
  passed: z.boolean(),
});
export type ReferenceMatch = z.infer<typeof ReferenceMatch>;

/** `GET /reports/recovery`: the recovery services' own input (`recovery/recovery-input.ts`). */
export { RecoveryInput as RecoveryQuery } from '../../recovery/recovery-input.js';

export const WorkqueueItem = z.object({
  denialRef: z.string().describe('claim reference (patient control number)'),
  agingDays: z.number().int(),
  deniedAmount: Money.optional(),
  group: z.string(),
  nextBestAction: z.string(),
  pDenial: z.number(),
  priority: z.number().optional().describe('expected value at risk; with reports.read.financial only'),
});
export type WorkqueueItem = z.infer<typeof WorkqueueItem>;

/** `GET /reports/recovery`: the latest week's summary and its workqueue (top 50). */
export const RecoveryReport = z.object({
  week: z.string(),
  openDenials: z.number().int(),
  priorWeekOpenDenials: z.number().int().nullable(),
  openAmount: Money.optional(),
  byGroup: z.array(z.object({ group: z.string(), count: z.number().int(), amount: Money.optional() })),
  workqueue: z.array(WorkqueueItem),
});
export type RecoveryReport = z.infer<typeof RecoveryReport>;
