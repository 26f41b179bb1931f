import { exitCode, ReclaimError } from '../../errors.js';
import { fingerprint, ingestX12File, type X12IngestResult } from '../../ingest/x12/ingest-x12.js';
import { requireInputFile } from '../../io/input-file.js';
import { log } from '../../log.js';
import { looksLikeX12 } from '../../x12/detect.js';
import { runAction, type CommandContext, type Io } from '../context.js';
import type { RegisterCommand } from './command.js';

interface IngestOptions {
  source: string;
  json?: boolean;
  autoCorrect?: boolean;
}

export const registerIngest: RegisterCommand = (program, io, setExit) => {
  program
    .command('ingest')
    .description(
      'store X12 835 remittances and 837 claims (detected by content); the same file or payment twice adds nothing',
    )
    .argument('<files...>', 'X12 files')
    .option('--source <name>', 'source system recorded as provenance', 'x12')
    .option('--json', 'print a machine-readable result per file')
    .option('--auto-correct', 'run the auto-correction engine on the denials each file created')
    .action(async (files: string[], opts: IngestOptions) => {
      setExit(await runAction(io, (ctx) => ingestFiles(io, files, opts, ctx)));
    });
};

async function ingestFiles(io: Io, files: readonly string[], opts: IngestOptions, ctx: CommandContext) {
  for (const file of files) {
    requireInputFile(file, { regular: true });
  }
  // The first file is read for its checksum while the database opens: a file ingested before
  // (the checksum is all it needs) then costs little more than opening.
  const first = files.length > 0 ? fingerprint(files[0]!) : undefined;
  first?.catch(() => undefined);
  // On its own thread the database (or the server's connection) loads one batch while the next
  // is read.
  const db = await ctx.db({ embeddedThread: true, serverThread: true });
  let failure: ReclaimError | undefined;
  const results: X12IngestResult[] = [];
  for (const file of files) {
    try {
      if (!(await looksLikeX12(file))) {
        throw new ReclaimError(
          'INPUT_INVALID',
          `${file}: not an X12 file (EMR exports are read by 'reclaim run')`,
          { file },
        );
      }
      const result = await db.transaction((tx) =>
        ingestX12File(tx, file, {
          tenantId: ctx.config.tenant,
          sourceSystem: opts.source,
          ...(file === files[0] && first ? { fingerprint: first } : {}),
        }),
      );
      log.info(
        {
          fileId: result.fileId,
          status: result.status,
          claims: result.read?.remitClaims,
          denials: result.inserted?.denials,
        },
        'x12 ingested',
      );
      results.push(result);
      // The correction modules (and the event relay they load) only when asked for: loading them
      // cost every ingest about a tenth of a second of start-up.
      const corrected =
        opts.autoCorrect && result.status === 'ingested'
          ? await (
              await import('../../correction/auto-correct.js')
            ).autoCorrectIngested(db, ctx.config.tenant, result.fileId)
          : undefined;
      if (opts.json) io.out(JSON.stringify(corrected ? { ...result, autoCorrection: corrected } : result));
      else if (!corrected) io.out(summary(result));
      else {
        const { correctionSummary } = await import('./correct.js');
        io.out(`${summary(result)}; auto-correction: ${correctionSummary(corrected)}`);
      }
    } catch (error) {
      if (!(error instanceof ReclaimError)) throw error;
      // One bad file does not stop the others; each file is all or nothing on its own.
      io.err(`reclaim: ${error.message}`);
      failure ??= error;
    }
  }
  return failure ? exitCode(failure.code) : 0;
}

function summary(r: X12IngestResult): string {
  if (r.status === 'already-ingested') return `${r.file}: already ingested (file ${r.fileId}); nothing added`;
  const read = r.read;
  const ins = r.inserted;
  if (!read || !ins) return `${r.file}: ingested`;
  const parts = [`${r.file} (${r.format}, file ${r.fileId}):`];
  if (read.remittances > 0) {
    parts.push(
      `${read.remittances} payments (${ins.remittances} new), ${read.remitClaims} claim payments (${ins.remitClaims} new,`,
      `${read.remitClaims - ins.remitClaims} already posted), ${ins.adjustments} adjustments, ${ins.remarks} remarks,`,
      `${ins.denials} denials`,
    );
  }
  if (read.claims > 0) {
    parts.push(
      `${read.claims} claims (${ins.claims} new), ${ins.submissions} submissions, ${ins.cobLinks} COB links`,
    );
  }
  for (const j of r.rejected) parts.push(`rejected: ${j.message} (noticed at segment ${j.segment});`);
  if (r.rejectedClaims > 0) parts.push(`${r.rejectedClaims} claims not kept;`);
  parts.push(`${read.warnings} data-quality warnings`);
  return parts.join(' ');
}
