import { randomUUID } from 'node:crypto';

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
