import { z } from 'zod';
import { Money } from './common.js';

/** The brief routes' query: the recovery services' own input (`recovery/recovery-input.ts`). */
export { RecoveryInput, RecoveryInput as RecoveryBriefQuery } from '../../recovery/recovery-input.js';

/**
 * `GET /reports/recovery/brief`: the weekly brief as a page shows it (seed 000). Shares, counts
 * and probabilities for everyone with reports.read.operational; amounts only with
 * reports.read.financial (absent otherwise).
 */
export const RecoveryBrief = z.object({
  week: z.string(),
  priorWeek: z.string().nullable(),
  anchorMode: z.string(),
  workqueueSize: z.number().int(),
  openRows: z.number().int(),
  summary: z.array(
    z.object({
      rank: z.number().int(),
      bucket: z.string(),
      rows: z.number().int(),
      meanPDenial: z.number(),
      priorityScore: z.number().describe("the bucket's share of the week's weighted recoverable exposure"),
      topPrcsg: z.string(),
      ownerGroup: z.string(),
      nextBestAction: z.string(),
      deniedAmount: Money.optional(),
      weightedRecoverable: Money.optional(),
    }),
  ),
  agingBands: z.array(
    z.object({
      band: z.string(),
      weight: z.number(),
      rows: z.number().int(),
      shareOfDenied: z.number(),
      deniedAmount: Money.optional(),
    }),
  ),
  stability: z.object({
    verdict: z.enum(['stable', 'material_shift', 'no_prior_week']),
    top2Current: z.array(z.string()),
    top2Prior: z.array(z.string()),
    top2Overlap: z.number().int().nullable(),
    top2ShareCurrent: z.number(),
    reasons: z.array(z.string()),
  }),
  workqueue: z.array(
    z.object({
      rank: z.number().int(),
      claimRef: z.string(),
      group: z.string(),
      prcsg: z.string(),
      agingDays: z.number().int(),
      agingBand: z.string(),
      pDenial: z.number(),
      ownerGroup: z.string(),
      evidenceRequired: z.string(),
      nextBestAction: z.string(),
      deniedAmount: Money.optional(),
    }),
  ),
  decision: z.string(),
  falsification: z.string(),
  guardrails: z.array(z.string()),
  /** The export files of the week (`GET /reports/recovery/files/:name`, reports.read.financial). */
  files: z.array(z.string()),
});
export type RecoveryBrief = z.infer<typeof RecoveryBrief>;

export const RecoveryFileParams = z.object({
  name: z.string().regex(/^[a-z0-9_]+\.(csv|md|html)$/, 'an export file name'),
});
