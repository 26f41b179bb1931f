import type { Db } from '../db/db.js';
import { validInput } from '../input.js';
import { realisedRecovery } from '../correction/success-rate.repository.js';
import { csv, writeOutputs } from '../kpi/output.js';
import type { Brief } from './brief.js';
import { martBrief, weeklyBrief } from './brief.service.js';
import { renderBriefHtml } from './brief-html.js';
import { renderBriefMarkdown } from './brief-markdown.js';
import { EXPORT_FILES, renderExports } from './exports.js';
import { RecoveryInput } from './recovery-input.js';

export interface RecoveryRequest {
  readonly outDir: string;
  /** Rows of the workqueue; the brief's default (25) when absent. */
  readonly workqueueSize: number | string | undefined;
  readonly week: string | undefined;
  /** A CSV export of a workqueue mart; when absent, our own denials are read. */
  readonly fromCsv: string | undefined;
}

/**
 * `reclaim recovery`: the week's brief from the recovery service the brief routes call (or, with
 * `fromCsv`, from a mart's export), written as the exports, the brief in Markdown and HTML, and
 * what corrections and appeals actually brought back.
 */
export async function runRecovery(
  db: () => Promise<Db>,
  tenant: string,
  req: RecoveryRequest,
): Promise<{ brief: Brief; written: string[] }> {
  const raw = { week: req.week, workqueueSize: req.workqueueSize };
  // Checked before the database is opened (the services check again, whoever calls them).
  const brief = req.fromCsv
    ? await martBrief({ ...raw, file: req.fromCsv })
    : await weeklyBrief(await db(), tenant, validInput(RecoveryInput, raw));
  // What corrections and appeals actually brought back, from our own attempts (not in a mart CSV).
  const realised: Record<string, string> = {};
  if (!req.fromCsv) realised[REALISED_FILE] = realisedCsv(await realisedRecovery(await db(), tenant));
  const written = writeOutputs(req.outDir, {
    ...renderExports(brief),
    ...realised,
    [EXPORT_FILES.briefMarkdown]: renderBriefMarkdown(brief),
    [EXPORT_FILES.briefHtml]: renderBriefHtml(brief),
  });
  return { brief, written };
}

/** Realised recovery per handler × CARC × payer (docs/recovery.md, "Realised recovery"). */
export const REALISED_FILE = 'denials_recovery_realised_v1.csv';

function realisedCsv(rows: Awaited<ReturnType<typeof realisedRecovery>>): string {
  return csv(
    ['handler', 'carc_code', 'payer', 'successes', 'paid', 'denied_again', 'projected_amount_cents',
      'realised_amount_cents', 'avg_days_to_cash'], // prettier-ignore
    rows.map((r) => [
      r.handler, r.carcCode, r.payer, r.successes, r.paid, r.deniedAgain, r.projectedAmountCents,
      r.realisedAmountCents, r.averageDaysToCash,
    ]), // prettier-ignore
  );
}
