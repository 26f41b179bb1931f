import type { Db } from '../db/db.js';
import { realisedRecovery } from '../correction/success-rate.repository.js';
import { csv, writeOutputs } from '../kpi/output.js';
import { buildBrief, type Brief } from './brief.js';
import { renderBriefHtml } from './brief-html.js';
import { renderBriefMarkdown } from './brief-markdown.js';
import { EXPORT_FILES, renderExports } from './exports.js';
import { workqueueFromCsv } from './from-csv.js';
import { workqueueFromDatabase } from './from-database.js';
import { weekStart } from './weeks.js';

export interface RecoveryRequest {
  readonly outDir: string;
  readonly workqueueSize: number;
  readonly week: string | undefined;
  /** A CSV export of a workqueue mart; when absent, our own denials are read. */
  readonly fromCsv: string | undefined;
}

/** The weekly recovery prioritisation: reads the workqueue, ranks, compares weeks, writes everything. */
export async function runRecovery(
  db: () => Promise<Db>,
  tenant: string,
  req: RecoveryRequest,
): Promise<{ brief: Brief; written: string[] }> {
  // Our own week keys are ISO weeks; a mart's keys are whatever it uses, compared as text.
  if (req.week !== undefined && req.fromCsv === undefined) weekStart(req.week);
  const input = req.fromCsv
    ? await workqueueFromCsv(req.fromCsv, req.week)
    : await workqueueFromDatabase(await db(), tenant, req.week);
  const brief = buildBrief(input, req.workqueueSize);
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
