import { ReclaimError } from '../../errors.js';
import { runDenialRate } from '../../kpi/denial-rate.js';
import { rate6 } from '../../kpi/report.js';
import { runAction } from '../context.js';
import type { RegisterCommand } from './command.js';

interface DenialRateFlags {
  lines?: string[];
  asOf: string;
  out: string;
  reference?: string;
  includeBenefitsExhausted?: boolean;
  fromRemits?: boolean;
  json?: boolean;
}

export const registerKpi: RegisterCommand = (program, io, setExit) => {
  const kpi = program.command('kpi').description('key performance indicators under locked definitions');
  kpi
    .command('denial-rate')
    .description(
      'the weekly line-based denial rate (locked definition) with its Markdown, HTML and JSON report',
    )
    .option(
      '--lines <file...>',
      'carrier-line files: DE-SynPUF carrier CSV, RIF carrier, IDR CLM_LINE_PRFNL (+ companions), reclaim CSV',
    )
    .option('--from-remits', 'use lines derived from the ingested 835 remittances instead of files')
    .requiredOption('--as-of <YYYY-MM-DD>', 'maturity is measured back 60 days from this date')
    .requiredOption('--out <dir>', 'where the report files go')
    .option('--reference <file>', 'a CSV of week_start, denial_rate to match against')
    .option('--include-benefits-exhausted', 'count B lines as denials (non-default; the report says so)')
    .option('--json', 'print the report as JSON')
    .action(async (flags: DenialRateFlags) => {
      setExit(
        await runAction(io, async (ctx) => {
          const lineFiles = flags.lines ?? [];
          if (lineFiles.length > 0 === Boolean(flags.fromRemits)) {
            throw new ReclaimError('VALIDATION_FAILED', 'give either --lines FILE… or --from-remits');
          }
          const db = await ctx.db();
          // Loads the files, then the report service `GET /reports/denial-rate` calls, whose
          // schema checks --as-of (as `asOf`) and the rest.
          const { report, written, inputs } = await runDenialRate(db, ctx.config.tenant, {
            lineFiles,
            fromRemits: Boolean(flags.fromRemits),
            asOf: flags.asOf,
            includeBenefitsExhausted: Boolean(flags.includeBenefitsExhausted),
            referenceFile: flags.reference,
            outDir: flags.out,
          });
          for (const input of inputs) {
            if (input.recordsQuarantined > 0) {
              io.err(
                `reclaim: ${input.file}: ${input.recordsQuarantined} records quarantined (${input.firstProblems.join('; ')})`,
              );
            }
          }
          if (flags.json) {
            io.out(JSON.stringify(report));
            return;
          }
          const s = report.summary;
          io.out(
            [
              `denial rate ${rate6(s.denialRate)} over ${s.completeWeeks} complete weeks (as of ${report.asOf}, cutoff ${report.maturityCutoff})`,
              `lines ${s.totalLines}: complete weeks ${s.linesInCompleteWeeks}, incomplete/immature ${s.excludedIncompleteWeekLines}, no service date ${s.noServiceDateLines}`,
              `leakage overlaps: ${report.leakage.map((l) => l.count).join(', ')}` +
                (report.reference
                  ? ` · reference max abs diff ${report.reference.maxAbsDiff.toFixed(6)}`
                  : ''),
              ...written.map((p) => `wrote ${p}`),
            ].join('\n'),
          );
        }),
      );
    });
};
