import type { Db } from '../db/db.js';
import { writeOutputs } from '../kpi/output.js';
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
  const written = writeOutputs(req.outDir, {
    ...renderExports(brief),
    [EXPORT_FILES.briefMarkdown]: renderBriefMarkdown(brief),
    [EXPORT_FILES.briefHtml]: renderBriefHtml(brief),
  });
  return { brief, written };
}
