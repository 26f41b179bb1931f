import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AckPolicy, DeliverPolicy, type JetStreamManager } from 'nats';
import { newEvent } from '../../src/events/outbox.js';
import { insertEvents } from '../../src/events/outbox.repository.js';
import { natsPublisher, relayOutbox, type Publisher } from '../../src/events/relay.js';
import { ENGINES, freshDb, type TestDb } from '../support/databases.js';

const NATS_URL = process.env.NATS_URL ?? '127.0.0.1:4222';
const context = { tenantId: 'default', orgId: 'org-1', correlationId: 'corr-relay' };

/** The local server, when there is one; otherwise the NATS tests say why they are skipped. */
async function tryPublisher(stream: string, prefix: string) {
  try {
    return await natsPublisher(NATS_URL, stream, prefix);
  } catch (error) {
    return `no NATS server at ${NATS_URL}: ${(error as Error).message}`;
  }
}

for (const engine of ENGINES) {
  void describe(`outbox relay on ${engine}`, () => {
    let db: TestDb;
    const tag = randomBytes(4).toString('hex');
    const stream = `RECLAIM_TEST_${tag}`;
    const prefix = `reclaim.test${tag}`;
    let publisher: Awaited<ReturnType<typeof natsPublisher>> | string;
    before(async () => {
      db = await freshDb(engine);
      publisher = await tryPublisher(stream, prefix);
    });
    after(async () => {
      if (typeof publisher !== 'string') {
        const jsm: JetStreamManager = await publisher.connection.jetstreamManager();
        await jsm.streams.delete(stream);
        await publisher.close();
      }
      await db.dispose();
    });

    void it('publishes each event once to JetStream with its event id, in order, and stamps the outbox', async (t) => {
      if (typeof publisher === 'string') return t.skip(publisher);
      const events = [
        newEvent(context, 'claim.rebilled', 'claim.rebilled:1', { rebilledClaimId: 1 }),
        newEvent(context, 'claim.corrected', 'claim.corrected:1', { rebilledClaimId: 1 }),
        newEvent(context, 'patient.liability_transferred', 'patient.liability_transferred:9', {
          amountCents: 3_500,
        }),
      ];
      await db.transaction((tx) => insertEvents(tx, events));
      assert.equal(await relayOutbox(db, publisher), 3);
      assert.equal(await relayOutbox(db, publisher), 0);
      const unpublished = await db.query(
        'SELECT count(*)::int AS n FROM billing.outbox_event WHERE published_at IS NULL',
      );
      assert.deepEqual(unpublished, [{ n: 0 }]);

      const jsm = await publisher.connection.jetstreamManager();
      await jsm.consumers.add(stream, {
        durable_name: 'check',
        ack_policy: AckPolicy.None,
        deliver_policy: DeliverPolicy.All,
      });
      const consumer = await publisher.connection.jetstream().consumers.get(stream, 'check');
      const got: {
        subject: string;
        msgId: string | undefined;
        body: { eventId: string; eventType: string; correlationId: string };
      }[] = [];
      const batch = await consumer.fetch({ max_messages: 10, expires: 1_000 });
      for await (const m of batch)
        got.push({ subject: m.subject, msgId: m.headers?.get('Nats-Msg-Id'), body: m.json() });
      assert.deepEqual(
        got.map((g) => [g.subject, g.msgId, g.body.eventId, g.body.eventType, g.body.correlationId]),
        events.map(({ event }) => [
          `${prefix}.default.${event.eventType}`,
          event.eventId,
          event.eventId,
          event.eventType,
          'corr-relay',
        ]),
      );
    });

    void it('a failed publish leaves the batch unpublished for the next run (at least once)', async () => {
      await db.transaction((tx) =>
        insertEvents(tx, [newEvent(context, 'claim.rebilled', 'claim.rebilled:2', {})]),
      );
      const broken: Publisher = {
        publish: () => Promise.reject(new Error('broker down')),
        close: async () => {},
      };
      await assert.rejects(relayOutbox(db, broken), /broker down/);
      const sent: string[] = [];
      const recording: Publisher = { publish: async (e) => void sent.push(e.eventId), close: async () => {} };
      assert.equal(await relayOutbox(db, recording), 1);
      assert.equal(sent.length, 1);
    });

    void it('the outbox refuses a second event for the same fact', async () => {
      await db.transaction((tx) =>
        insertEvents(tx, [newEvent(context, 'claim.rebilled', 'claim.rebilled:3', {})]),
      );
      await assert.rejects(
        db.transaction((tx) =>
          insertEvents(tx, [newEvent(context, 'claim.rebilled', 'claim.rebilled:3', {})]),
        ),
        (e: unknown) => (e as { code?: string }).code === '23505',
      );
    });
  });
}
