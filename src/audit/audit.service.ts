import { userInfo } from 'node:os';
import { z } from 'zod';
import { Day } from '../api/schemas/common.js';
import type { Queryable } from '../db/db.js';
import { findAuditEvents, insertAuditEvent, type AuditRecord, type AuditRow } from './audit.repository.js';

/** Who acts: a token subject over HTTP, the OS user on the command line. */
export interface Actor {
  readonly actor: string;
  readonly channel: 'http' | 'cli';
  readonly requestId: string | null;
}

export function cliActor(): Actor {
  let name = process.env.USER ?? 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry (a container with an arbitrary uid): the environment's USER stands.
  }
  return { actor: name, channel: 'cli', requestId: null };
}

/** Records one action in the caller's transaction. */
export async function audit(
  tx: Queryable,
  tenantId: string,
  who: Actor,
  what: Pick<AuditRecord, 'action' | 'targetIds' | 'outcome'> & { correlationId?: string | null },
): Promise<void> {
  await insertAuditEvent(tx, {
    tenantId,
    actor: who.actor,
    channel: who.channel,
    requestId: who.requestId,
    action: what.action,
    targetIds: what.targetIds,
    outcome: what.outcome,
    correlationId: what.correlationId ?? null,
  });
}

export const AuditListInput = z.object({
  since: Day.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AuditListInput = z.infer<typeof AuditListInput>;

export async function listAudit(
  db: Queryable,
  tenantId: string,
  input: AuditListInput,
): Promise<{ items: AuditRow[]; total: number; limit: number; offset: number }> {
  const { rows, total } = await findAuditEvents(db, tenantId, {
    since: input.since ?? null,
    limit: input.limit,
    offset: input.offset,
  });
  return { items: rows, total, limit: input.limit, offset: input.offset };
}
