import { z } from 'zod';
import { ReclaimError } from '../../errors.js';
import { natsPublisher, relayOutbox } from '../../events/relay.js';
import { runAction } from '../context.js';
import type { RegisterCommand } from './command.js';

const flags = z.object({ json: z.boolean().optional() });

export const registerEvents: RegisterCommand = (program, io, setExit) => {
  program
    .command('events')
    .description('the event outbox')
    .command('relay')
    .description('publish unpublished outbox events to NATS JetStream (NATS_URL)')
    .option('--json', 'print a machine-readable result')
    .action(async (raw: Record<string, unknown>) => {
      setExit(
        await runAction(io, async (ctx) => {
          const { json } = flags.parse(raw);
          if (!ctx.config.natsUrl)
            throw new ReclaimError('CONFIG_INVALID', 'events relay: set NATS_URL to the NATS server');
          const db = await ctx.db();
          const publisher = await natsPublisher(ctx.config.natsUrl).catch((error: unknown) => {
            throw new ReclaimError(
              'CONFIG_INVALID',
              `events relay: cannot reach NATS at ${ctx.config.natsUrl}: ${(error as Error).message}`,
              {},
              { cause: error },
            );
          });
          try {
            const published = await relayOutbox(db, publisher);
            if (json) io.out(JSON.stringify({ published }));
            else io.out(`${published} events published`);
          } finally {
            await publisher.close();
          }
        }),
      );
    });
};
