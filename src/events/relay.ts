import { connect, type NatsConnection } from 'nats';
import type { Db } from '../db/db.js';
import { log } from '../log.js';
import type { OutboxEvent } from './outbox.js';
import { claimUnpublishedEvents, markEventsPublished } from './outbox.repository.js';

/** Where relayed events go. Publishing one event twice must be harmless (JetStream dedupes by event id). */
export interface Publisher {
  publish(event: OutboxEvent): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_STREAM = 'RECLAIM_EVENTS';
export const DEFAULT_SUBJECT_PREFIX = 'reclaim.events';

/** `reclaim.events.<tenant>.<event type>`: consumers filter by tenant or by type with wildcards. */
export function subjectFor(prefix: string, event: Pick<OutboxEvent, 'tenantId' | 'eventType'>): string {
  return `${prefix}.${event.tenantId}.${event.eventType}`;
}

/** A JetStream publisher; creates the stream on first use when it does not exist. */
export async function natsPublisher(
  url: string,
  stream = DEFAULT_STREAM,
  subjectPrefix = DEFAULT_SUBJECT_PREFIX,
): Promise<Publisher & { readonly connection: NatsConnection }> {
  const nc = await connect({ servers: url, timeout: 5_000 });
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(stream);
  } catch {
    await jsm.streams.add({ name: stream, subjects: [`${subjectPrefix}.>`] });
  }
  const js = nc.jetstream();
  const encoder = new TextEncoder();
  return {
    connection: nc,
    async publish(event) {
      await js.publish(subjectFor(subjectPrefix, event), encoder.encode(JSON.stringify(event)), {
        msgID: event.eventId,
      });
    },
    close: () => nc.drain(),
  };
}

export interface RelayOptions {
  readonly batchSize?: number;
}

/**
 * Publishes unpublished outbox events in order and stamps them, a batch per transaction. At least
 * once: a crash after publishing and before the commit publishes the batch again, and consumers
 * (and JetStream's duplicate window) drop repeats by event id. Rows are claimed with SKIP LOCKED so
 * two relays never publish the same batch at once. Returns the number published.
 */
export async function relayOutbox(db: Db, publisher: Publisher, options: RelayOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let total = 0;
  for (;;) {
    const sent = await db.transaction(async (tx) => {
      const rows = await claimUnpublishedEvents(tx, batchSize);
      if (rows.length === 0) return 0;
      await Promise.all(rows.map(({ payload }) => publisher.publish(payload)));
      await markEventsPublished(
        tx,
        rows.map((r) => r.seq),
      );
      return rows.length;
    });
    if (sent === 0) break;
    total += sent;
    log.info({ events: sent }, 'outbox relayed');
  }
  return total;
}
