import { randomUUID } from 'node:crypto';
import { copyText } from '../db/copy-text.js';
import type { Tx } from '../db/db.js';

export type EventType = 'claim.rebilled' | 'claim.corrected' | 'patient.liability_transferred';

/** Ids carried from the inbound envelope to every event caused by it. */
export interface EventContext {
  readonly tenantId: string;
  readonly orgId: string | null;
  readonly correlationId: string;
}

/** An event as stored in the outbox and as published: consumers dedupe by `eventId`. */
export interface OutboxEvent {
  readonly eventId: string;
  readonly eventType: EventType;
  readonly occurredAt: string;
  readonly tenantId: string;
  readonly orgId: string | null;
  readonly correlationId: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface PendingEvent {
  readonly event: OutboxEvent;
  /** One fact, one event: a second row with the same key is refused by the outbox. */
  readonly dedupeKey: string;
}

export function newEvent(
  context: EventContext,
  eventType: EventType,
  dedupeKey: string,
  data: Readonly<Record<string, unknown>>,
): PendingEvent {
  return {
    dedupeKey,
    event: {
      eventId: randomUUID(),
      eventType,
      occurredAt: new Date().toISOString(),
      tenantId: context.tenantId,
      orgId: context.orgId,
      correlationId: context.correlationId,
      data,
    },
  };
}

/**
 * A COPY costs three round trips before its first row is stored, so the one or two events of a
 * single correction are inserted in one statement instead; a bulk batch's hundreds use COPY.
 */
export const COPY_FROM_ROWS = 256;

/** Writes events into the outbox in the caller's transaction, in one statement. */
export async function insertEvents(tx: Tx, events: readonly PendingEvent[]): Promise<void> {
  if (events.length === 0) return;
  const columns = [
    'event_id',
    'tenant_id',
    'org_id',
    'correlation_id',
    'event_type',
    'dedupe_key',
    'payload',
    'occurred_at',
  ];
  const rows = events.map(({ event, dedupeKey }) => [
    event.eventId,
    event.tenantId,
    event.orgId,
    event.correlationId,
    event.eventType,
    dedupeKey,
    JSON.stringify(event),
    event.occurredAt,
  ]);
  if (rows.length >= COPY_FROM_ROWS) return tx.copyIn('billing.outbox_event', columns, copyText(rows));
  await tx.query(
    `INSERT INTO billing.outbox_event (${columns.join(', ')})
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::timestamptz[])`,
    columns.map((_, i) => rows.map((r) => r[i])),
  );
}
