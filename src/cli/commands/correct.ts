import { writeFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { z } from 'zod';
import type { BulkDryRun, ExecuteResult } from '../../api/schemas/auto-correction.js';
import { cliActor } from '../../audit/audit.service.js';
import { bulkCorrect } from '../../correction/bulk.service.js';
import { BULK_JOB_KIND } from '../../correction/bulk-job.js';
import { bulkJobSummary, type BulkJobSummary } from '../../correction/bulk-summary.js';
import { writeClaims837 } from '../../correction/claim-837.js';
import { executeCorrection } from '../../correction/correction.service.js';
import { findRebilledClaimsOf } from '../../correction/corrected-claim.repository.js';
import { envelopeFor } from '../../correction/envelope.js';
import type { Db } from '../../db/db.js';
import { findJob, findUnfinishedJobsOf, type JobRow } from '../../jobs/job.repository.js';
import { workJobToEnd } from '../../jobs/work-job.js';
import { ReclaimError } from '../../errors.js';
import { natsPublisher, relayOutbox } from '../../events/relay.js';
import type { Config } from '../../config/config.js';
import { parseFlags } from '../flags.js';
import { runAction, type Io } from '../context.js';
import type { RegisterCommand } from './command.js';

const flags = z
  .object({
    denial: z.coerce.number().int().positive().optional(),
    all: z.boolean().optional(),
    // Checked by the bulk service's schema (as `filter.carc`), the one the HTTP body goes through.
    carc: z.string().optional(),
    dryRun: z.boolean().optional(),
    resume: z.boolean().optional(),
    forceRetry: z.boolean().optional(),
    batchSize: z.coerce.number().int().min(1).max(50_000).default(1000),
    staleAfter: z.coerce.number().int().min(0).optional(),
    org: z.string().min(1).optional(),
    correlationId: z.string().min(1).optional(),
    out: z.string().min(1).optional(),
    json: z.boolean().optional(),
  })
  .refine((f) => (f.denial === undefined) !== !f.all, { message: 'give exactly one of --denial ID or --all' })
  .refine((f) => f.all || (!f.carc && !f.dryRun && !f.resume && f.staleAfter === undefined), {
    message: '--carc, --dry-run, --resume and --stale-after go with --all',
  })
  .refine((f) => !f.resume || (!f.carc && !f.dryRun && !f.forceRetry && f.staleAfter === undefined), {
    message:
      '--resume finishes jobs as they were queued: no --carc, --dry-run, --force-retry or --stale-after',
  });

export const registerCorrect: RegisterCommand = (program, io, setExit) => {
  program
    .command('correct')
    .description('run the auto-correction engine on one denial (--denial) or on every open one (--all)')
    .option('--denial <id>', 'one denial (the manual trigger)')
    .option('--all', 'every open denial with a code some handler covers')
    .option('--carc <code>', "with --all: only handlers and denials for this code, e.g. 'CO-4'")
    .option('--dry-run', 'with --all: decide and count, write nothing')
    .option('--resume', "with --all: finish the tenant's unfinished bulk jobs (a command that died) instead")
    .option('--force-retry', 're-run handlers whose live attempt SKIPPED (a SUCCESS is never repeated)')
    .option('--batch-size <n>', 'denials per transaction with --all', '1000')
    .option(
      '--stale-after <seconds>',
      'with --all: take over PENDING attempts older than this (default: 600)',
    )
    .option('--org <id>', 'organisation id carried on events')
    .option('--correlation-id <id>', 'correlation id carried on attempts and events (default: a new one)')
    .option('--out <file.837>', 'write the corrected claims as an 837P file')
    .option('--json', 'print a machine-readable result')
    .action(async (raw: Record<string, unknown>) => {
      setExit(
        await runAction(io, async (ctx) => {
          const f = parseFlags('correct', flags, raw);
          const db = await ctx.db();
          const envelope = envelopeFor(ctx.config.tenant, { orgId: f.org, correlationId: f.correlationId });
          const actor = cliActor();
          if (f.denial !== undefined) {
            // The manual trigger is the same service the HTTP route calls (its input schema, audit
            // and 409s); only the stale-claim takeover stays a CLI knob of the bulk path.
            const result = await executeCorrection(
              db,
              ctx.config.tenant,
              {
                denialId: f.denial,
                forceRetry: f.forceRetry ?? false,
                orgId: f.org,
                correlationId: envelope.correlationId,
              },
              actor,
            );
            await writeOut(db, ctx.config, f.out, uniqueRebilled(result.outcomes));
            const relayed = await relay(db, ctx.config);
            if (f.json) io.out(JSON.stringify({ ...result, relayed }));
            else printDenial(io, result);
            return;
          }
          if (f.resume) {
            const summaries: BulkJobSummary[] = [];
            for (const job of await findUnfinishedJobsOf(db, ctx.config.tenant, BULK_JOB_KIND))
              summaries.push(await workToEnd(db, io, f, job));
            const claims = await Promise.all(summaries.map((s) => rebilledIn(db, s.correlationId)));
            if (f.out) await writeOut(db, ctx.config, f.out, [...new Set(claims.flat())]);
            const relayed = await relay(db, ctx.config);
            if (f.json) io.out(JSON.stringify({ resumed: summaries, relayed }));
            else if (summaries.length === 0) io.out('no unfinished bulk job');
            else for (const s of summaries) printSummary(io, s);
            return;
          }
          // `--all` is the bulk service the HTTP route calls: the open denials (of one code, whose
          // handlers alone run) as a cohort. A dry run is its projection; otherwise its job is
          // queued and worked here to the end, as a `serve` process would (and would finish, if
          // this process died).
          const out = await bulkCorrect(
            db,
            ctx.config.tenant,
            {
              // Every open item: denials and patient shares (the PatientLiabilityHandler's).
              filter: { kind: 'any', status: 'OPEN', ...(f.carc !== undefined ? { carc: f.carc } : {}) },
              dryRun: f.dryRun ?? false,
              forceRetry: f.forceRetry ?? false,
              // As the sweep did: a rerun passes over denials whose handlers have all answered.
              withWorkLeft: true,
              orgId: f.org,
              correlationId: envelope.correlationId,
            },
            actor,
            f.staleAfter !== undefined ? { staleAfterMs: f.staleAfter * 1000 } : {},
          );
          if (out.dryRun) {
            if (f.json) io.out(JSON.stringify(out.result));
            else printProjection(io, out.result);
            return;
          }
          const summary = await workToEnd(db, io, f, (await findJob(db, ctx.config.tenant, out.job.id))!);
          if (f.out) await writeOut(db, ctx.config, f.out, await rebilledIn(db, summary.correlationId));
          const relayed = await relay(db, ctx.config);
          if (f.json) io.out(JSON.stringify({ ...summary, relayed }));
          else printSummary(io, summary);
        }),
      );
    });
};

/** Works a bulk job to the end in this process, with a progress bar on a terminal; its summary. */
async function workToEnd(
  db: Db,
  io: Io,
  f: { batchSize: number; json?: boolean | undefined },
  job: JobRow,
): Promise<BulkJobSummary> {
  const bar = io.isTty && !f.json ? progressBar(job.total) : undefined;
  let done = job.done;
  bar?.update(done);
  await workJobToEnd(db, job, {
    batchSize: f.batchSize,
    onBatch: (n) => bar?.update(Math.min((done += n), job.total)),
  });
  bar?.stop();
  return bulkJobSummary(db, job.tenantId, job.id);
}

/** One line: outcomes of a bulk run. */
export function correctionSummary(s: {
  denials: number;
  attempts: { SUCCESS: number; FAILED: number; SKIPPED: number };
  rebilledClaims: number;
  events: number;
}): string {
  return `${s.denials} denials, SUCCESS ${s.attempts.SUCCESS} SKIPPED ${s.attempts.SKIPPED} FAILED ${s.attempts.FAILED}, ${s.rebilledClaims} corrected claims, ${s.events} events`;
}

function uniqueRebilled(outcomes: readonly { rebilledClaimId: number | null }[]): number[] {
  return [...new Set(outcomes.flatMap((o) => (o.rebilledClaimId !== null ? [o.rebilledClaimId] : [])))];
}

/** The corrected claims a run made (its correlation id), for `--out`. */
const rebilledIn = (db: Db, correlationId: string): Promise<number[]> =>
  findRebilledClaimsOf(db, correlationId);

async function writeOut(db: Db, config: Config, out: string | undefined, claimIds: number[]): Promise<void> {
  if (!out || claimIds.length === 0) return;
  const text = await writeClaims837(db, config.tenant, claimIds);
  try {
    writeFileSync(out, text);
  } catch (error) {
    throw new ReclaimError(
      'OUTPUT_NOT_WRITABLE',
      `cannot write ${out}: ${(error as Error).message}`,
      { file: out },
      { cause: error },
    );
  }
}

/** With NATS_URL set, the outbox leaves for JetStream as soon as the run has committed it. */
async function relay(db: Db, config: Config): Promise<number> {
  if (!config.natsUrl) return 0;
  const publisher = await natsPublisher(config.natsUrl);
  try {
    return await relayOutbox(db, publisher);
  } finally {
    await publisher.close();
  }
}

function printDenial(io: Io, result: ExecuteResult): void {
  io.out(`denial ${result.denialId}: ${result.anySuccess ? 'corrected' : 'nothing corrected'}`);
  for (const o of result.outcomes) {
    const parts = [
      o.status,
      o.strategy,
      o.reason,
      o.rebilledClaimId !== null ? `rebilled claim ${o.rebilledClaimId}` : null,
    ];
    const attempt =
      o.attemptId === null
        ? `no new attempt (prior ${o.priorAttempt?.status ?? 'in progress'})`
        : `attempt ${o.attemptId}`;
    io.out(`  ${o.handlerName} [${o.carcCode}] ${parts.filter(Boolean).join(' · ')} — ${attempt}`);
  }
}

/** Counts by outcome, handler and skip reason: a job's (read back), or a dry run's projection. */
function printCounts(
  io: Io,
  s: Pick<BulkJobSummary, 'denials' | 'attempts' | 'byHandler' | 'bySkipReason'>,
  prefix: string,
): void {
  io.out(
    `${prefix}${s.denials} denials, ${s.attempts.SUCCESS + s.attempts.SKIPPED + s.attempts.FAILED} handler runs`,
  );
  io.out(`  SUCCESS ${s.attempts.SUCCESS}   SKIPPED ${s.attempts.SKIPPED}   FAILED ${s.attempts.FAILED}`);
  for (const [name, t] of Object.entries(s.byHandler)) {
    io.out(`  ${name.padEnd(26)} SUCCESS ${t.SUCCESS}  SKIPPED ${t.SKIPPED}  FAILED ${t.FAILED}`);
  }
  for (const [reason, n] of Object.entries(s.bySkipReason)) io.out(`  skipped: ${reason} ${n}`);
}

function printSummary(io: Io, s: BulkJobSummary): void {
  printCounts(io, s, '');
  io.out(
    `  recovered ${money(s.recoveredAmountCents)} · ${s.rebilledClaims} corrected claims · ${s.events} events`,
  );
}

function printProjection(io: Io, p: BulkDryRun): void {
  printCounts(io, p, 'dry run: ');
  io.out(`  projected recovery ${money(p.projectedRecovery.cents)}`);
}

function progressBar(total: number): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar(
    {
      format: 'correcting [{bar}] {percentage}% | {value}/{total} denials | {eta}s',
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}

/** Cents as dollars for display, without going through a float. */
export function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
