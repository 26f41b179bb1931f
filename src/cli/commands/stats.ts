import { z } from 'zod';
import { StatsQuery } from '../../api/schemas/stats.js';
import { successRate } from '../../correction/stats.js';
import { parseFlags } from '../flags.js';
import { runAction } from '../context.js';
import type { RegisterCommand } from './command.js';
import { money } from './correct.js';

const flags = StatsQuery.and(z.object({ json: z.boolean().optional() }));

export const registerStats: RegisterCommand = (program, io, setExit) => {
  program
    .command('stats')
    .description('auto-correction success rate per CARC (billing.v_auto_correction_success_rate)')
    .option('--since <YYYY-MM-DD>', 'first UTC day included')
    .option('--until <YYYY-MM-DD>', 'last UTC day included')
    .option('--json', 'print a machine-readable result')
    .action(async (raw: Record<string, unknown>) => {
      setExit(
        await runAction(io, async (ctx) => {
          const flagValues = parseFlags('stats', flags, raw);
          const report = await successRate(await ctx.db(), ctx.config.tenant, flagValues);
          if (flagValues.json) return void io.out(JSON.stringify(report));
          io.out('carc      attempts  successes  failures  skipped  success_rate  recovered');
          for (const r of report.rows) {
            io.out(
              `${r.carcCode.padEnd(8)} ${String(r.attempts).padStart(9)} ${String(r.successes).padStart(10)} ${String(r.failures).padStart(9)} ` +
                `${String(r.skipped).padStart(8)} ${(r.successRate * 100).toFixed(1).padStart(12)}% ${money(r.recoveredAmountCents).padStart(10)}`,
            );
          }
          const m = report.meta;
          io.out(
            `overall ${(m.overallSuccessRate * 100).toFixed(1)}% of ${m.totalAttempts} attempts · recovered ${money(m.totalRecoveredAmountCents)}`,
          );
        }),
      );
    });
};
