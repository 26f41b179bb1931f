import { copyText } from '../db/copy-text.js';
import type { Tx } from '../db/db.js';
import type { OutboxEvent, PendingEvent } from './outbox.js';

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

/**
 * The oldest unpublished events, at most `limit`, locked for this transaction; rows another relay
 * holds are skipped, so two relays never claim the same event.
 */
export async function claimUnpublishedEvents(
  tx: Tx,
  limit: number,
): Promise<{ readonly seq: number; readonly payload: OutboxEvent }[]> {
  return tx.query<{ seq: number; payload: OutboxEvent }>(
    `SELECT seq, payload FROM billing.outbox_event WHERE published_at IS NULL
         ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
}

/** Stamps events as published (by their outbox sequence numbers). */
export async function markEventsPublished(tx: Tx, seqs: readonly number[]): Promise<void> {
  await tx.query(`UPDATE billing.outbox_event SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
    seqs,
  ]);
}
