import { z } from 'zod';
import { PageQuery, paged } from './common.js';

export const RunSummary = z.object({
  id: z.string(),
  asOf: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  candidates: z.number().int().nullable().describe('records the run recommended for resubmission'),
  records: z.number().int().nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const RunList = paged(RunSummary);
export type RunList = z.infer<typeof RunList>;
export const RunListQuery = PageQuery;

/** `GET /runs/:id`: a run with its outcome counts (the metrics the run wrote). */
export const RunDetail = RunSummary.extend({
  error: z.string().nullable(),
  outcomes: z.record(z.string(), z.number().int()),
  byLabel: z.record(z.string(), z.number().int()),
  byClassificationSource: z.record(z.string(), z.number().int()),
  quarantineReasons: z.record(z.string(), z.number().int()),
});
export type RunDetail = z.infer<typeof RunDetail>;

export const RunParams = z.object({ id: z.string().uuid() });
