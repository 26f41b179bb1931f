import { z } from 'zod';
import { Day, PageQuery, paged } from './common.js';

export const AuditQuery = PageQuery.extend({ since: Day.optional() });
export type AuditQuery = z.infer<typeof AuditQuery>;

/** One audit record: who did what to which ids, with what outcome (HIPAA §164.312(b)). */
export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  channel: z.enum(['http', 'cli']),
  action: z.string(),
  targetIds: z.array(z.number().int()),
  outcome: z.string(),
  requestId: z.string().nullable(),
  correlationId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditList = paged(AuditEntry);
export type AuditList = z.infer<typeof AuditList>;
