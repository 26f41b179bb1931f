import { runRecovery } from '../../recovery/run.js';
import { runAction } from '../context.js';
import type { RegisterCommand } from './command.js';

interface RecoveryFlags {
  out: string;
  workqueueSize: string;
  week?: string;
  fromCsv?: string;
  json?: boolean;
}

export const registerRecovery: RegisterCommand = (program, io, setExit) => {
  program
    .command('recovery')
    .description(
      'the weekly denials-recovery prioritisation: summary, workqueue, aging bands, stability and the brief',
    )
    .option('--out <dir>', 'where the exports and the brief go', 'exports')
    .option('--workqueue-size <n>', 'rows in the top-N workqueue', '25')
    .option(
      '--week <WEEK_KEY>',
      'the dataset week to anchor on, e.g. 2026-W47 (default: the latest week with data)',
    )
    .option('--from-csv <file>', 'read a CSV export of a workqueue mart instead of our own denials')
    .option('--json', 'print the run header and summary as JSON')
    .action(async (flags: RecoveryFlags) => {
      setExit(
        await runAction(io, async (ctx) => {
          // The recovery service's schema (the brief routes' query) checks --week and
          // --workqueue-size, as `week` and `workqueueSize`.
          const { brief, written } = await runRecovery(ctx.db, ctx.config.tenant, {
            outDir: flags.out,
            workqueueSize: flags.workqueueSize,
            week: flags.week,
            fromCsv: flags.fromCsv,
          });
          const header = {
            ANCHOR_MODE: brief.anchorMode,
            CURRENT_DATASET_WEEK_KEY: brief.currentWeekKey,
            PRIOR_DATASET_WEEK_KEY: brief.priorWeekKey ?? 'none',
            WORKQUEUE_SIZE: brief.workqueueSize,
          };
          if (flags.json) {
            io.out(
              JSON.stringify({
                ...header,
                stability: brief.stability.verdict,
                top2: brief.stability.top2Current,
                summary: brief.summary,
                written,
              }),
            );
            return;
          }
          io.out(
            [
              ...Object.entries(header).map(([k, v]) => `${k}=${v}`),
              `open denials ${brief.openRows}; top 2: ${brief.stability.top2Current.join(', ') || '-'}; stability ${brief.stability.verdict}`,
              ...written.map((p) => `wrote ${p}`),
            ].join('\n'),
          );
        }),
      );
    });
};
