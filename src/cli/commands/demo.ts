import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { seedDemoDenials } from '../../correction/demo-data.repository.js';
import { ReclaimError } from '../../errors.js';
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

const corpusFlags = z.object({
  claims: z.coerce.number().int().min(1).max(10_000_000),
  out: z.string().min(1),
  seed: z.coerce.number().int().min(0).max(999_999).default(1),
  start: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a date')
    .default('2025-01-06'),
  json: z.boolean().optional(),
});

export const registerDemo: RegisterCommand = (program, io, setExit) => {
  const demo = program.command('demo').description('demonstration data');
  demo
    .command('corpus')
    .description(
      'write the open corpus: 837P claims, their 835s, reference files, follow-up 835s and a manifest of expected outcomes (docs/corpus.md)',
    )
    .requiredOption('--claims <n>', 'how many claims')
    .requiredOption('--out <dir>', 'directory to write (837/, 835/, followup/, reference/, manifest.json)')
    .option('--seed <n>', 'seed: the same seed writes the same bytes', '1')
    .option('--start <YYYY-MM-DD>', 'first date of service', '2025-01-06')
    .option('--json', 'print a machine-readable result')
    .action(async (raw: Record<string, unknown>) => {
      setExit(
        await runAction(
          io,
          async () => {
            const f = parseFlags('demo corpus', corpusFlags, raw);
            const { generateCorpus } = await import('../../corpus/generate.js');
            const manifest = await generateCorpus(f.out, f).catch((error: unknown) => {
              throw new ReclaimError(
                'OUTPUT_NOT_WRITABLE',
                `demo corpus: cannot write ${f.out}`,
                {},
                { cause: error },
              );
            });
            const summary = {
              out: f.out,
              seed: f.seed,
              claims: manifest.counts.claims837,
              remitClaims: manifest.counts.remitClaims,
              followUpClaims: manifest.counts.followUpClaims,
              denials: manifest.counts.denials,
              files: Object.values(manifest.files).reduce((n, list) => n + list.length, 0),
            };
            if (f.json) io.out(JSON.stringify(summary));
            else
              io.out(
                `${summary.claims} claims, ${summary.remitClaims} claim payments, ${summary.denials} denials, ${summary.followUpClaims} follow-up claim payments in ${summary.files} files under ${f.out}`,
              );
          },
          { config: false },
        ),
      );
    });
  demo
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
