import { z } from 'zod';
import { StatsQuery } from '../../api/schemas/stats.js';
import { realisedRecovery, successRate } from '../../correction/success-rate.repository.js';
import { parseFlags } from '../flags.js';
import { runAction } from '../context.js';
import type { RegisterCommand } from './command.js';
import { money } from './correct.js';

const flags = StatsQuery.and(z.object({ realised: z.boolean().optional(), json: z.boolean().optional() }));

export const registerStats: RegisterCommand = (program, io, setExit) => {
  program
    .command('stats')
    .description('auto-correction success rate per CARC (billing.v_auto_correction_success_rate)')
    .option('--since <YYYY-MM-DD>', 'first UTC day included')
    .option('--until <YYYY-MM-DD>', 'last UTC day included')
    .option('--realised', 'realised recovery per handler, CARC and payer, with days from correction to cash')
    .option('--json', 'print a machine-readable result')
    .action(async (raw: Record<string, unknown>) => {
      setExit(
        await runAction(io, async (ctx) => {
          const flagValues = parseFlags('stats', flags, raw);
          if (flagValues.realised) {
            const rows = await realisedRecovery(await ctx.db(), ctx.config.tenant);
            if (flagValues.json) return void io.out(JSON.stringify({ rows }));
            io.out(
              'handler                    carc     payer         successes  paid  denied_again   projected    realised  days_to_cash',
            );
            for (const r of rows) {
              io.out(
                `${r.handler.padEnd(26)} ${r.carcCode.padEnd(8)} ${r.payer.slice(0, 12).padEnd(12)} ${String(r.successes).padStart(10)} ${String(r.paid).padStart(5)} ` +
                  `${String(r.deniedAgain).padStart(13)} ${money(r.projectedAmountCents).padStart(11)} ${money(r.realisedAmountCents).padStart(11)} ` +
                  `${r.averageDaysToCash === null ? '—' : r.averageDaysToCash.toFixed(1)}`.padStart(13),
              );
            }
            return;
          }
          const report = await successRate(await ctx.db(), ctx.config.tenant, flagValues);
          if (flagValues.json) return void io.out(JSON.stringify(report));
          io.out(
            'carc      attempts  successes  failures  skipped  success_rate  recovered   realised  share',
          );
          for (const r of report.rows) {
            io.out(
              `${r.carcCode.padEnd(8)} ${String(r.attempts).padStart(9)} ${String(r.successes).padStart(10)} ${String(r.failures).padStart(9)} ` +
                `${String(r.skipped).padStart(8)} ${(r.successRate * 100).toFixed(1).padStart(12)}% ${money(r.recoveredAmountCents).padStart(10)} ` +
                `${money(r.realisedAmountCents).padStart(10)} ${share(r.realisedShare).padStart(6)}`,
            );
          }
          const m = report.meta;
          io.out(
            `overall ${(m.overallSuccessRate * 100).toFixed(1)}% of ${m.totalAttempts} attempts · recovered ${money(m.totalRecoveredAmountCents)} · realised ${money(m.totalRealisedAmountCents)} (${share(m.overallRealisedShare)} of what was put back in play)`,
          );
        }),
      );
    });
};

function share(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}
