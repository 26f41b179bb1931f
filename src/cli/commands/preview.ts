import { z } from 'zod';
import { envelopeFor } from '../../correction/envelope.js';
import { previewDenial, type DenialPreview } from '../../correction/preview.js';
import { parseFlags } from '../flags.js';
import { runAction, type Io } from '../context.js';
import type { RegisterCommand } from './command.js';

const flags = z.object({ denial: z.coerce.number().int().positive(), json: z.boolean().optional() });

export const registerPreview: RegisterCommand = (program, io, setExit) => {
  program
    .command('preview')
    .description(
      'show what auto-correction would do to a denial and the corrected-claim diff, writing nothing',
    )
    .requiredOption('--denial <id>', 'the denial')
    .option('--json', 'print a machine-readable result')
    .action(async (raw: Record<string, unknown>) => {
      setExit(
        await runAction(io, async (ctx) => {
          const flagValues = parseFlags('preview', flags, raw);
          const preview = await previewDenial(await ctx.db(), flagValues.denial, {
            envelope: envelopeFor(ctx.config.tenant),
          });
          if (flagValues.json) io.out(JSON.stringify(preview));
          else print(io, preview);
        }),
      );
    });
};

function print(io: Io, p: DenialPreview): void {
  io.out(`denial ${p.denialId} (claim ${p.claimId ?? 'not on file'}) — preview, nothing written`);
  for (const h of p.handlers) {
    const prior = h.priorAttempt
      ? ` (prior attempt ${h.priorAttempt.attemptId} ${h.priorAttempt.status}: a run would skip)`
      : '';
    io.out(
      `  ${h.handlerName} [${h.carcCode}] → ${h.action}${h.strategy ? ` ${h.strategy}` : ''}${h.reason ? ` (${h.reason})` : ''}${prior}`,
    );
  }
  if (!p.correctedClaim) {
    io.out('  no corrected claim');
    return;
  }
  for (const [field, [before, after]] of Object.entries(p.correctedClaim.diff.fields)) {
    io.out(`  ${field.padEnd(8)} ${before ?? '—'} → ${after ?? '—'}`);
  }
  for (const m of p.correctedClaim.diff.modifiers) {
    io.out(
      `  line ${m.lineNumber} ${m.procedureCode} modifiers [${m.before.join(',')}] → [${m.after.join(',')}]`,
    );
  }
}
