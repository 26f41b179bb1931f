import { z } from 'zod';
import { listAttempts } from '../../correction/attempt.repository.js';
import { parseFlags } from '../flags.js';
import { runAction } from '../context.js';
import type { RegisterCommand } from './command.js';
import { money } from './correct.js';

const flags = z.object({ denial: z.coerce.number().int().positive(), json: z.boolean().optional() });

export const registerAttempts: RegisterCommand = (program, io, setExit) => {
  program
    .command('attempts')
    .description('the history of auto-correction attempts on a denial')
    .requiredOption('--denial <id>', 'the denial')
    .option('--json', 'print a machine-readable result')
    .action(async (raw: Record<string, unknown>) => {
      setExit(
        await runAction(io, async (ctx) => {
          const flagValues = parseFlags('attempts', flags, raw);
          const rows = await listAttempts(await ctx.db(), ctx.config.tenant, flagValues.denial);
          // io.out returns what the stream's write did; the action's return value is the exit code.
          if (flagValues.json) return void io.out(JSON.stringify(rows));
          if (rows.length === 0) return void io.out(`denial ${flagValues.denial}: no attempts`);
          for (const a of rows) {
            const extra = [
              a.strategy,
              a.failureReason ? `failure: ${a.failureReason}` : null,
              typeof a.details.reason === 'string' ? `reason: ${a.details.reason}` : null,
              a.rebilledClaimId !== null ? `rebilled claim ${a.rebilledClaimId}` : null,
              a.recoveredAmountCents !== 0 ? `recovered ${money(a.recoveredAmountCents)}` : null,
            ].filter(Boolean);
            io.out(
              `${a.attemptId}  ${a.finishedAt ?? a.claimedAt}  ${a.handlerName} [${a.carcCode}] ${a.status}  ${extra.join(' · ')}`,
            );
          }
        }),
      );
    });
};
