import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { seedDemoDenials } from '../../correction/demo-data.js';
import { parseFlags } from '../flags.js';
import { runAction } from '../context.js';
import type { RegisterCommand } from './command.js';

const flags = z.object({
  denials: z.coerce.number().int().min(1).max(5_000_000).default(1000),
  tag: z
    .string()
    .regex(/^[A-Za-z0-9]{1,12}$/, 'letters and digits, at most 12')
    .optional(),
  json: z.boolean().optional(),
});

/** Synthetic data in bounded transactions, so that a million denials never sit in one. */
const CHUNK = 20_000;

export const registerDemo: RegisterCommand = (program, io, setExit) => {
  program
    .command('demo')
    .description('demonstration data')
    .command('seed')
    .description(
      'add synthetic denials, with the claims, remittances and rules every correction handler reads',
    )
    .option('--denials <n>', 'how many denials', '1000')
    .option('--tag <text>', 'prefix of the synthetic account numbers (default: random)')
    .option('--json', 'print a machine-readable result')
    .action(async (raw: Record<string, unknown>) => {
      setExit(
        await runAction(io, async (ctx) => {
          const flagValues = parseFlags('demo seed', flags, raw);
          const { denials, json } = flagValues;
          const tag = flagValues.tag ?? `D${randomBytes(3).toString('hex')}`;
          const db = await ctx.db();
          let added = 0;
          for (let done = 0; done < denials; done += CHUNK) {
            const n = Math.min(CHUNK, denials - done);
            added += await db.transaction((tx) =>
              seedDemoDenials(tx, ctx.config.tenant, n, `${tag}${done / CHUNK}`),
            );
          }
          if (json) io.out(JSON.stringify({ tenant: ctx.config.tenant, tag, denials: added }));
          else
            io.out(`${added} demo denials added for tenant ${ctx.config.tenant} (account numbers ${tag}*)`);
        }),
      );
    });
};
