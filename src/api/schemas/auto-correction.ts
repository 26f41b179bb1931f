import { z } from 'zod';
import { Money } from './common.js';
import { AttemptView } from './denials.js';

export const PriorAttempt = z.object({
  attemptId: z.number().int(),
  status: z.string(),
  rebilledClaimId: z.number().int().nullable(),
});
export type PriorAttempt = z.infer<typeof PriorAttempt>;

export const HandlerMatch = z.object({
  name: z.string(),
  carcs: z.array(z.string()).describe('every code the handler supports'),
  matchedCarc: z.string(),
  strategy: z.array(z.string()).describe('the strategies it may take'),
});

/** `GET /denials/:id/auto-correction`. */
export const AutoCorrectionInfo = z.object({
  denialId: z.number().int(),
  handlers: z.array(HandlerMatch),
  priorAttempt: AttemptView.nullable().describe('the most recent attempt, whatever its outcome'),
  history: z.array(AttemptView),
});
export type AutoCorrectionInfo = z.infer<typeof AutoCorrectionInfo>;

export const ExecuteBody = z.object({ forceRetry: z.boolean().default(false) });
export type ExecuteBody = z.infer<typeof ExecuteBody>;

export const Outcome = z.object({
  handlerName: z.string(),
  carcCode: z.string(),
  status: z.enum(['SUCCESS', 'FAILED', 'SKIPPED']),
  attemptId: z.number().int().nullable(),
  strategy: z.string().nullable(),
  reason: z.string().nullable(),
  rebilledClaimId: z.number().int().nullable(),
  recoveredAmount: Money,
  priorAttempt: PriorAttempt.nullable(),
});
export type Outcome = z.infer<typeof Outcome>;

/** `POST /denials/:id/auto-correction/execute`. */
export const ExecuteResult = z.object({
  denialId: z.number().int(),
  anySuccess: z.boolean(),
  correlationId: z.string(),
  outcomes: z.array(Outcome),
});
export type ExecuteResult = z.infer<typeof ExecuteResult>;

const ClaimFace = z.object({
  frequencyCode: z.string(),
  payerClaimControlNumber: z.string().nullable(),
  priorAuthorization: z.string().nullable(),
  lines: z.array(
    z.object({ lineNumber: z.number().int(), procedureCode: z.string(), modifiers: z.array(z.string()) }),
  ),
});

/** `POST /denials/:id/auto-correction/preview`: what a run would do, nothing written. */
export const PreviewResult = z.object({
  denialId: z.number().int(),
  claimId: z.number().int().nullable(),
  handlers: z.array(
    z.object({
      handlerName: z.string(),
      carcCode: z.string(),
      supportedCarcs: z.array(z.string()),
      action: z.string(),
      strategy: z.string().nullable(),
      reason: z.string().nullable(),
      priorAttempt: PriorAttempt.nullable(),
    }),
  ),
  correctedClaim: z
    .object({
      before: ClaimFace,
      after: ClaimFace,
      diff: z.object({
        fields: z.record(z.string(), z.tuple([z.string().nullable(), z.string().nullable()])),
        modifiers: z.array(
          z.object({
            lineNumber: z.number().int(),
            procedureCode: z.string(),
            before: z.array(z.string()),
            after: z.array(z.string()),
          }),
        ),
      }),
    })
    .nullable(),
});
export type PreviewResult = z.infer<typeof PreviewResult>;

/** `POST /denials/auto-correction/bulk`: the bulk service's own input (a cohort by filter or ids). */
export { BulkCorrectInput as BulkBody } from '../../correction/bulk-input.js';

const Tally = z.object({ SUCCESS: z.number().int(), FAILED: z.number().int(), SKIPPED: z.number().int() });

/** Dry run: what each handler would do to the cohort now. */
export const BulkDryRun = z.object({
  dryRun: z.literal(true),
  denials: z.number().int(),
  attempts: Tally,
  byHandler: z.record(z.string(), Tally),
  bySkipReason: z.record(z.string(), z.number().int()),
  projectedRecovery: Money,
});
export type BulkDryRun = z.infer<typeof BulkDryRun>;
