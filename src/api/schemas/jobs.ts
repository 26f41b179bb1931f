import { z } from 'zod';

export const JobStatus = z.enum(['queued', 'running', 'done', 'failed']);
export type JobStatus = z.infer<typeof JobStatus>;

/** `GET /jobs/:id`: a background job's progress and outcome counts. */
export const Job = z.object({
  id: z.string(),
  kind: z.string(),
  itemKind: z
    .enum(['denial', 'patient_liability', 'mixed'])
    .nullable()
    .describe('what the job works: denials, patient-liability items, or both (null: no items)'),
  status: JobStatus,
  total: z.number().int(),
  done: z.number().int(),
  counts: z.record(z.string(), z.number().int()).describe('outcomes so far: SUCCESS, FAILED, SKIPPED'),
  failures: z.array(
    z.object({
      denialId: z.number().int(),
      account: z.string().nullable().describe("the denial's patient control number"),
      reason: z.string(),
    }),
  ),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof Job>;

/** `202` answer of a non-dry bulk correction. */
export const JobAccepted = z.object({ job: Job });
export type JobAccepted = z.infer<typeof JobAccepted>;

export const JobParams = z.object({ id: z.string().uuid() });
